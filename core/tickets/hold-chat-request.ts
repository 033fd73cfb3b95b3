// A customer who submits a chat form twice (a double click, a second try before the first answer
// showed) should not get two tickets: the first submission holds the customer's place at that form
// for a while, and a later one within that while is pointed at the ticket the first made. The hold
// is an expiring key, so every replica agrees and two submissions racing each other cannot both win.
import type { CoreDeps } from "../deps.js";
import { forgetKey, replaceKeyValue, sightKey } from "../keys/remember-key.js";
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
 * Holds the customer's place at a form for `windowMs` for the request `requestId`, unless an
 * earlier request within the window holds it. A hold whose ticket was closed or deleted since no
 * longer stands in the way: the customer opens a new one. A window of 0 holds nothing.
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
    const seen = await sightKey(deps.db, namespace, key, windowMs, now, requestId);
    if (seen.first || seen.value === requestId) return { held: true };
    const made = /^ticket:(\d+)$/.exec(seen.value);
    if (!made) return { held: false, ticket: null };
    const ticket = await openTicket(deps, Number(made[1]), place.surface);
    if (ticket) return { held: false, ticket };
    // Its ticket is done with: this request takes the place over, unless another just did.
    if (await replaceKeyValue(deps.db, namespace, key, seen.value, requestId, now)) return { held: true };
  }
  return { held: false, ticket: null };
}

/** The held request opened `ticketId`: later requests within the window are pointed at it. */
export async function settleChatRequest(
  deps: Pick<CoreDeps, "db" | "now">,
  place: ChatRequestPlace,
  requestId: string,
  ticketId: number,
): Promise<void> {
  await replaceKeyValue(deps.db, namespace, placeKey(place), requestId, ticketValue(ticketId), deps.now());
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
