// A ticket's messages in its card's thread (the working log), in English.
import type { Formats } from "../format.js";

export const thread = {
  wrote: (p: { who: string }) => `${p.who} wrote`,
  replied: (p: { who: string }) => `${p.who} replied to the customer`,
  noted: (p: { who: string }) => `${p.who} left an internal note`,
  system: "System",
  anAgent: "An agent",
  theCustomer: "The customer",
  noText: "(no text)",
  attachmentsNoText: (p: { count: number }, f: Formats) =>
    `(${f.plural(p.count, { one: "# attachment", other: "# attachments" })}, no text)`,
  noSubject: "(no subject)",
  splitSubject: (p: { subject: string }) => `${p.subject} (split)`,
  noteFor: (p: { names: string }) => ` for ${p.names}`,
  cc: (p: { names: string }) => ` (cc ${p.names})`,
  shortened: (p: { count: number; id: number }, f: Formats) =>
    `Shortened (${f.plural(p.count, { one: "# character", other: "# characters" })}). \`/ticket show #${p.id}\` shows it all.`,
  shortenedShort: (p: { id: number }) => `Shortened: \`/ticket show #${p.id}\` shows it all.`,
  tooLarge: (p: { name: string; size: string }) => `${p.name} (${p.size}): too large to keep, so only its name and size were saved`,
  moreAttachments: (p: { count: number }, f: Formats) =>
    `…and ${f.plural(p.count, { one: "# more attachment", other: "# more attachments" })} not listed here.`,
} as const;

/** What opens an agent's notification, by its reason. */
export const notify = {
  mention: (p: { ticket: string }) => `You were mentioned on ${p.ticket}`,
  follow: (p: { ticket: string }) => `New activity on a ticket you follow: ${p.ticket}`,
  assigned: (p: { ticket: string }) => `You were assigned ${p.ticket}`,
  inbound: (p: { ticket: string }) => `The customer wrote again on ${p.ticket}`,
  delivery_failed: (p: { ticket: string }) => `A delivery failed on ${p.ticket}`,
  sla_warning: (p: { ticket: string }) => `An SLA target is close on ${p.ticket}`,
  sla_breach: (p: { ticket: string }) => `An SLA target was breached on ${p.ticket}`,
  workflow: (p: { ticket: string }) => `A workflow tells you about ${p.ticket}`,
  about: (p: { ticket: string }) => `About ${p.ticket}`,
} as const;
