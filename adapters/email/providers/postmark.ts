import { z } from "zod";
import { parseBoundedJson } from "../../../core/index.js";
import { basicAuthMatches } from "../auth.js";
import { parseMime } from "../mime.js";
import { messageIdsIn, normaliseMessageId, type ParsedEmail } from "../parsed-email.js";
import { badBasicAuth, malformed, reject, type EmailProviderSpec } from "./types.js";

const PostmarkAddress = z.object({ Email: z.string(), Name: z.string().optional().default("") });

/**
 * Postmark's inbound webhook JSON.
 * @see https://postmarkapp.com/developer/webhooks/inbound-webhook
 */
export const PostmarkInbound = z.object({
  MessageID: z.string().optional(),
  FromFull: PostmarkAddress.optional(),
  From: z.string().optional(),
  FromName: z.string().optional(),
  ToFull: z.array(PostmarkAddress).default([]),
  CcFull: z.array(PostmarkAddress).default([]),
  OriginalRecipient: z.string().optional(),
  Subject: z.string().optional(),
  TextBody: z.string().optional(),
  HtmlBody: z.string().optional(),
  Headers: z.array(z.object({ Name: z.string(), Value: z.string() })).default([]),
  Attachments: z
    .array(z.object({ Name: z.string().optional(), Content: z.string(), ContentType: z.string().default("application/octet-stream") }))
    .default([]),
  /** Present when "include raw email content" is on: then the MIME itself is parsed. */
  RawEmail: z.string().optional(),
});
export type PostmarkInbound = z.infer<typeof PostmarkInbound>;

export function fromPostmark(p: PostmarkInbound): ParsedEmail {
  const headers = p.Headers.map((h) => ({ key: h.Name.toLowerCase(), value: h.Value }));
  const get = (k: string) => headers.find((h) => h.key === k)?.value;
  const from = p.FromFull ?? (p.From ? { Email: p.From, Name: p.FromName ?? "" } : undefined);
  const to = p.ToFull.map((a) => a.Email);
  const cc = p.CcFull.map((a) => a.Email);
  return {
    messageId: normaliseMessageId(get("message-id")),
    providerId: p.MessageID,
    from: { address: from?.Email || undefined, name: from?.Name || undefined },
    recipients: [...new Set([p.OriginalRecipient, ...to, ...cc].filter((a): a is string => !!a).map((a) => a.toLowerCase()))],
    cc,
    subject: p.Subject,
    text: p.TextBody,
    html: p.HtmlBody,
    headers,
    inReplyTo: messageIdsIn(get("in-reply-to")),
    references: messageIdsIn(get("references")),
    attachments: p.Attachments.map((a, i) => ({
      filename: a.Name ?? `attachment-${i + 1}`,
      contentType: a.ContentType,
      content: Buffer.from(a.Content, "base64"),
    })),
    embeddedIds: [],
  };
}

/** Postmark signs nothing; it sends the credentials put in the webhook URL as HTTP basic auth. */
export const postmarkProvider: EmailProviderSpec = {
  checkHeaders: (req, secret) => (basicAuthMatches(req.header("authorization"), secret) ? null : badBasicAuth),
  async receive(req) {
    // Deep or sprawling JSON is refused before JSON.parse builds it.
    const json = parseBoundedJson(req.body);
    if (!json.ok) return reject(400, json.reason === "not_json" ? "malformed" : "too_complex", json.message);
    const p = PostmarkInbound.safeParse(json.value);
    if (!p.success)
      return malformed(`Not a Postmark inbound payload: ${p.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    if (p.data.RawEmail) {
      const raw = await parseMime(Buffer.from(p.data.RawEmail, "utf8"), {
        envelopeTo: p.data.OriginalRecipient ? [p.data.OriginalRecipient] : [],
      });
      if (raw.ok) return { ok: true, email: { ...raw.email, providerId: p.data.MessageID } };
    }
    return { ok: true, email: fromPostmark(p.data) };
  },
};
