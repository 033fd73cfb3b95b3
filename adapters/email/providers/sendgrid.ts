import { z } from "zod";
import { parseBoundedJson } from "../../../core/index.js";
import { basicAuthMatches } from "../auth.js";
import { parseMime } from "../mime.js";
import { repairC1 } from "../windows-1252.js";
import { parseHeaderBlock } from "./header-block.js";
import { parseMultipart, type FormPart } from "./multipart.js";
import { badBasicAuth, malformed, type EmailProviderSpec } from "./types.js";

/**
 * SendGrid Inbound Parse posts multipart/form-data: either parsed fields (`headers`, `from`,
 * `text`, `html`, `attachmentN` files with `attachment-info`) or, with "POST the raw, full MIME
 * message", the whole message in `email`. Both carry `envelope` (JSON: to, from).
 * @see https://www.twilio.com/docs/sendgrid/for-developers/parsing-email/setting-up-the-inbound-parse-webhook
 */
export const SendgridFields = z.union([
  z.object({ email: z.string().min(1), envelope: z.string().optional() }),
  z.object({
    headers: z.string().min(1),
    from: z.string().optional(),
    subject: z.string().optional(),
    text: z.string().optional(),
    html: z.string().optional(),
    envelope: z.string().optional(),
    "attachment-info": z.string().optional(),
  }),
]);
export type SendgridFields = z.infer<typeof SendgridFields>;

const Charsets = z.record(z.string(), z.string());

/** A text field in the charset SendGrid says it is in (UTF-8 when it does not say). */
function decodeField(part: FormPart, charsets: Record<string, string>): string {
  const charset = charsets[part.name] ?? "utf-8";
  try {
    return repairC1(new TextDecoder(charset).decode(part.data));
  } catch {
    return part.data.toString("utf8");
  }
}

const Envelope = z.object({ to: z.array(z.string()).default([]), from: z.string().nullish() });
const AttachmentInfo = z.record(
  z.string(),
  z.object({ filename: z.string().optional(), name: z.string().optional(), type: z.string().optional() }),
);

function json<T>(schema: z.ZodType<T>, text: string | undefined, fallback: T): T | null {
  if (!text) return fallback;
  const parsed = parseBoundedJson(text);
  if (!parsed.ok) return null;
  const r = schema.safeParse(parsed.value);
  return r.success ? r.data : null;
}

export const sendgridProvider: EmailProviderSpec = {
  checkHeaders: (req, secret) => (basicAuthMatches(req.header("authorization"), secret) ? null : badBasicAuth),
  async receive(req) {
    const parts = parseMultipart(req.body, req.contentType);
    if (!parts) return malformed("Expected multipart/form-data from SendGrid Inbound Parse.");
    const charsetField = parts.find((p) => p.name === "charsets" && !p.filename);
    const charsets = json(Charsets, charsetField?.data.toString("utf8"), {});
    if (!charsets) return malformed("`charsets` is not SendGrid's charset JSON.");
    const texts = Object.fromEntries(parts.filter((p) => p.filename === undefined).map((p) => [p.name, decodeField(p, charsets)]));
    const fields = SendgridFields.safeParse(texts);
    if (!fields.success) return malformed("Not a SendGrid Inbound Parse payload: it has neither `email` (raw) nor `headers` (parsed).");
    const envelope = json(Envelope, fields.data.envelope, { to: [], from: null });
    if (!envelope) return malformed("`envelope` is not SendGrid's JSON envelope.");
    if ("email" in fields.data) {
      // The raw message as the bytes posted: an 8-bit body in a legacy charset must not pass through a text decoder.
      const bytes = parts.find((p) => p.name === "email" && p.filename === undefined)?.data ?? Buffer.from(fields.data.email, "utf8");
      const raw = await parseMime(bytes, { envelopeTo: envelope.to });
      return raw.ok ? raw : malformed(raw.message);
    }
    const f = fields.data;
    // Raw 8-bit header bytes come as they were sent while `charsets` calls them UTF-8 (or says
    // nothing): the block goes on as bytes, for the charset detection raw messages get.
    const headerCharset = charsets.headers?.trim().toLowerCase() ?? "utf-8";
    const headerBytes = /^utf-?8$/.test(headerCharset)
      ? parts.find((p) => p.name === "headers" && p.filename === undefined)?.data
      : undefined;
    const head = await parseHeaderBlock(headerBytes ?? f.headers);
    if (!head) return malformed("`headers` is not an RFC 5322 header block.");
    const info = json(AttachmentInfo, f["attachment-info"], {});
    if (!info) return malformed("`attachment-info` is not SendGrid's attachment JSON.");
    const attachments = parts
      .filter((p) => p.filename !== undefined)
      .map((p, i) => ({
        filename: info[p.name]?.filename ?? info[p.name]?.name ?? (p.filename || `attachment-${i + 1}`),
        contentType: info[p.name]?.type ?? p.contentType ?? "application/octet-stream",
        content: new Uint8Array(p.data),
      }));
    return {
      ok: true,
      email: {
        ...head,
        recipients: [...new Set([...envelope.to.map((a) => a.toLowerCase()), ...head.recipients])],
        subject: head.subject ?? f.subject,
        text: f.text,
        html: f.html,
        attachments,
      },
    };
  },
};
