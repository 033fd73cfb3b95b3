import { createHash } from "node:crypto";
import { classifyAutoSubmitted, type AutoKind } from "./auto-submitted.js";
import { baseAddress, defaultAttachmentMaxBytes, findInbox, type InboxDefinition } from "./config.js";
import { htmlToText, sanitizeEmailHtml, textToHtml } from "./html.js";
import { header, type ParsedEmail } from "./parsed-email.js";
import { splitQuotedReply } from "./quoted.js";
import { allCcAttachmentName, distinctAsWritten, maxKeptCc } from "./recipients.js";
import type { InboundInput } from "../../core/index.js";

/** The ticket token carried in a plus-address: support+t123@… */
export const ticketTag = (ticketNumber: number) => `t${ticketNumber}`;

/** The ticket number a message names: its reply address's plus-tag, else a [#123] subject tag. */
export function ticketNumberOf(email: ParsedEmail, inboxes: readonly InboxDefinition[]): number | undefined {
  for (const r of email.recipients) {
    const { base, tag } = baseAddress(r);
    // Without configured inboxes any plus-address counts; with them, only our own.
    if (!tag || (inboxes.length && !inboxes.some((i) => i.address === base))) continue;
    const m = /^t(\d{1,12})$/.exec(tag);
    if (m) return Number(m[1]);
  }
  const s = /\[#(\d{1,12})\]/.exec(email.subject ?? "");
  return s ? Number(s[1]) : undefined;
}

/**
 * The dedupe key: the Message-ID; without one, the provider's delivery id; without that, a hash
 * of what the message says (never of the request, whose signature fields change per retry).
 */
export function dedupeKey(email: ParsedEmail, provider: string): string {
  if (email.messageId) return email.messageId;
  if (email.providerId) return `${provider}:${email.providerId}`;
  const h = createHash("sha256");
  for (const part of [email.from.address, email.recipients.join(","), email.subject, header(email, "date"), email.text, email.html])
    h.update(`${part ?? ""}\u0000`);
  return `sha256:${h.digest("hex")}`;
}

export interface EmailIntake {
  input: InboundInput;
  auto: AutoKind;
  inbox: InboxDefinition | undefined;
  /** Cc addresses beyond {@link maxKeptCc}: not on the message's record, listed in its attachment. */
  ccOmitted: number;
}

/**
 * The charset the sender wrote in: the `charset` parameter of the message's own Content-Type, else
 * that of an encoded word in its Subject (`=?ISO-2022-JP?B?…?=`). Other headers are not read: an
 * address's display name or a link in List-Unsubscribe says nothing about the sender's language.
 * The core takes a Japanese charset as a Japanese customer.
 */
export function charsetOf(email: Pick<ParsedEmail, "headers">): string | undefined {
  const header = (name: string) => email.headers.find((h) => h.key === name)?.value ?? "";
  const param = /(?:^|;)\s*charset\s*=\s*"?([A-Za-z0-9_.:-]+)/i.exec(header("content-type"));
  const word = /=\?([A-Za-z0-9_.:-]+)(?:\*[A-Za-z-]+)?\?[BQbq]\?/.exec(header("subject"));
  return param?.[1] ?? word?.[1];
}

/** Turns a parsed email into the core's intake input: threading keys, route, chat text. */
export function toInboundInput(
  email: ParsedEmail,
  opts: { provider: string; inboxes: readonly InboxDefinition[]; attachmentMaxBytes?: number | undefined },
): EmailIntake {
  const keepUpTo = opts.attachmentMaxBytes ?? defaultAttachmentMaxBytes;
  const auto = classifyAutoSubmitted(email);
  const inbox = findInbox(opts.inboxes, email.recipients);
  const full = (email.text?.trim() ? email.text : email.html ? htmlToText(email.html) : "").trim();
  const { fresh, quoted } = splitQuotedReply(full);
  const html = email.html?.trim() ? sanitizeEmailHtml(email.html) : quoted ? textToHtml(full) : undefined;
  const ours = new Set(opts.inboxes.map((i) => i.address));
  const messageIds = [...email.embeddedIds, ...email.inReplyTo, ...[...email.references].reverse()];
  const cc = distinctAsWritten(email.cc.filter((a) => !ours.has(baseAddress(a).base)));
  // Over the cap an attachment is listed (agents see it was sent) but its bytes are not stored.
  const attachments = email.attachments.map((a) => ({
    filename: a.filename,
    contentType: a.contentType,
    size: a.content.byteLength,
    content: a.content.byteLength > keepUpTo ? null : a.content,
  }));
  if (cc.length > maxKeptCc) {
    // A list exploded into one mail can carry thousands of copies: the record keeps the first ones
    // (chat shows them, a reply-all offers them) and the whole list is kept as a text attachment,
    // whatever the attachment cap: it is what the customer wrote, and the header-size limit bounds it.
    const list = Buffer.from(`${cc.join("\n")}\n`, "utf8");
    attachments.push({ filename: allCcAttachmentName, contentType: "text/plain; charset=utf-8", size: list.byteLength, content: list });
  }
  return {
    auto,
    inbox,
    ccOmitted: Math.max(0, cc.length - maxKeptCc),
    input: {
      channel: "email",
      from: { email: email.from.address, name: email.from.name },
      subject: email.subject,
      charset: charsetOf(email),
      // Without words of its own the core stores a placeholder, in the customer's language.
      text: fresh,
      html: html || undefined,
      cc: cc.slice(0, maxKeptCc),
      externalId: dedupeKey(email, opts.provider),
      threadKeys: { messageIds: [...new Set(messageIds)], ticketNumber: ticketNumberOf(email, opts.inboxes) },
      route: inbox ? { pipelineId: inbox.pipelineId, teamId: inbox.teamId } : undefined,
      attachments,
      autoSubmitted: auto !== null,
      autoKind: auto ?? undefined,
    },
  };
}
