import type { Formats } from "../format.js";

// What the chat surfaces say around managing a ticket: status, owner, pipeline, follow, delete
// and properties, their forms and the answers to them, in English.
export const manage = {
  // Move
  moveTitle: (p: { id: number }) => `Move #${p.id}`,
  move: "Move",
  toPipeline: "To pipeline",
  choosePipeline: "Choose a pipeline.",
  onlyOnePipeline: "There is only one pipeline.",
  moved: (p: { number: string; pipeline: string; status: string }) => `${p.number} is in ${p.pipeline}, status ${p.status}.`,
  moveFrom: (p: { id: number; pipeline: string }) => `Move #${p.id} from ${p.pipeline} to…`,
  pickPipeline: "Choose a pipeline",
  noOtherPipeline: "There is no other pipeline to move it to.",
  movedTo: (p: { id: number; pipeline: string; status: string }) => `#${p.id} moved to ${p.pipeline} (${p.status}).`,
  // Status
  setStatusTitle: (p: { status: string }) => `Set ${p.status}`,
  setStatus: "Set status",
  yes: "Yes",
  no: "No",
  dateHint: "YYYY-MM-DD",
  requesterHintSlack: "The customer this ticket is for; a new address becomes a contact.",
  requesterHintDiscord: "The requester's email address.",
  ownerHint: "The agent who will own the ticket.",
  teamHint: "Only this team's agents will see the ticket.",
  teamTypeHint: "Type the team's name. Only its agents will see the ticket.",
  typeOneOf: (p: { items: readonly string[] }, _f: Formats) => `Type one of: ${p.items.join(", ")}`,
  typeItsValue: "Type its value.",
  noStatusIn: (p: { pipeline: string; status: string }) => `${p.pipeline} has no status "${p.status}".`,
  /** `status`: as the surface marks it up. */
  statusNow: (p: { number: string; status: string }) => `${p.number} is ${p.status} now.`,
  /** Why the status modal cannot be offered: `team` (no team the agent may choose), `owner` (nobody may own it). */
  statusUnofferable: (p: { status: string; id: number; team: boolean; owner: boolean }) =>
    `To be ${p.status}, #${p.id} needs ${[
      ...(p.team ? ["a team, and you are in no team you could put it in"] : []),
      ...(p.owner ? ["an owner, and no agent can see its team"] : []),
    ].join("; and ")}. Ask an admin or a member of the right team.`,
  /** `status`: marked up; `names`: each field's label (and key), as shown. */
  tooManyFields: (p: { status: string; id: number; count: number; max: number; names: readonly string[] }, f: Formats) =>
    `To set **${p.status}**, #${p.id} still needs ${f.number(p.count)} fields, more than one form can ask for (${f.number(p.max)}): ${p.names.join(", ")}.`,
  setCustomFirst: (p: { status: string; pairs: string }) =>
    `Set the custom ones first with \`/ticket set properties: ${p.pairs}\` (or give them with \`/ticket status\` in its \`properties\` option), then choose **${p.status}** again.`,
  setSomeFirst: (p: { status: string }) =>
    `Set some of them first (\`/ticket assign\`, \`/ticket set\`), then choose **${p.status}** again.`,
  ownerChooseAgent: "Owner: choose someone who is a help desk agent.",
  notAnAgent: "Not an agent.",
  teamChooseOne: "Team: choose one of the teams.",
  // Assign, claim, release
  nameNewOwner: "Name the new owner as an @mention of a help desk agent, `me` or `nobody`.",
  /** `owner`: null when the ticket has none now. */
  ownedOrUnassigned: (p: { number: string; owner: string | null }) =>
    `${p.number} is ${p.owner !== null ? `owned by ${p.owner}` : "unassigned"}.`,
  ownedByNow: (p: { number: string; owner: string }) => `${p.number} is owned by ${p.owner} now.`,
  personNotAgent: "That person is not a help desk agent.",
  personNotAgentChoose: "That person is not a help desk agent; choose an agent.",
  cannotOwn: (p: { name: string }) => `${p.name} is not a help desk agent, so they cannot own tickets.`,
  whoShouldOwn: (p: { id: number }) => `Who should own #${p.id}?`,
  chooseAgent: "Choose an agent",
  /** `owner`: null when the core did not say who. */
  nowOwns: (p: { id: number; owner: string | null }) => (p.owner !== null ? `#${p.id} is now ${p.owner}'s.` : `#${p.id} is now assigned.`),
  youOwn: (p: { number: string }) => `You own ${p.number} now.`,
  released: (p: { number: string }) => `${p.number} is back in the unassigned queue.`,
  // Delete, restore
  deleted: (p: { number: string }) => `${p.number} deleted; an admin can restore it.`,
  deletedFromCard: (p: { id: number }) => `#${p.id} deleted. An admin can restore it from its card.`,
  deleteAsk: (p: { id: number }) => `Delete #${p.id}? It leaves the queues; an admin can restore it from its card.`,
  deleteButton: (p: { id: number }) => `Delete #${p.id}`,
  restored: (p: { number: string }) => `${p.number} restored.`,
  // Follow
  youFollow: (p: { number: string }) => `You follow ${p.number}.`,
  youFollowDm: (p: { number: string }) => `You follow ${p.number}: replies and notes will reach you.`,
  nowFollow: (p: { id: number }) => `You now follow #${p.id}.`,
  nowFollowDm: (p: { id: number }) => `You now follow #${p.id}: you get a DM on its replies and notes.`,
  noLongerFollow: (p: { id: number }) => `You no longer follow #${p.id}.`,
  unfollowed: (p: { number: string }) => `You no longer follow ${p.number}.`,
  // Properties
  notAPriority: (p: { priority: string; items: readonly string[] }, _f: Formats) =>
    `"${p.priority}" is not a priority: ${p.items.join(", ")}.`,
  updated: (p: { number: string }) => `${p.number} updated.`,
  sayWhatToChange: "Say what to change: subject, priority, team or other fields (properties: key=value).",
  /** `team`: null when every agent sees the ticket; `fields`: the custom fields set, as shown. */
  updatedTo: (p: { number: string; priority: Priority; team: string | null; fields: string | null }) =>
    `${p.number} updated: ${inText[p.priority] ?? p.priority} priority, ${p.team ?? "every agent"} can see it.${p.fields ? ` ${p.fields} set.` : ""}`,
} as const;

type Priority = "low" | "medium" | "high" | "urgent";

/** A priority as English writes it inside a sentence. */
const inText: Partial<Record<string, string>> = { low: "low", medium: "medium", high: "high", urgent: "urgent" };
