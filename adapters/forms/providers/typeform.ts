import { z } from "zod";
import { constantTimeEqual, hmacSha256 } from "../auth.js";
import { asText, parseJson, type FormProviderSpec, type SubmissionFields } from "./types.js";

const Answer = z
  .object({
    type: z.string(),
    field: z.object({ id: z.string(), ref: z.string().optional(), type: z.string().optional() }),
    text: z.string().optional(),
    email: z.string().optional(),
    url: z.string().optional(),
    phone_number: z.string().optional(),
    date: z.string().optional(),
    number: z.number().optional(),
    boolean: z.boolean().optional(),
    choice: z.object({ label: z.string().optional(), other: z.string().optional() }).optional(),
    choices: z.object({ labels: z.array(z.string()).optional(), other: z.string().optional() }).optional(),
  })
  .loose();

/**
 * Typeform's `form_response` webhook. Answers are keyed by their field's `ref` (set in the form
 * editor), or by field id for a field without one; hidden fields by their name.
 * @see https://www.typeform.com/developers/webhooks/example-payload/
 * @see https://www.typeform.com/developers/webhooks/secure-your-webhooks/
 */
export const TypeformWebhook = z.object({
  event_id: z.string().min(1),
  event_type: z.literal("form_response"),
  form_response: z.object({
    form_id: z.string(),
    token: z.string().optional(),
    answers: z.array(Answer).default([]),
    hidden: z.record(z.string(), z.string()).optional(),
  }),
});
export type TypeformWebhook = z.infer<typeof TypeformWebhook>;

function answerText(a: z.infer<typeof Answer>): string | undefined {
  return (
    a.text ??
    a.email ??
    a.url ??
    a.phone_number ??
    a.date ??
    asText(a.number) ??
    asText(a.boolean) ??
    a.choice?.label ??
    a.choice?.other ??
    asText(a.choices?.labels ?? (a.choices?.other ? [a.choices.other] : undefined))
  );
}

export const typeformProvider: FormProviderSpec = {
  /** `Typeform-Signature: sha256=<base64 HMAC-SHA256 of the raw body>`. */
  verify(req, { secret }) {
    const m = /^sha256=(.+)$/.exec(req.header("typeform-signature")?.trim() ?? "");
    return m && constantTimeEqual(m[1] ?? "", hmacSha256(secret, req.body, "base64"))
      ? { ok: true }
      : { ok: false, message: "Missing or bad Typeform-Signature." };
  },
  extract(req) {
    const json = parseJson(req.body);
    if (!json.ok && json.reason !== "not_json") return { ok: false, message: json.message };
    const p = TypeformWebhook.safeParse(json.ok ? json.value : undefined);
    if (!p.success) return { ok: false, message: "Not a Typeform form_response webhook." };
    const fields: SubmissionFields = { ...p.data.form_response.hidden };
    for (const a of p.data.form_response.answers) {
      const v = answerText(a);
      if (v === undefined) continue;
      fields[a.field.ref ?? a.field.id] = v;
    }
    return { ok: true, fields, eventId: p.data.event_id };
  },
};
