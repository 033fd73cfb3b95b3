// The `webhook` delivery target: POSTs an outbox row's event to its endpoint, signed, and tells
// the outbox what to do next. 2xx is delivered; 410 Gone disables the endpoint (its pending
// deliveries stop); 429, 5xx, timeouts and connection failures are retried with the outbox's
// backoff or the receiver's Retry-After (at most the hour between two attempts, as the outbox caps
// it); any other answer will not get better and fails at once.
import { z } from "zod";
import {
  DeliveryError,
  recordWebhookAttempt,
  silentLogger,
  webhookEndpointOpen,
  type CoreDeps,
  type DeliveryTarget,
  type Logger,
  type OutboxRow,
  type WebhookAttempt,
} from "../../core/index.js";
import { signatureHeader, signWebhook } from "./signature.js";

/** Where an endpoint's deliveries go and the secret they are signed with (read at start). */
export interface WebhookEndpointWire {
  url: string;
  secret: string;
}

export interface WebhookTargetOptions {
  deps: Pick<CoreDeps, "db" | "now">;
  /** The configured endpoints by id; a row for an endpoint no longer listed fails for good. */
  endpoints: ReadonlyMap<string, WebhookEndpointWire>;
  /** How long one request may take, answer included. */
  timeoutMs?: number;
  log?: Logger;
}

export const defaultWebhookTimeoutMs = 10_000;

/**
 * Receivers go down for maintenance for hours, so webhook rows are retried for about a day: the
 * dispatcher's doubling backoff up to an hour between attempts, 36 attempts in all (about 25 hours
 * of waiting without Retry-After), instead of the few minutes a chat post is worth.
 */
export const webhookRetry: NonNullable<DeliveryTarget["retry"]> = { maxAttempts: 36, backoffMaxMs: 60 * 60_000 };

const Payload = z.object({
  endpoint: z.string().min(1),
  event: z.object({ id: z.string().min(1), type: z.string().min(1) }).passthrough(),
});

/** @see https://www.rfc-editor.org/rfc/rfc9110#field.retry-after */
export function retryAfterMs(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

export function webhookDeliveryTarget(opts: WebhookTargetOptions): DeliveryTarget {
  const log = opts.log ?? silentLogger;
  const timeoutMs = opts.timeoutMs ?? defaultWebhookTimeoutMs;
  /**
   * The endpoint's record of a delivery or a failure is for admins to read; failing to write it
   * must not turn a delivery into a retry. Recording 410 Gone is more: it disables the endpoint.
   */
  const record = async (endpoint: string, attempt: WebhookAttempt) => {
    try {
      await recordWebhookAttempt(opts.deps, endpoint, attempt);
    } catch (e) {
      log.warn("webhook: could not record the attempt on its endpoint", { endpoint, outcome: attempt.outcome, err: String(e) });
    }
  };
  return {
    retry: webhookRetry,
    async deliver(row: OutboxRow) {
      const parsed = Payload.safeParse(row.payload);
      if (!parsed.success) throw new DeliveryError("webhook row without an endpoint or event", { permanent: true });
      const { endpoint, event } = parsed.data;
      const wire = opts.endpoints.get(endpoint);
      if (!wire) throw new DeliveryError(`webhook endpoint "${endpoint}" is no longer configured`, { permanent: true });
      if (!(await webhookEndpointOpen(opts.deps, endpoint)))
        throw new DeliveryError(`webhook endpoint "${endpoint}" is disabled`, { permanent: true });
      const body = JSON.stringify(event);
      const now = opts.deps.now().getTime();
      let res: Response;
      try {
        res = await fetch(wire.url, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            "User-Agent": "helpdesk-webhooks/1",
            [signatureHeader]: signWebhook(wire.secret, Math.floor(now / 1000), body),
            "X-Helpdesk-Event": event.type,
            "X-Helpdesk-Delivery": event.id,
          },
          body,
          // A redirect is answered as the failure it is: the body is not re-sent elsewhere.
          redirect: "manual",
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (e) {
        const failure = requestFailure(e, timeoutMs);
        await record(endpoint, { outcome: "failed", lastError: failure.message });
        throw failure;
      }
      // Only the status matters; the body is dropped so the connection can be reused.
      await res.body?.cancel().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) return record(endpoint, { outcome: "delivered" });
      const answered = { lastError: `receiver answered ${res.status}${res.statusText ? ` ${res.statusText}` : ""}` };
      if (res.status === 410) {
        try {
          await recordWebhookAttempt(opts.deps, endpoint, { outcome: "gone", ...answered, rowId: row.id });
        } catch (e) {
          // Failed for good without the endpoint disabled, this row would be lost while the
          // endpoint's other events kept going to a receiver that said it is gone. Tried again,
          // the receiver answers 410 again and this time it may be recorded.
          log.warn("webhook: the receiver answered 410 Gone but the endpoint could not be disabled; will retry", {
            endpoint,
            err: String(e),
          });
          throw new DeliveryError(`${answered.lastError}; the endpoint could not be disabled yet`);
        }
        log.warn("webhook: the receiver answered 410 Gone; the endpoint is disabled until an admin enables it", { endpoint });
        throw new DeliveryError(`${answered.lastError}: endpoint disabled`, { permanent: true });
      }
      await record(endpoint, { outcome: "failed", ...answered });
      if (res.status === 429 || res.status >= 500) {
        const wait = retryAfterMs(res.headers.get("retry-after"), now);
        throw new DeliveryError(answered.lastError, wait === undefined ? {} : { retryAfterMs: wait });
      }
      throw new DeliveryError(answered.lastError, { permanent: true });
    },
  };
}

/** Why a request got no answer, in words an operator can act on (no URL: it may hold a token). */
function requestFailure(e: unknown, timeoutMs: number): DeliveryError {
  if (e instanceof DOMException && (e.name === "TimeoutError" || e.name === "AbortError"))
    return new DeliveryError(`no answer within ${timeoutMs} ms`);
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return new DeliveryError(`request failed: ${cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e))}`);
}
