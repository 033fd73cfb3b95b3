// What a customer's message is stored with when it brings no words of its own: a mail with only
// attachments, or nothing, and no subject. The placeholder stands in for the customer's words, so
// it is in their language (their contact's locale, else what their message showed), else the help
// desk's. It is made after the language was read from the message, so it never counts as theirs.
import type { Catalog } from "../config.js";
import { Formats } from "../i18n/format.js";
import { pickLocale } from "../i18n/locale.js";
import { msg, render } from "../i18n/translate.js";
import type { InboundInput } from "./ingest-inbound.js";
import { subjectOrDefault } from "./insert-ticket.js";

/** The customer's language for texts written on their behalf: `locales` in order (contact's, detected), else the help desk's. */
export function customerFormats(catalog: Catalog, locales: readonly (string | null | undefined)[]): Formats {
  return new Formats(pickLocale(locales, catalog.locale), catalog.timeZone);
}

/** The message's text, or a placeholder naming how many attachments came without any. */
export function inboundText(input: Pick<InboundInput, "text" | "attachments">, f: Formats): string {
  if (input.text.trim()) return input.text;
  const count = input.attachments?.length ?? 0;
  return render(count ? msg("thread.attachmentsNoText", { count }) : msg("thread.noText"), f);
}

/** A new ticket's subject: the message's, else its first line, else a placeholder. */
export function inboundSubject(input: Pick<InboundInput, "subject" | "text">, f: Formats): string {
  return subjectOrDefault(input.subject, input.text, render(msg("thread.noSubject"), f));
}
