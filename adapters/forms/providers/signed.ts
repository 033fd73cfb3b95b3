import { z } from "zod";
import { constantTimeEqual, hmacSha256 } from "../auth.js";
import { asText, parseJson, type FormProviderSpec, type FormRequest, type SubmissionFields } from "./types.js";

/**
 * `X-Helpdesk-Signature: t=<unix seconds>,sha256=<hex HMAC-SHA256>`, keyed with the form's secret,
 * over `<t>.<Idempotency-Key or empty>.<raw body>`. The timestamp bounds how long a captured
 * request can be replayed; the key is signed so a replay cannot pose as a new submission with a
 * fresh key.
 */
export const formSignatureHeader = "x-helpdesk-signature";

const idempotencyKey = (req: Pick<FormRequest, "header">) => req.header("idempotency-key")?.trim() ?? "";

/** The hex signature a sender computes (exported for tests and as the reference for the README). */
export function formSignature(secret: string, timestamp: string, key: string, body: Uint8Array): string {
  return hmacSha256(secret, Buffer.concat([Buffer.from(`${timestamp}.${key}.`, "utf8"), body]), "hex");
}

/** A flat JSON object of answers (strings, numbers, booleans, lists of those). */
export const SignedJsonSubmission = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.union([z.string(), z.number(), z.boolean()]))]),
);

/**
 * Any website's form: JSON or application/x-www-form-urlencoded, signed by the site's backend.
 * An `Idempotency-Key` header, when sent, makes a retried post one submission.
 */
export const signedProvider: FormProviderSpec = {
  verify(req, { secret, now, replayWindowMs }) {
    const m = /^t=(\d{1,12})\s*,\s*sha256=([0-9a-f]{64})$/i.exec(req.header(formSignatureHeader)?.trim() ?? "");
    if (!m?.[1] || !m[2] || !constantTimeEqual(m[2].toLowerCase(), formSignature(secret, m[1], idempotencyKey(req), req.body))) {
      return { ok: false, message: `Missing or bad ${formSignatureHeader} signature (t=<unix seconds>,sha256=<hex>).` };
    }
    if (Math.abs(now.getTime() - Number(m[1]) * 1000) > replayWindowMs)
      return { ok: false, message: `The ${formSignatureHeader} timestamp is outside the replay window.` };
    return { ok: true, signed: { id: `sha256=${m[2].toLowerCase()}`, untilMs: Number(m[1]) * 1000 + replayWindowMs + 1 } };
  },
  extract(req) {
    const type = (req.contentType.split(";")[0] ?? "").trim().toLowerCase();
    const eventId = idempotencyKey(req) || undefined;
    if (type === "application/x-www-form-urlencoded") {
      const fields: SubmissionFields = {};
      for (const [k, v] of new URLSearchParams(Buffer.from(req.body).toString("utf8"))) fields[k] = fields[k] ? `${fields[k]}, ${v}` : v;
      return { ok: true, fields, eventId };
    }
    if (type !== "application/json")
      return { ok: false, message: "Send the form as application/json or application/x-www-form-urlencoded." };
    const json = parseJson(req.body);
    if (!json.ok && json.reason !== "not_json") return { ok: false, message: json.message };
    const parsed = SignedJsonSubmission.safeParse(json.ok ? json.value : undefined);
    if (!parsed.success) return { ok: false, message: "The body must be a flat JSON object of field values." };
    const fields: SubmissionFields = {};
    for (const [k, v] of Object.entries(parsed.data)) {
      const t = asText(v);
      if (t !== undefined) fields[k] = t;
    }
    return { ok: true, fields, eventId };
  },
};
