import { constantTimeEqual, hmacSha256 } from "../auth.js";
import { parseMime } from "../mime.js";
import { malformed, reject, type EmailProviderSpec, type ProviderRequest, type Rejection } from "./types.js";

/** Header carrying `sha256=<hex HMAC-SHA256 of the body>`, keyed with EMAIL_RAW_SECRET. */
export const rawSignatureHeader = "x-helpdesk-signature";

const signatureOf = (req: Pick<ProviderRequest, "header">) =>
  /^sha256=([0-9a-f]{64})$/i.exec(req.header(rawSignatureHeader)?.trim() ?? "")?.[1];
const badSignature: Rejection = { status: 401, code: "unauthorized", message: `Missing or bad ${rawSignatureHeader} signature.` };

/**
 * The whole RFC 5322 message as the body (`Content-Type: message/rfc822`), e.g. from a mail
 * server's pipe-to-HTTP hook. Envelope recipients may be given in `X-Envelope-To` (comma-separated).
 */
export const rawProvider: EmailProviderSpec = {
  // The HMAC needs the body, but a request without a well-formed signature can be refused before it.
  checkHeaders: (req) => (signatureOf(req) ? null : badSignature),
  async receive(req, ctx) {
    const given = signatureOf(req);
    if (!given || !constantTimeEqual(given.toLowerCase(), hmacSha256(ctx.secret, req.body, "hex"))) return { ok: false, ...badSignature };
    const type = (req.contentType.split(";")[0] ?? "").trim().toLowerCase();
    if (!["message/rfc822", "text/plain", "application/octet-stream"].includes(type)) {
      return reject(415, "unsupported_media_type", "Send the message as message/rfc822.");
    }
    const envelopeTo = (req.header("x-envelope-to") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const parsed = await parseMime(req.body, { envelopeTo });
    return parsed.ok ? parsed : malformed(parsed.message);
  },
};
