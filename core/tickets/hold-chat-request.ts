// A customer who submits a chat form twice (a double click, a second try before the first answer
// showed) should not get two tickets: the first submission holds the customer's place at that form
// for a while, and a later one within that while is pointed at the ticket the first made. The hold
// is an expiring key, so every replica agrees and two submissions racing each other cannot both win.
import type { CoreDeps } from "../deps.js";
import { forgetKey, renewKeyValue, sightKey } from "../keys/remember-key.js";
import type { ChatSurface } from "../outbox/delivery.js";
import { originRole } from "../chat/card-port.js";

export interface ChatRequestPlace {
  surface: ChatSurface;
  /** Where the form was offered (a support panel's channel). */
  placeId: string;
  /** The customer's chat account. */
  userId: string;
}

/** The ticket a held request made, as the customer is pointed at it. */
export interface HeldTicket {
  ticketId: number;
  number: string;
  /** The conversation it is worked in with the customer (its origin's channel), when it has one. */
  channelId: string | null;
}

/**
 * `held`: this request may open a ticket (and must settle or release the hold). Otherwise an
 * earlier one within the window holds the place: `ticket` is what it opened, still open, or null
 * while it is still being opened.
 */
export type ChatRequestHold = { held: true } | { held: false; ticket: HeldTicket | null };

const namespace = "chat-request";
const ticketValue = (ticketId: number) => `ticket:${ticketId}`;
const placeKey = (p: ChatRequestPlace) => `${p.surface}:${p.placeId}:${p.userId}`;

/**
 * How long a request may hold the place while it opens its ticket. Past that its holder is taken
 * for gone (it crashed, or its settle failed) and a later request may take the place over, so a
 * hold never settled blocks the customer for a minute, not for the whole window.
 */
export const inFlightMs = 60_000;

/**
 * How long a hold lasts from when it is taken: at least the in-flight life, whatever the window,
 * so a short window cannot expire under a request still opening its ticket (and let a double
 * click's second request open another).
 */
const holdLife = (windowMs: number) => Math.max(windowMs, inFlightMs);

/**
 * Holds the customer's place at a form for `windowMs` for the request `requestId`, unless an
 * earlier request within the window holds it. A hold whose ticket was closed or deleted since no
 * longer stands in the way: the customer opens a new one; nor does one still in flight after
 * `inFlightMs`. A window of 0 holds nothing.
 */
export async function holdChatRequest(
  deps: Pick<CoreDeps, "db" | "now">,
  place: ChatRequestPlace,
  requestId: string,
  windowMs: number,
): Promise<ChatRequestHold> {
  if (windowMs <= 0) return { held: true };
  const key = placeKey(place);
  for (let attempt = 0; attempt < 3; attempt++) {
    const now = deps.now();
    const seen = await sightKey(deps.db, namespace, key, holdLife(windowMs), now, requestId);
    if (seen.first || seen.value === requestId) return { held: true };
    const made = /^ticket:(\d+)$/.exec(seen.value);
    if (made) {
      const ticket = await openTicket(deps, Number(made[1]), place.surface);
      if (ticket) return { held: false, ticket };
    } else if (!inFlightTooLong(seen.expiresAt, windowMs, now)) {
      return { held: false, ticket: null };
    }
    // Its ticket is done with, or its holder gone: this request takes the place over, for a whole
    // hold from now, unless another just did.
    const until = new Date(now.getTime() + holdLife(windowMs));
    if (await renewKeyValue(deps.db, namespace, key, seen.value, requestId, until)) return { held: true };
  }
  return { held: false, ticket: null };
}

/**
 * Whether the request holding the place, its hold expiring at `expiresAt` (as sighted), took it
 * longer than `inFlightMs` ago. Should it have changed hands since, the takeover's renewal, which
 * replaces only the value sighted, fails and the place is sighted again.
 */
function inFlightTooLong(expiresAt: Date, windowMs: number, now: Date): boolean {
  // Every hold is taken (or taken over) for holdLife from then: its start is read off its expiry.
  const heldSince = expiresAt.getTime() - holdLife(windowMs);
  return now.getTime() - heldSince >= inFlightMs;
}

/**
 * The held request opened `ticketId`: later requests within the window (from now) are pointed at
 * it. Settled even when the hold has expired meanwhile, as long as no other request took it over.
 */
export async function settleChatRequest(
  deps: Pick<CoreDeps, "db" | "now">,
  place: ChatRequestPlace,
  requestId: string,
  ticketId: number,
  windowMs: number,
): Promise<void> {
  if (windowMs <= 0) return;
  const until = new Date(deps.now().getTime() + windowMs);
  await renewKeyValue(deps.db, namespace, placeKey(place), requestId, ticketValue(ticketId), until);
}

/** The held request opened nothing (it failed): the place is free again at once. */
export async function releaseChatRequest(deps: Pick<CoreDeps, "db">, place: ChatRequestPlace, requestId: string): Promise<void> {
  await forgetKey(deps.db, namespace, placeKey(place), requestId);
}

async function openTicket(deps: Pick<CoreDeps, "db">, ticketId: number, surface: ChatSurface): Promise<HeldTicket | null> {
  const row = await deps.db
    .selectFrom("Ticket")
    .select(["id", "open", "deletedAt", "mergedIntoId"])
    .where("id", "=", ticketId)
    .executeTakeFirst();
  if (!row || !row.open || row.deletedAt || row.mergedIntoId !== null) return null;
  const origin = await deps.db
    .selectFrom("ChatLink")
    .select("channelId")
    .where("ticketId", "=", ticketId)
    .where("surface", "=", surface)
    .where("role", "=", originRole)
    .orderBy("createdAt", "asc")
    .executeTakeFirst();
  return { ticketId, number: `#${ticketId}`, channelId: origin?.channelId ?? null };
}
