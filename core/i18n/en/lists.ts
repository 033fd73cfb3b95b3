import type { Formats } from "../format.js";

// What the chat surfaces say when they list tickets (queue, find, show) and in /ticket help, in English.
export const lists = {
  /** `typed`: the word the agent typed for the queue (Slack), shown as typed in English. */
  queueTitle: (p: { name: string; typed?: string }) => `Queue: ${p.typed ?? p.name}`,
  matching: (p: { text: string }) => `Tickets matching “${p.text}”`,
  noSuchQueueSlack: (p: { typed: string }) => `There is no queue "${p.typed}": try mine, unassigned, team, all, auto or breaching.`,
  noSuchQueueDiscord: (p: { typed: string }) =>
    `There is no queue “${p.typed}”: choose mine, unassigned, team, all open, auto or breaching soon.`,
  // Refusals of a queue's order and of the breaching-soon window (core/tickets/list-tickets.ts).
  sortUnknown: (p: { sort: string }) => `There is no order “${p.sort}”: use created or sla_due.`,
  searchQueueUnknown: (p: { queue: string }) =>
    `A search cannot be narrowed to the queue “${p.queue}”: use mine, unassigned, team or all_open.`,
  breachingSortedByDue: "The breaching-soon queue is always in order of SLA due time.",
  dueWithinInvalid: "The breaching-soon window must be a whole number of minutes from 0 to 525,600 (a year).",
  /** A listed ticket's next SLA due time; `when` is a chat date token (each viewer's zone). */
  slaDue: (p: { when: string }) => `SLA due ${p.when}`,
  /** The order picker of Slack's App Home. */
  sortPlaceholder: "Order",
  sortCreated: "Oldest first",
  sortSlaDue: "SLA due first",
  emptyTitled: (p: { title: string }) => `${p.title}: nothing here.`,
  nothingHere: "Nothing here.",
  ticketCount: (p: { title: string; count: number }, f: Formats) =>
    `${p.title}: ${f.plural(p.count, { one: "# ticket", other: "# tickets" })}`,
  moreSlack: "More tickets than fit here; narrow it down with `/ticket find`.",
  moreDiscord: "More tickets than fit here: narrow it down with /ticket find.",
  unassigned: "unassigned",
  noEmail: "no email",
  system: "System",
  someone: "someone",
  empty: "(empty)",
  followers: "Followers",
  kindInbound: "Customer",
  kindReply: "Reply",
  kindComment: "Note",
  kindSystem: "System",
  /** The line under a ticket on Slack; `team` null for everyone. */
  detailSlack: (p: { requester: string; team: string | null; pipeline: string; followers: readonly string[] }, _f: Formats) =>
    `Requester: ${p.requester} · Team: ${p.team ?? "everyone"} · Pipeline: ${p.pipeline}${p.followers.length ? ` · Followers: ${p.followers.join(", ")}` : ""}`,
  messageCount: (p: { count: number }, f: Formats) => f.plural(p.count, { one: "# message", other: "# messages" }),
  olderSlack: (p: { count: number }, f: Formats) =>
    `${f.plural(p.count, { one: "# older message is", other: "# older messages are" })} not shown.`,
  olderDiscord: (p: { count: number }, f: Formats) =>
    `${f.plural(p.count, { one: "# older message is", other: "# older messages are" })} not shown; the ticket's forum post has them all.`,
  helpTitleSlack: "*/ticket* — work help desk tickets from Slack",
  helpSelf: "This list.",
} as const;
