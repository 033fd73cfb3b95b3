// Tickets filed apart: an auto-reply or a bounce that matched no ticket is stored as a ticket of its
// own (nothing is lost) but kept out of the default queues and out of chat, where it would ask
// agents for attention nobody needs to give. Agents find it in the "auto" queue or by search. The
// first agent who takes it up (claims, assigns, replies, reopens or moves it on to an open status)
// or a person writing on its thread brings it into the normal flow: its card is posted then, with
// its thread so far.
import type { ActingParty } from "../access.js";
import type { Tx } from "../db.js";
import { enqueue, messagePosted, ticketChanged } from "../outbox/enqueue.js";
import { recordEvent } from "../timeline.js";
import type { AutoKind } from "./ingest-inbound.js";

/**
 * Whether an inbound message that opens a ticket files it apart: a bounce or an auto-reply that
 * answers nothing we have. List and bulk mail is not: a customer's first message often arrives
 * through a mailing list or a support address run as a group, and must reach the queues.
 */
export function opensQuarantined(input: { autoKind?: AutoKind | undefined }): boolean {
  return input.autoKind === "bounce" || input.autoKind === "auto_reply";
}

/**
 * Brings a ticket filed apart into the normal flow, inside the caller's transaction (which holds
 * the ticket's row lock): the flag is cleared, the timeline says who did it, and the card and the
 * thread so far are queued for chat. Call it before the action enqueues its own rows, so the card
 * is posted before it is updated. Returns false (and writes nothing) for any other ticket.
 */
export async function endQuarantine(tx: Tx, at: Date, party: ActingParty, ticket: { id: number; quarantined: boolean }): Promise<boolean> {
  if (!ticket.quarantined) return false;
  const done = await tx
    .updateTable("Ticket")
    .set({ quarantined: false, updatedAt: at })
    .where("id", "=", ticket.id)
    .where("quarantined", "=", true)
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) === 0) return false;
  await recordEvent(tx, at, ticket.id, party, "ticket.unquarantined");
  // Nothing of the ticket reached chat while it was apart: every message so far goes to its thread.
  const messages = await tx
    .selectFrom("Message")
    .select("id")
    .where("ticketId", "=", ticket.id)
    .orderBy("createdAt")
    .orderBy("id")
    .execute();
  await enqueue(tx, at, ticketChanged(ticket.id, "unquarantined"), ...messages.map((m) => messagePosted(ticket.id, m.id)));
  return true;
}
