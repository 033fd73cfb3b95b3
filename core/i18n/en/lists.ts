import type { Formats } from "../format.js";

// What the chat surfaces say when they list tickets (queue, find, show) and in /ticket help, in English.
export const lists = {
  /** `typed`: the word the agent typed for the queue (Slack), shown as typed in English. */
  queueTitle: (p: { name: string; typed?: string }) => `Queue: ${p.typed ?? p.name}`,
  matching: (p: { text: string }) => `Tickets matching “${p.text}”`,
  noSuchQueueSlack: (p: { typed: string }) => `There is no queue "${p.typed}": try mine, unassigned, team, all or auto.`,
  noSuchQueueDiscord: (p: { typed: string }) => `There is no queue “${p.typed}”: choose mine, unassigned, team, all open or auto.`,
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
