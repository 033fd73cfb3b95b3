import { hmacSha256, safeEqual } from "../auth.js";
import { parseMime } from "../mime.js";
import { malformed, reject, unauthorized, type EmailProviderSpec } from "./types.js";

/** Header carrying `sha256=<hex HMAC-SHA256 of the body>`, keyed with EMAIL_RAW_SECRET. */
export const rawSignatureHeader = "x-helpdesk-signature";

/**
 * The whole RFC 5322 message as the body (`Content-Type: message/rfc822`), e.g. from a mail
 * server's pipe-to-HTTP hook. Envelope recipients may be given in `X-Envelope-To` (comma-separated).
 */
export const rawProvider: EmailProviderSpec = {
  async receive(req, ctx) {
    if (!ctx.secret) return unauthorized("Raw email intake is not configured on this server.");
    const given = /^sha256=([0-9a-f]{64})$/i.exec(req.header(rawSignatureHeader)?.trim() ?? "");
    if (!given || !safeEqual((given[1] ?? "").toLowerCase(), hmacSha256(ctx.secret, req.body, "hex"))) {
      return unauthorized(`Missing or bad ${rawSignatureHeader} signature.`);
    }
    const type = (req.contentType.split(";")[0] ?? "").trim().toLowerCase();
    if (!["message/rfc822", "text/plain", "application/octet-stream"].includes(type)) {
      return reject(415, "unsupported_media_type", "Send the message as message/rfc822.");
    }
    const envelopeTo = (req.header("x-envelope-to") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    const parsed = await parseMime(req.body, { envelopeTo });
    return parsed.ok ? parsed : malformed(parsed.message);
  },
};
