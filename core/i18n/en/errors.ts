import type { Formats, LocalizedName } from "../format.js";
import { fields } from "./fields.js";

// The core's refusals (HelpdeskError), in English. Each name says what went wrong.
export const errors = {
  agentsOnly: "Only help desk agents can do that.",
  ticketNotFound: (p: { id: number }) => `Ticket #${p.id} was not found.`,
  ticketDeleted: (p: { id: number }) => `Ticket #${p.id} was deleted.`,
  ticketMerged: (p: { id: number; into: number }) => `Ticket #${p.id} was merged into #${p.into}; work on #${p.into} instead.`,
  alreadyOwn: (p: { id: number }) => `You already own #${p.id}.`,
  claimedBy: (p: { id: number; owner: string }) => `#${p.id} is already claimed by ${p.owner}.`,
  claimedByOther: (p: { id: number }) => `#${p.id} is already claimed by another agent.`,
  notAssigned: (p: { id: number }) => `#${p.id} is not assigned to anyone.`,
  ownedBy: (p: { id: number; owner: string | null }) =>
    `#${p.id} is owned by ${p.owner ?? "another agent"}; only they or an admin can release it.`,
  agentUnknown: (p: { agent: string }) => `There is no agent "${p.agent}".`,
  agentNotInTicketTeam: (p: { agent: string }) => `${p.agent} is not in this ticket's team.`,
  notEmailAddress: (p: { email: string }) => `"${p.email}" is not an email address.`,
  chatRequesterNeedsUserId: "A chat requester needs a user id.",
  priorityUnknown: (p: { priority: string }) => `"${p.priority}" is not a priority.`,
  priorityNotOneOf: (p: { items: readonly string[] }, _f: Formats) => `Priority must be one of: ${p.items.join(", ")}.`,
  senderEmailNeeded: "A new ticket needs the sender's email address.",
  teamUnknown: (p: { team: string }) => `There is no team "${p.team}".`,
  /** `team`: the team's names, or its id where that is what is shown. */
  notInTeam: (p: { team: LocalizedName | string }, f: Formats) => `You are not in team ${f.name(p.team)}.`,
  ownerNotInTeam: (p: { owner: string; id: number; team: LocalizedName }, f: Formats) =>
    `${p.owner} owns #${p.id} but is not in team ${f.name(p.team)}; reassign or release it first.`,
  ownerCannotOwn: (p: { owner: string; team: LocalizedName | string }, f: Formats) =>
    `${p.owner} is not in team ${f.name(p.team)}, so cannot own this ticket.`,
  pipelineUnknown: (p: { pipeline: string }) => `There is no pipeline "${p.pipeline}".`,
  alreadyInPipeline: (p: { id: number; pipeline: LocalizedName }, f: Formats) =>
    `#${p.id} is already in ${f.name(p.pipeline)}; change its status instead.`,
  /** `names`: the ids of the pipeline's statuses. */
  statusUnknown: (p: { pipeline: LocalizedName; status: string; names: readonly string[] }, f: Formats) =>
    `Pipeline ${f.name(p.pipeline)} has no status "${p.status}" (it has: ${p.names.join(", ")}).`,
  /** `names`: the missing fields, each a custom property's labels or a built-in field's id. */
  statusNeedsFields: (p: { status: LocalizedName; names: readonly (LocalizedName | string)[] }, f: Formats) =>
    `To set ${f.name(p.status)}, fill in: ${p.names.map((n) => f.name(n)).join(", ")}.`,
  statusRequiresFields: (p: { id: number; status: LocalizedName; names: readonly (LocalizedName | string)[] }, f: Formats) =>
    `#${p.id} is ${f.name(p.status)}, which requires ${p.names.map((n) => f.name(n)).join(", ")}; change its status first.`,
  alreadyInStatus: (p: { id: number; status: LocalizedName }, f: Formats) => `#${p.id} is already ${f.name(p.status)}.`,
  noClosedStatus: (p: { pipelineId: string; id: number }) => `Pipeline ${p.pipelineId} has no closed status to close #${p.id} with.`,
  alreadyUnassigned: (p: { id: number }) => `#${p.id} is already unassigned.`,
  alreadyOwnedBy: (p: { id: number; owner: string }) => `#${p.id} is already owned by ${p.owner}.`,
  draftEmpty: "There is nothing in this draft to save; discard it instead.",
  noDraft: (p: { id: number }) => `You have no draft on #${p.id}.`,
  /** `names`: each candidate as "Name (@id)". */
  mentionAmbiguous: (p: { handle: string; names: readonly string[] }, _f: Formats) =>
    `@${p.handle} could mean ${p.names.join(", ")}; mention one of them by id.`,
  mentionUnknownAgent: (p: { agent: string }) => `There is no agent "${p.agent}" to mention.`,
  mentionNotInTeam: (p: { agent: string }) => `${p.agent} cannot see this ticket's team, so they cannot be mentioned on it.`,
  mergeIntoItself: (p: { id: number }) => `#${p.id} cannot be merged into itself.`,
  mergedJustNow: (p: { id: number }) => `#${p.id} was merged by someone else just now.`,
  mergeCycle: (p: { id: number; into: number }) => `#${p.id} is already merged into #${p.into}, so #${p.into} cannot be merged into it.`,
  alreadyMerged: (p: { id: number; into: number }) => `#${p.id} was already merged into #${p.into}.`,
  mergeIntoFinal: (p: { id: number; into: number; final: number }) =>
    `#${p.id} was merged into #${p.into}; merge into #${p.final} instead.`,
  contactRoleUnknown: (p: { role: string }) => `"${p.role}" is not a contact role (requester or cc).`,
  /** `contact`: "Name <email>", else the email or the contact's id. */
  alreadyRequester: (p: { contact: string; id: number }) => `${p.contact} is already the requester of #${p.id}.`,
  alreadyCc: (p: { contact: string; id: number }) => `${p.contact} is already cc on #${p.id}.`,
  requesterNotCc: (p: { contact: string; id: number }) =>
    `${p.contact} is the requester of #${p.id}; make someone else the requester first.`,
  attachmentNotFound: "There is no such attachment.",
  subjectRequired: "A ticket needs a subject.",
  nothingToChange: (p: { id: number }) => `Nothing to change on #${p.id}.`,
  notKeyValuePair: (p: { text: string }) =>
    `“${p.text}” is not a key=value pair; write them like product=web seats=3, with quotes around a value with spaces.`,
  splitNeedsMessage: "Choose at least one message to split off.",
  /** `items`: the ids of the messages that are not the ticket's. */
  notMessagesOfTicket: (p: { id: number; items: readonly string[] }, _f: Formats) => `Not messages of #${p.id}: ${p.items.join(", ")}.`,
  splitLeavesNone: (p: { id: number }) => `At least one message must stay on #${p.id}.`,
  messagesChangedJustNow: (p: { id: number }) => `The messages of #${p.id} changed just now; try again.`,
  searchEmpty: "Type something to search for.",
  searchTooLong: "That search is too long.",
  resultLimitTooSmall: "The number of results must be at least 1.",
  pageSizeInvalid: "The page size must be a whole number of at least 1.",
  queueDecidesOwner: (p: { queue: "mine" | "unassigned" }) => `The ${p.queue} queue already decides the owner.`,
  cursorInvalid: "That page link is not valid; start again from the first page.",
  adminsOnlyRestore: "Only an admin can restore a deleted ticket.",
  notDeleted: (p: { id: number }) => `#${p.id} is not deleted.`,
  deleteNotAllowed: (p: { id: number }) => `Only an admin or the ticket's owner can delete #${p.id}.`,
  deletedJustNow: (p: { id: number }) => `#${p.id} was deleted by someone else just now.`,
  notFollowing: (p: { id: number }) => `You do not follow #${p.id}.`,
  alreadyFollowing: (p: { id: number }) => `You already follow #${p.id}.`,
  /** `items`: each bad address as typed (trimmed) and the list it was in. */
  notEmailAddresses: (p: { items: readonly { address: string; field: "cc" | "bcc" }[] }, _f: Formats) =>
    `These are not email addresses: ${p.items.map((i) => `"${i.address}" (${i.field === "cc" ? "Cc" : "Bcc"})`).join(", ")}.`,
  noRequesterAddress: "This ticket has no requester address to reply to; link a contact first.",
  answeredMessageNotOnTicket: (p: { id: number }) => `The message you are answering is not on #${p.id}.`,
  replyEmpty: "A reply needs some text.",
  copiesNotInChat: (p: { surface: "slack" | "discord" }) =>
    `This reply goes to the customer in ${p.surface === "slack" ? "Slack" : "Discord"}, where there is nobody to copy.`,
  originIncomplete: "A ticket's origin needs its channel and message.",
  messageAlreadyTicket: (p: { id: number }) => `That message is already ticket #${p.id}.`,
  commentEmpty: "A comment needs some text.",
  /** What is wrong, field by field, as the fields beside them say it. */
  snippetInvalid: (p: { badName: boolean; text: "required" | "tooLong" | null; max: number }, f: Formats) =>
    `The snippet is not valid: ${snippetProblems(p, f).join(" ")}`,
  adminsOnlySnippets: "Only help desk admins can add snippets.",
  snippetNameTaken: (p: { name: string }) => `There is already a snippet called "${p.name}".`,
} as const;

/** The field messages a refused snippet names, in the order of its form. */
function snippetProblems(p: { badName: boolean; text: "required" | "tooLong" | null; max: number }, f: Formats): string[] {
  const out: string[] = [];
  if (p.badName) out.push(fields.snippetName);
  if (p.text === "required") out.push(fields.required);
  else if (p.text === "tooLong") out.push(fields.atMostCharacters({ max: p.max }, f));
  return out;
}
