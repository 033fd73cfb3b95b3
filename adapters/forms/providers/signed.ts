import { z } from "zod";
import { hmacSha256, safeEqual } from "../auth.js";
import { asText, parseJson, type FormProviderSpec, type SubmissionFields } from "./types.js";

/** `X-Helpdesk-Signature: sha256=<hex HMAC-SHA256 of the raw body>`, keyed with the form's secret. */
export const formSignatureHeader = "x-helpdesk-signature";

/** A flat JSON object of answers (strings, numbers, booleans, lists of those). */
export const SignedJsonSubmission = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.union([z.string(), z.number(), z.boolean()]))]));

/**
 * Any website's form: JSON or application/x-www-form-urlencoded, signed by the site's backend.
 * An `Idempotency-Key` header, when sent, makes a retried post one submission.
 */
export const signedProvider: FormProviderSpec = {
  verify(req, secret) {
    const m = /^sha256=([0-9a-f]{64})$/i.exec(req.header(formSignatureHeader)?.trim() ?? "");
    return m && safeEqual((m[1] ?? "").toLowerCase(), hmacSha256(secret, req.body, "hex")) ? { ok: true } : { ok: false, message: `Missing or bad ${formSignatureHeader} signature.` };
  },
  extract(req) {
    const type = (req.contentType.split(";")[0] ?? "").trim().toLowerCase();
    const eventId = req.header("idempotency-key")?.trim() || undefined;
    if (type === "application/x-www-form-urlencoded") {
      const fields: SubmissionFields = {};
      for (const [k, v] of new URLSearchParams(Buffer.from(req.body).toString("utf8"))) fields[k] = fields[k] ? `${fields[k]}, ${v}` : v;
      return { ok: true, fields, eventId };
    }
    if (type !== "application/json") return { ok: false, message: "Send the form as application/json or application/x-www-form-urlencoded." };
    const parsed = SignedJsonSubmission.safeParse(parseJson(req.body));
    if (!parsed.success) return { ok: false, message: "The body must be a flat JSON object of field values." };
    const fields: SubmissionFields = {};
    for (const [k, v] of Object.entries(parsed.data)) {
      const t = asText(v);
      if (t !== undefined) fields[k] = t;
    }
    return { ok: true, fields, eventId };
  },
};
