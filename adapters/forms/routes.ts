import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { ingestInbound, isHelpdeskError, sightRequestKey, type CoreDeps, type ErrorCode, type Logger } from "../../core/index.js";
import type { ConfiguredForm } from "./config.js";
import { earlierSubmission, rememberBody, submissionKeys } from "./dedupe.js";
import { mapSubmission } from "./map-submission.js";
import { formProviderRegistry } from "./providers/index.js";

export const FormWebhookParams = z.object({ formId: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/) });
export type FormWebhookParams = z.infer<typeof FormWebhookParams>;

const statusForCoreError: Record<ErrorCode, ContentfulStatusCode> = { invalid: 400, not_found: 404, forbidden: 403, conflict: 409 };
const errorBody = (code: string, message: string, fields?: Readonly<Record<string, string>>) => ({
  error: { code, message, ...(fields ? { fields } : {}) },
});

export interface FormRoutesOptions {
  deps: CoreDeps;
  log: Logger;
  forms: readonly ConfiguredForm[];
  maxBytes: number;
  /**
   * Signed timestamps further than this from now are refused (replays); default 5 minutes. Within
   * it, the same signature again gets its first sighting's ticket and writes nothing new.
   */
  replayWindowMs?: number;
}

/** `POST /:formId` (mounted at /webhooks/forms): verify, map the answers, open one ticket. */
export function formWebhookRoutes(opts: FormRoutesOptions): Hono {
  const app = new Hono();
  const byId = new Map(opts.forms.map((f) => [f.id, f]));
  app.post(
    "/:formId",
    // An unknown form is refused before its body is read.
    async (c, next) => {
      const params = FormWebhookParams.safeParse(c.req.param());
      if (!params.success || !byId.has(params.data.formId)) return c.json(errorBody("unknown_form", "There is no such form."), 404);
      await next();
    },
    bodyLimit({
      maxSize: opts.maxBytes,
      onError: (c) => c.json(errorBody("too_large", `The submission is larger than ${opts.maxBytes} bytes.`), 413),
    }),
    async (c) => {
      const params = FormWebhookParams.safeParse(c.req.param());
      const form = params.success ? byId.get(params.data.formId) : undefined;
      if (!form) return c.json(errorBody("unknown_form", "There is no such form."), 404);
      const log = opts.log.child({ form: form.id });
      const req = {
        body: new Uint8Array(await c.req.arrayBuffer()),
        contentType: c.req.header("content-type") ?? "",
        header: (n: string) => c.req.header(n),
      };
      const provider = formProviderRegistry[form.kind];
      const now = opts.deps.now();
      const verified = provider.verify(req, { secret: form.secret, now, replayWindowMs: opts.replayWindowMs ?? 5 * 60_000 });
      if (!verified.ok) {
        log.warn("form submission refused", { status: 401 });
        return c.json(errorBody("unauthorized", verified.message), 401);
      }
      const extracted = provider.extract(req);
      if (!extracted.ok) return c.json(errorBody("malformed", extracted.message), 400);
      const keys = submissionKeys(form.id, req.body, extracted.eventId, now, form.dedupeWindowSeconds);
      let externalId = (await earlierSubmission(opts.deps, keys, now)) ?? keys.event ?? keys.current;
      if (verified.signed) {
        // The HMAC covers the body, so the same signature is the same request (a retry, or a replay
        // of a captured one): it takes the submission its first sighting chose, and so its ticket,
        // even when the form's dedupe window has closed on that body already.
        const { id, untilMs } = verified.signed;
        const sighting = await sightRequestKey(opts.deps, `form:${form.id}:${id}`, untilMs - now.getTime(), now, externalId);
        if (!sighting.first) externalId = sighting.value;
      }
      const mapped = mapSubmission(form, extracted.fields, externalId);
      if (!mapped.ok) return c.json(errorBody("missing_field", mapped.message, { [mapped.field]: mapped.message }), 400);
      try {
        const r = await ingestInbound(opts.deps, mapped.input);
        if (!r.duplicate && externalId === keys.event) await rememberBody(opts.deps, r.messageId, keys);
        log.info("form submission stored", { ticket: r.ticket.number, created: r.created, duplicate: r.duplicate });
        return c.json({ ticketId: r.ticket.id, ticketNumber: r.ticket.number, created: r.created }, 200);
      } catch (e) {
        if (!isHelpdeskError(e)) throw e;
        return c.json(errorBody(e.code, e.message, e.fields), statusForCoreError[e.code]);
      }
    },
  );
  return app;
}
