// The Web API client the adapter uses, and how its failures steer the outbox's retries.
import { ErrorCode, LogLevel, WebClient, type WebAPICallError } from "@slack/web-api";
import { DeliveryError } from "../../core/index.js";

/**
 * A client that never retries or waits on its own: a 429 comes straight back as an error with its
 * Retry-After, and the outbox decides when to try again (so nothing waits in memory).
 * @see https://api.slack.com/apis/rate-limits
 */
export function slackClient(token: string, opts: { apiUrl?: string | undefined } = {}): WebClient {
  return new WebClient(token, {
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.ERROR,
    ...(opts.apiUrl ? { slackApiUrl: opts.apiUrl.endsWith("/") ? opts.apiUrl : `${opts.apiUrl}/` } : {}),
  });
}

/** Errors no retry can fix: the message or channel itself is wrong. */
const hopeless = new Set([
  "channel_not_found",
  "is_archived",
  "not_in_channel",
  "invalid_blocks",
  "invalid_blocks_format",
  "msg_too_long",
  "no_text",
  "too_many_attachments",
  "user_not_found",
  "cannot_dm_bot",
  "restricted_action",
]);

/** The Slack error code of a failed call ("message_not_found", …), if it was Slack's answer. */
export function platformError(e: unknown): string | undefined {
  const err = e as Partial<WebAPICallError> | null;
  if (err?.code === ErrorCode.PlatformError) return String((err as { data: { error: string } }).data.error);
  return undefined;
}

/** Whether Slack answered a call and did not do it (an error answer, a rate limit), unlike a timeout or a 5xx, after which it may have. */
export function refusedBySlack(e: unknown): boolean {
  const code = (e as Partial<WebAPICallError> | null)?.code;
  return code === ErrorCode.PlatformError || code === ErrorCode.RateLimitedError;
}

/** A Web API failure as the outbox understands it, with the method for context. */
export function deliveryFailure(method: string, e: unknown): DeliveryError {
  const err = e as Partial<WebAPICallError> | null;
  switch (err?.code) {
    case ErrorCode.RateLimitedError:
      return new DeliveryError(`Slack ${method}: rate limited`, { retryAfterMs: (err as { retryAfter: number }).retryAfter * 1000 });
    case ErrorCode.PlatformError: {
      const code = platformError(e)!;
      return new DeliveryError(`Slack ${method}: ${code}`, { permanent: hopeless.has(code) });
    }
    case ErrorCode.HTTPError:
      return new DeliveryError(`Slack ${method}: HTTP ${(err as { statusCode: number }).statusCode}`);
    default:
      return new DeliveryError(`Slack ${method}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Runs one Web API call, turning its failure into a DeliveryError. */
export async function call<T>(method: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw deliveryFailure(method, e);
  }
}
