import type { Formats } from "../format.js";

// Assignment rules and agents' availability as agents read them, in English: the notice in a
// ticket's thread when a rule found nobody, the answers to `/ticket away` and `/ticket back`, and
// the availability line and button of Slack's App Home.
export const assignment = {
  unknownRule: (p: { rule: string }) => `There is no assignment rule "${p.rule}".`,
  // In the ticket's thread (the help desk's language)
  nobodyAvailable: (p: { id: number; rule: string }) =>
    `Nobody could be given #${p.id} by the assignment rule "${p.rule}": everyone in it is away, at capacity or inactive. It stays unassigned; claim it or assign it.`,
  nobodyOutsideHours: (p: { id: number; rule: string }) =>
    `The assignment rule "${p.rule}" gives no tickets outside business hours, so #${p.id} stays unassigned; claim it or assign it.`,
  // `/ticket away`, `/ticket back`; `name` null: the agent who asked
  onlyAdminsForOthers: "Only admins can set another agent away or back.",
  nameAgent: "Name the agent as an @mention of a help desk agent, or leave it out to mean yourself.",
  nowAway: (p: { name: string | null }) =>
    p.name === null
      ? "You are away: assignment rules pass you over until you are back (`/ticket back`). You keep the tickets you own."
      : `${p.name} is away: assignment rules pass them over until they are back. They keep the tickets they own.`,
  alreadyAway: (p: { name: string | null }) =>
    p.name === null ? "You were away already; assignment rules pass you over until you are back." : `${p.name} was away already.`,
  nowBack: (p: { name: string | null }) =>
    p.name === null
      ? "You are back: assignment rules can give you tickets again."
      : `${p.name} is back: assignment rules can give them tickets again.`,
  alreadyBack: (p: { name: string | null }) =>
    p.name === null ? "You were not away; assignment rules can give you tickets." : `${p.name} was not away.`,
  // Slack's App Home; `since` as the surface marks up a date
  homeAway: (p: { since: string | null }) =>
    `You are *away*${p.since === null ? "" : ` since ${p.since}`}: assignment rules pass you over.`,
  homeAvailable: "You are available: assignment rules can give you tickets.",
  goAway: "Set me away",
  comeBack: "I'm back",
  awayNow: (p: { names: readonly string[] }, f: Formats) => `Away now: ${f.list(p.names)}.`,
} as const;
