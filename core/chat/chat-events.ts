// Chat platforms deliver an event again when they think the first delivery failed (Slack retries
// for about an hour with the same `event_id`). Each event is handled once, by one replica: the
// right to handle it is an expiring key (core/keys/remember-key.ts), not a lease.
import type { CoreDeps } from "../deps.js";
import { forgetKey, rememberKey, sightKey } from "../keys/remember-key.js";

/** How long an event's key is kept: longer than any platform retries it. */
export const chatEventKeepMs = 24 * 60 * 60_000;

const eventKey = (surface: string, eventId: string) => `${surface}:${eventId}`;

/**
 * Takes the one right to handle a chat event for `holder`: true the first time the event is
 * seen (within a day), false for every later delivery, whichever replica it reaches.
 */
export async function claimChatEvent(
  deps: Pick<CoreDeps, "db" | "now">,
  surface: string,
  eventId: string,
  holder: string,
): Promise<boolean> {
  return (await sightKey(deps.db, "chat-event", eventKey(surface, eventId), chatEventKeepMs, deps.now(), holder)).first;
}

/**
 * Gives an event back when handling it failed, so the platform's retry gets another chance; only
 * `holder`'s own claim.
 */
export async function releaseChatEvent(deps: Pick<CoreDeps, "db">, surface: string, eventId: string, holder: string): Promise<void> {
  await forgetKey(deps.db, "chat-event", eventKey(surface, eventId), holder);
}

/**
 * True the first time a request key (a signed request's signature, say) is seen within `ttlMs`,
 * false for a replay: for a receiver's replay window, shared by every replica.
 */
export async function firstSightingOfRequest(deps: Pick<CoreDeps, "db">, key: string, ttlMs: number, now: Date): Promise<boolean> {
  return rememberKey(deps.db, "signed-request", key, ttlMs, now);
}
