import type { Formats, LocalizedName } from "../format.js";

// Messages shown beside a form field, in English.
export const fields = {
  required: "Required.",
  unknownAgent: "Unknown agent.",
  unknownTeam: "Unknown team.",
  unknownPipeline: "Unknown pipeline.",
  unknownStatus: "Unknown status.",
  unknownPriority: "Unknown priority.",
  unknownQueue: "Unknown queue.",
  notInTicketTeam: "Not in the ticket's team.",
  agentNotInTicketTeam: (p: { agent: string }) => `${p.agent} is not in the ticket's team.`,
  notYourTeam: "Not your team.",
  ownerNotInTeam: (p: { owner: string }) => `${p.owner} is not in this team.`,
  agentNotInTeam: (p: { owner: string; team: LocalizedName | string }, f: Formats) => `${p.owner} is not in ${f.name(p.team)}.`,
  notEmailAddress: "Not an email address.",
  notEmailAddresses: (p: { items: readonly string[] }, _f: Formats) => `Not an email address: ${p.items.map((a) => `"${a}"`).join(", ")}.`,
  pickAnotherTicket: "Pick another ticket.",
  pickAnotherPipeline: "Pick another pipeline.",
  pickAnotherStatus: "Pick another status.",
  pickAgent: "Pick an agent.",
  pickAnotherAgent: "Pick another agent.",
  mentionAmbiguous: (p: { handle: string }) => `@${p.handle} is ambiguous.`,
  requesterOrCc: "Requester or cc.",
  onlyThisTicketsMessages: "Only this ticket's messages can be split off.",
  leaveOneMessage: "Leave at least one message.",
  atMostCharacters: (p: { max: number }, _f: Formats) => `At most ${p.max} characters.`,
  atLeastOne: "At least 1.",
  notWithThisQueue: "Not with this queue.",
  invalidCursor: "Not a valid cursor.",
  notMessageOfTicket: "Not a message of this ticket.",
  copiesByEmailOnly: "Copies go by email only.",
  snippetName: "One word of letters, digits, - _ or ., at most 50 characters.",
  notKeyValuePairs: "Not key=value pairs.",
  propertyUnknown: (p: { name: string }) => `There is no ticket property "${p.name}".`,
  propertyNotNumber: (p: { property: LocalizedName }, f: Formats) => `${f.name(p.property)} must be a number.`,
  propertyNotBoolean: (p: { property: LocalizedName }, f: Formats) => `${f.name(p.property)} must be yes or no.`,
  propertyNotOption: (p: { property: LocalizedName; items: readonly string[] }, f: Formats) =>
    `${f.name(p.property)} must be one of: ${p.items.join(", ")}.`,
  propertyNotDate: (p: { property: LocalizedName }, f: Formats) => `${f.name(p.property)} must be a date (YYYY-MM-DD).`,
  /** `property`: a custom property's labels, or the id of a built-in field (owner, team, contact). */
  requiredForStatus: (p: { property: LocalizedName | string; status: LocalizedName }, f: Formats) =>
    `${f.name(p.property)} is required for ${f.name(p.status)}.`,
  statusRequires: (p: { status: LocalizedName; property: LocalizedName | string }, f: Formats) =>
    `${f.name(p.status)} requires ${f.name(p.property)}.`,
} as const;
