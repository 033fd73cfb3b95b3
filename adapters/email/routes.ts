import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { ingestInbound, isHelpdeskError, sightRequestKey, type CoreDeps, type Logger } from "../../core/index.js";
import type { EmailIntakeOptions } from "./config.js";
import { errorBody, statusForCoreError } from "./http-errors.js";
import { emailProviderRegistry } from "./providers/index.js";
import { emailProviders, type EmailProvider } from "./providers/types.js";
import { toInboundInput } from "./to-inbound.js";

export const EmailWebhookParams = z.object({ provider: z.enum(emailProviders) });
export type EmailWebhookParams = z.infer<typeof EmailWebhookParams>;

/** What the webhook answers once the message is committed. */
export interface EmailWebhookResponse {
  ticketId: number;
  ticketNumber: string;
  created: boolean;
}

export interface EmailRoutesOptions extends EmailIntakeOptions {
  deps: CoreDeps;
  log: Logger;
}

/**
 * `POST /:provider` (mounted at /webhooks/email): verify the provider's signature, parse, and
 * hand the message to the core. 200 only after the core's transaction committed; a provider
 * retrying after a timeout gets the same ticket back (the Message-ID is the dedupe key).
 */
export function emailWebhookRoutes(opts: EmailRoutesOptions): Hono {
  const app = new Hono();
  const replayWindowMs = opts.replayWindowMs ?? 5 * 60_000;
  const log = (provider: string) => opts.log.child({ provider });
  const limits = Object.fromEntries(
    emailProviders.map((p) => {
      const maxSize = typeof opts.maxBytes === "number" ? opts.maxBytes : opts.maxBytes[p];
      return [
        p,
        bodyLimit({ maxSize, onError: (c) => c.json(errorBody("too_large", `The message is larger than ${maxSize} bytes.`), 413) }),
      ];
    }),
  ) as Record<EmailProvider, MiddlewareHandler>;
  app.post(
    "/:provider",
    // Everything that needs no body runs before bodyLimit, which buffers a chunked upload in full:
    // an unknown provider, one without credentials, or a caller without them costs no read.
    async (c, next) => {
      const params = EmailWebhookParams.safeParse(c.req.param());
      if (!params.success) return c.json(errorBody("unknown_provider", `Known providers: ${emailProviders.join(", ")}.`), 404);
      const { provider } = params.data;
      const secret = opts.secrets[provider];
      const refused = !secret
        ? { status: 401 as const, code: "unauthorized", message: `${provider} intake is not configured on this server.` }
        : (emailProviderRegistry[provider].checkHeaders?.({ header: (n) => c.req.header(n) }, secret) ?? null);
      if (!refused) return next();
      log(provider).warn("inbound email refused", { status: refused.status, code: refused.code });
      return c.json(errorBody(refused.code, refused.message), refused.status);
    },
    (c, next) => limits[EmailWebhookParams.parse(c.req.param()).provider](c, next),
    async (c) => {
      const provider = EmailWebhookParams.parse(c.req.param()).provider;
      const body = new Uint8Array(await c.req.arrayBuffer());
      const now = opts.deps.now();
      const received = await emailProviderRegistry[provider].receive(
        { body, contentType: c.req.header("content-type") ?? "", header: (n) => c.req.header(n) },
        // The secret is set: the check before bodyLimit refused the request otherwise.
        {
          secret: opts.secrets[provider] ?? "",
          now,
          replayWindowMs,
          sight: (key, ttlMs, value) => sightRequestKey(opts.deps, key, ttlMs, now, value),
        },
      );
      if (!received.ok) {
        log(provider).warn("inbound email refused", { status: received.status, code: received.code });
        return c.json(errorBody(received.code, received.message), received.status);
      }
      const intake = toInboundInput(received.email, { provider, inboxes: opts.inboxes, attachmentMaxBytes: opts.attachmentMaxBytes });
      try {
        const r = await ingestInbound(opts.deps, intake.input);
        log(provider).info("inbound email stored", {
          ticket: r.ticket.number,
          created: r.created,
          duplicate: r.duplicate,
          auto: intake.auto ?? undefined,
          ccOmitted: intake.ccOmitted || undefined,
        });
        return c.json({ ticketId: r.ticket.id, ticketNumber: r.ticket.number, created: r.created } satisfies EmailWebhookResponse, 200);
      } catch (e) {
        if (!isHelpdeskError(e)) throw e;
        // The core's message quotes what it refused (a malformed sender address is the customer's
        // text): the log gets the code and the fields at fault instead.
        log(provider).warn("inbound email refused by the core", { code: e.code, fields: Object.keys(e.fields ?? {}) });
        return c.json(errorBody(e.code, e.message), statusForCoreError[e.code]);
      }
    },
  );
  return app;
}
