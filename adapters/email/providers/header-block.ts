import { parseMime } from "../mime.js";
import type { ParsedEmail } from "../parsed-email.js";

/**
 * Providers that post parsed fields also send the original header block (SendGrid `headers`,
 * Mailgun `message-headers`). Parsing it as a body-less message decodes From, To, Cc, Subject and
 * the threading headers the same way as for raw MIME (RFC 2047 words, address lists).
 */
export async function parseHeaderBlock(block: string | Uint8Array): Promise<ParsedEmail | null> {
  // Bytes are handled as latin1 text, one char per byte, so a header in a legacy charset reaches
  // parseMime as the bytes that were sent and is decoded there like a raw message's.
  const bytes = typeof block !== "string";
  const text = (bytes ? Buffer.from(block).toString("latin1") : block).replace(/\r?\n/g, "\r\n").replace(/(\r\n)+$/, "");
  if (!text.trim()) return null;
  const parsed = await parseMime(Buffer.from(`${text}\r\n\r\n`, bytes ? "latin1" : "utf8"));
  return parsed.ok ? parsed.email : null;
}
