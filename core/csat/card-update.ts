// The ticket's card shows its latest rating: a rating (or a comment) recorded on a ticket asks
// every chat surface to bring the card up to date, once per transaction, like any other change.
import type { Tx } from "../db.js";
import { cardQueued } from "../jobs/work-signal.js";
import { enqueue, ticketChanged } from "../outbox/enqueue.js";

/**
 * Queues the ticket's card update after a rating was stored on it, in the caller's transaction;
 * nothing when the transaction already queued one for the ticket.
 */
export async function queueCsatCardUpdate(tx: Tx, at: Date, ticketId: number): Promise<void> {
  if (cardQueued(tx, ticketId)) return;
  await enqueue(tx, at, ticketChanged(ticketId, "csat"));
}
