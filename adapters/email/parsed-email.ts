/**
 * One inbound email as every provider's payload is turned into it, before it becomes a core
 * InboundInput. Raw MIME (the `raw` provider, SendGrid "send raw", Mailgun `body-mime`) comes
 * through postal-mime; the JSON and form providers fill it from their fields.
 */
export interface ParsedEmail {
  /** The RFC 5322 Message-ID, angle brackets included, when the message had one. */
  messageId: string | undefined;
  /** The provider's id for this delivery, the dedupe key of last resort after the Message-ID. */
  providerId?: string | undefined;
  from: { address?: string | undefined; name?: string | undefined };
  /** Envelope recipients first (what the provider says it delivered to), then To, Cc, Delivered-To. */
  recipients: string[];
  /** Cc addresses as the message listed them. */
  cc: string[];
  subject: string | undefined;
  text: string | undefined;
  html: string | undefined;
  /** Headers with lower-case names, in order, repeated names kept. */
  headers: { key: string; value: string }[];
  /** Parsed from In-Reply-To and References, in that order. */
  inReplyTo: string[];
  references: string[];
  attachments: { filename: string; contentType: string; content: Uint8Array }[];
  /**
   * Message-IDs of an original message a report carries (a bounce returns the headers of the mail
   * that failed): they tie the bounce to the ticket that mail belonged to.
   */
  embeddedIds: string[];
}

export function header(email: Pick<ParsedEmail, "headers">, name: string): string | undefined {
  const key = name.toLowerCase();
  return email.headers.find((h) => h.key === key)?.value;
}

/** Every `<id>` in a header value (In-Reply-To, References), in order, without duplicates. */
export function messageIdsIn(value: string | undefined): string[] {
  if (!value) return [];
  return [...new Set(value.match(/<[^<>\s]+>/g) ?? [])];
}

/** A Message-ID as stored: with angle brackets, whatever the provider gave us. */
export function normaliseMessageId(id: string | undefined): string | undefined {
  const t = id?.trim();
  if (!t) return undefined;
  return t.startsWith("<") ? t : `<${t}>`;
}

/** Message-ID header lines found below the top-level headers, e.g. in a bounce's returned message. */
export function embeddedMessageIds(body: string, own: string | undefined): string[] {
  const ids: string[] = [];
  for (const m of body.matchAll(/^(?:message-id|in-reply-to|references):[ \t]*((?:<[^<>\s]+>[ \t]*(?:\r?\n[ \t]+)?)+)/gim)) {
    for (const id of messageIdsIn(m[1])) if (id !== own && !ids.includes(id)) ids.push(id);
  }
  return ids;
}
