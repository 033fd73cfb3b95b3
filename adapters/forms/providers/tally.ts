import { z } from "zod";
import { constantTimeEqual, hmacSha256 } from "../auth.js";
import { asText, parseJson, type FormProviderSpec, type SubmissionFields } from "./types.js";

const TallyField = z.object({
  key: z.string(),
  label: z.string().nullish(),
  type: z.string(),
  value: z.unknown(),
  options: z.array(z.object({ id: z.string(), text: z.string() })).optional(),
});

/**
 * Tally's FORM_RESPONSE webhook. Answers are named by their question's label (its `key` when
 * it has none), as the form's owner sees them in Tally.
 * @see https://tally.so/help/webhooks
 */
export const TallyWebhook = z.object({
  eventId: z.string().min(1),
  eventType: z.literal("FORM_RESPONSE"),
  data: z.object({
    responseId: z.string().optional(),
    submissionId: z.string().optional(),
    formId: z.string(),
    fields: z.array(TallyField).default([]),
  }),
});
export type TallyWebhook = z.infer<typeof TallyWebhook>;

/** Choice questions send option ids; agents want the option text. */
function fieldText(f: z.infer<typeof TallyField>): string | undefined {
  if (f.options && Array.isArray(f.value)) return asText(f.value.map((id) => f.options!.find((o) => o.id === id)?.text ?? id));
  if (f.options && typeof f.value === "string") return f.options.find((o) => o.id === f.value)?.text ?? f.value;
  return asText(f.value);
}

export const tallyProvider: FormProviderSpec = {
  /** `Tally-Signature: <base64 HMAC-SHA256 of the raw JSON body>`. */
  verify(req, { secret }) {
    const given = req.header("tally-signature")?.trim() ?? "";
    return given && constantTimeEqual(given, hmacSha256(secret, req.body, "base64"))
      ? { ok: true }
      : { ok: false, message: "Missing or bad Tally-Signature." };
  },
  extract(req) {
    const json = parseJson(req.body);
    if (!json.ok && json.reason !== "not_json") return { ok: false, message: json.message };
    const p = TallyWebhook.safeParse(json.ok ? json.value : undefined);
    if (!p.success) return { ok: false, message: "Not a Tally FORM_RESPONSE webhook." };
    const fields: SubmissionFields = {};
    for (const f of p.data.data.fields) {
      const v = fieldText(f);
      if (v === undefined) continue;
      fields[f.label?.trim() || f.key] = v;
    }
    // Tally retries a delivery with the same event; the submission id also survives re-sends.
    return { ok: true, fields, eventId: p.data.data.submissionId ?? p.data.eventId };
  },
};
