import { createHash } from "node:crypto";
import { z } from "zod";
import { parseBoundedJson } from "../../../core/index.js";
import { constantTimeEqual, hmacSha256 } from "../auth.js";
import { parseMime } from "../mime.js";
import { parseHeaderBlock } from "./header-block.js";
import { parseMultipart, type FormPart } from "./multipart.js";
import { malformed, reject, unauthorized, type EmailProviderSpec } from "./types.js";

/**
 * What a Mailgun route's forward() posts: the signature fields, then either the parsed message
 * (`body-plain`, `body-html`, `message-headers`, `attachment-N` files) or, for a URL ending in
 * "mime", the whole message in `body-mime`.
 * @see https://documentation.mailgun.com/docs/mailgun/user-manual/receive-forward-store/receive-http
 */
export const MailgunSignature = z.object({
  timestamp: z.string().regex(/^\d{1,12}$/),
  token: z.string().min(1).max(200),
  signature: z.string().regex(/^[0-9a-f]{64}$/i),
});

export const MailgunFields = z.union([
  z.object({ "body-mime": z.string().min(1), recipient: z.string().optional() }),
  z.object({
    "message-headers": z.string().min(2),
    recipient: z.string().optional(),
    sender: z.string().optional(),
    from: z.string().optional(),
    subject: z.string().optional(),
    "body-plain": z.string().optional(),
    "body-html": z.string().optional(),
  }),
]);
export type MailgunFields = z.infer<typeof MailgunFields>;

const MessageHeaders = z.array(z.tuple([z.string(), z.string()]));

/** Mailgun posts multipart/form-data (with attachments) or urlencoded; both as named parts. */
function readParts(body: Uint8Array, contentType: string): FormPart[] | null {
  const multipart = parseMultipart(body, contentType);
  if (multipart) return multipart;
  if (!/^application\/x-www-form-urlencoded/i.test(contentType.trim())) return null;
  return [...new URLSearchParams(Buffer.from(body).toString("utf8"))].map(([name, value]) => ({ name, data: Buffer.from(value, "utf8") }));
}

/**
 * What a delivery carried, apart from how it was encoded: a retry posts the same fields and files
 * under another multipart boundary. Length-prefixed, so no two different deliveries share it.
 */
function partsDigest(parts: readonly FormPart[]): string {
  const h = createHash("sha256");
  const put = (b: Buffer) => h.update(`${b.length}:`).update(b);
  for (const p of [...parts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    for (const s of [p.name, p.filename ?? "\u0000", p.contentType ?? ""]) put(Buffer.from(s, "utf8"));
    put(p.data);
  }
  return h.digest("hex");
}

export const mailgunProvider: EmailProviderSpec = {
  async receive(req, ctx) {
    const parts = readParts(req.body, req.contentType);
    const text = Object.fromEntries((parts ?? []).filter((p) => p.filename === undefined).map((p) => [p.name, p.data.toString("utf8")]));
    const sig = MailgunSignature.safeParse(text);
    if (!parts || !sig.success) return unauthorized("Missing Mailgun signature fields (timestamp, token, signature).");
    const { timestamp, token, signature } = sig.data;
    if (!constantTimeEqual(signature.toLowerCase(), hmacSha256(ctx.secret, timestamp + token, "hex")))
      return unauthorized("Bad Mailgun signature.");
    // A captured request replayed later carries an old timestamp.
    if (Math.abs(ctx.now.getTime() - Number(timestamp) * 1000) > ctx.replayWindowMs)
      return unauthorized("Mailgun signature timestamp is outside the replay window.");
    // The signature covers the timestamp and token only, so a captured one could carry another
    // body while it is fresh: each token is kept, with a digest of what it came with, until its
    // timestamp leaves the window. Mailgun retrying a delivery it got no 2xx for sends the same
    // token with the same content, and that goes on (the Message-ID makes it one message).
    const digest = partsDigest(parts);
    const sighting = await ctx.sight(
      `mailgun:token:${token}`,
      Number(timestamp) * 1000 + ctx.replayWindowMs + 1 - ctx.now.getTime(),
      digest,
    );
    if (!sighting.first && sighting.value !== digest)
      return reject(401, "replayed", "This Mailgun token was already used for another message.");
    const fields = MailgunFields.safeParse(text);
    if (!fields.success) return malformed("Not a Mailgun forward: it has neither `body-mime` nor `message-headers`.");
    const envelopeTo = fields.data.recipient ? fields.data.recipient.split(",").map((s) => s.trim()) : [];
    if ("body-mime" in fields.data) {
      // The message's own bytes: an 8-bit legacy-charset body must not pass through a UTF-8 decoder.
      const bytes =
        parts.find((p) => p.name === "body-mime" && p.filename === undefined)?.data ?? Buffer.from(fields.data["body-mime"], "utf8");
      const raw = await parseMime(bytes, { envelopeTo });
      return raw.ok ? raw : malformed(raw.message);
    }
    const f = fields.data;
    const json = parseBoundedJson(f["message-headers"]);
    if (!json.ok)
      return json.reason === "not_json"
        ? malformed("`message-headers` is not JSON.")
        : reject(400, "too_complex", `\`message-headers\`: ${json.message}`);
    const r = MessageHeaders.safeParse(json.value);
    if (!r.success) return malformed("`message-headers` is not a list of [name, value] pairs.");
    const pairs = r.data;
    const head = await parseHeaderBlock(pairs.map(([k, v]) => `${k}: ${v.replace(/\r?\n/g, " ")}`).join("\r\n"));
    if (!head) return malformed("`message-headers` has no From or Message-Id.");
    const attachments = parts
      .filter((p) => p.filename !== undefined && /^attachment-\d+$/.test(p.name))
      .map((p, i) => ({
        filename: p.filename || `attachment-${i + 1}`,
        contentType: p.contentType ?? "application/octet-stream",
        content: new Uint8Array(p.data),
      }));
    return {
      ok: true,
      email: {
        ...head,
        recipients: [...new Set([...envelopeTo.map((a) => a.toLowerCase()), ...head.recipients])],
        text: f["body-plain"],
        html: f["body-html"],
        attachments,
      },
    };
  },
};
