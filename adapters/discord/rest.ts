// The REST side every Discord delivery shares: a client that leaves rate limits to the outbox,
// how a REST failure reads to the outbox, and the ids the adapter records for Discord messages.
import { DiscordAPIError, RateLimitError, REST, type RESTOptions } from "discord.js";
import { DeliveryError } from "../../core/index.js";

/**
 * The REST client for deliveries: it never waits out a rate limit nor retries on its own, so a
 * 429 comes straight back as a RateLimitError and the outbox decides when to try again.
 */
export function discordRest(token: string, opts: Partial<RESTOptions> = {}): REST {
  return new REST({ version: "10", retries: 0, rejectOnRateLimit: () => true, ...opts }).setToken(token);
}

/** The `externalId` of a Discord message in MessageRef and in comment origins. */
export const discordRef = (channel: string, messageId: string) => `${channel}:${messageId}`;

/** The MessageRef system of a reply posted back where the requester wrote. */
export const originRefSystem = "discord.origin";

/** A REST failure as the outbox understands it. */
export function deliveryFailure(what: string, e: unknown): DeliveryError {
  if (e instanceof DeliveryError) return e;
  if (e instanceof RateLimitError) {
    const ms = Math.max(e.retryAfter > 0 ? e.retryAfter : e.timeToReset, 1_000);
    return new DeliveryError(`Discord ${what}: rate limited`, { retryAfterMs: Math.ceil(ms) });
  }
  if (e instanceof DiscordAPIError) {
    const permanent = e.status >= 400 && e.status < 500 && e.status !== 404 && e.status !== 429;
    return new DeliveryError(`Discord ${what}: HTTP ${e.status} (${e.code}) ${e.message}`, { permanent });
  }
  return new DeliveryError(`Discord ${what}: ${e instanceof Error ? e.message : String(e)}`);
}

export const notFound = (e: unknown) => e instanceof DiscordAPIError && e.status === 404;

export async function call<T>(what: string, fn: () => Promise<unknown>): Promise<T> {
  try {
    return (await fn()) as T;
  } catch (e) {
    throw deliveryFailure(what, e);
  }
}
