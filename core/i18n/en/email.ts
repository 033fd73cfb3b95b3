// What the help desk adds to the emails it sends customers, and the SLA alerts it emails agents, in English.
import type { Formats } from "../format.js";

export const email = {
  replyPrefix: "Re:",
  footer: (p: { tag: string }) => `Reply to this email to add to your request ${p.tag}.`,
  slaWarningSubject: (p: { ticket: string; target: string; subject: string }) =>
    `SLA warning ${p.ticket}: ${p.target} due soon – ${p.subject}`,
  slaBreachSubject: (p: { ticket: string; target: string; subject: string }) =>
    `SLA breached ${p.ticket}: ${p.target} overdue – ${p.subject}`,
  slaWarningText: (p: { ticket: string; target: string; subject: string; due: Date }, f: Formats) =>
    `${p.target} on ${p.ticket} "${p.subject}" is due ${f.dateTime(p.due)}.\nOpen it in chat with /ticket show ${p.ticket}.`,
  slaBreachText: (p: { ticket: string; target: string; subject: string; due: Date }, f: Formats) =>
    `${p.target} on ${p.ticket} "${p.subject}" was due ${f.dateTime(p.due)} and is overdue.\nOpen it in chat with /ticket show ${p.ticket}.`,
  workflowSubject: (p: { ticket: string; subject: string }) => `${p.ticket}: ${p.subject} (help desk notice)`,
  workflowText: (p: { ticket: string; text: string }) => `${p.text}\n\nOpen it in chat with /ticket show ${p.ticket}.`,
} as const;
