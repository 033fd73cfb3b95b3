import { parseMime } from "../mime.js";
import type { ParsedEmail } from "../parsed-email.js";

/**
 * Providers that post parsed fields also send the original header block (SendGrid `headers`,
 * Mailgun `message-headers`). Parsing it as a body-less message decodes From, To, Cc, Subject and
 * the threading headers the same way as for raw MIME (RFC 2047 words, address lists).
 */
export async function parseHeaderBlock(block: string): Promise<ParsedEmail | null> {
  const text = block.replace(/\r?\n/g, "\r\n").replace(/(\r\n)+$/, "");
  if (!text.trim()) return null;
  const parsed = await parseMime(Buffer.from(`${text}\r\n\r\n`, "utf8"));
  return parsed.ok ? parsed.email : null;
}
