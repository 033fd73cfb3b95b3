import PostalMime, { type Address, type Email } from "postal-mime";
import { headersToUtf8 } from "./legacy-headers.js";
import { repairC1 } from "./windows-1252.js";
import { embeddedMessageIds, messageIdsIn, normaliseMessageId, type ParsedEmail } from "./parsed-email.js";
import { uniqueAddresses } from "./recipients.js";

function flatten(list: Address[] | undefined): { address: string; name: string }[] {
  return (list ?? []).flatMap((a) => (a.group ? a.group : a.address ? [{ address: a.address, name: a.name }] : []));
}

export type MimeResult = { ok: true; email: ParsedEmail } | { ok: false; message: string };

/**
 * Parses a whole RFC 5322 message: multipart, quoted-printable, base64, RFC 2047 words and the
 * legacy charsets (ISO-2022-JP, Shift_JIS, windows-1252, ...) are postal-mime's job; header bytes
 * sent raw in a legacy charset are decoded before it (see legacy-headers.ts).
 */
export async function parseMime(raw: Uint8Array, extra: { envelopeTo?: string[]; providerId?: string } = {}): Promise<MimeResult> {
  const head = Buffer.from(raw.subarray(0, Math.min(raw.length, 64 * 1024))).toString("latin1");
  // postal-mime accepts anything; a message must at least have a header block with a From or a Message-ID.
  if (!/^(from|message-id|received|return-path|delivered-to):/im.test(head.split(/\r?\n\r?\n/)[0] ?? "")) {
    return { ok: false, message: "The body is not an RFC 5322 message (no From or Message-ID header)." };
  }
  let parsed: Email;
  try {
    // postal-mime reads header lines as UTF-8; raw legacy-charset bytes are made UTF-8 first.
    parsed = await PostalMime.parse(headersToUtf8(raw), { attachmentEncoding: "arraybuffer", rfc822Attachments: true });
  } catch (e) {
    return { ok: false, message: `The message could not be parsed: ${(e as Error).message}` };
  }
  const from = parsed.from && !parsed.from.group ? parsed.from : flatten(parsed.from ? [parsed.from] : [])[0];
  const to = flatten(parsed.to).map((a) => a.address);
  const cc = flatten(parsed.cc).map((a) => a.address);
  const deliveredTo = parsed.headers.filter((h) => h.key === "delivered-to" || h.key === "x-original-to").map((h) => h.value.trim());
  const messageId = normaliseMessageId(parsed.messageId);
  const top = parsed.headers.find((h) => h.key === "content-type")?.value ?? "";
  // Only a report (a bounce) is searched for the ids of the mail it returns.
  const embeddedIds = /^multipart\/report/i.test(top) ? embeddedMessageIds(bodyOf(Buffer.from(raw).toString("latin1")), messageId) : [];
  return {
    ok: true,
    email: {
      messageId,
      providerId: extra.providerId,
      from: { address: from?.address || undefined, name: repairC1(from?.name || undefined) },
      recipients: uniqueAddresses([...(extra.envelopeTo ?? []), ...to, ...cc, ...deliveredTo]),
      cc,
      subject: repairC1(parsed.subject),
      text: repairC1(parsed.text),
      html: repairC1(parsed.html),
      headers: parsed.headers.map((h) => ({ key: h.key, value: h.value })),
      inReplyTo: messageIdsIn(parsed.inReplyTo),
      references: messageIdsIn(parsed.references),
      attachments: parsed.attachments.map((a, i) => ({
        filename: repairC1(a.filename ?? undefined) ?? `attachment-${i + 1}${a.mimeType === "message/rfc822" ? ".eml" : ""}`,
        contentType: a.mimeType,
        content: typeof a.content === "string" ? Buffer.from(a.content, "base64") : new Uint8Array(a.content),
      })),
      embeddedIds,
    },
  };
}

function bodyOf(message: string): string {
  const m = /\r?\n\r?\n/.exec(message);
  return m ? message.slice(m.index + m[0].length) : "";
}
