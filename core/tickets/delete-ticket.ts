import { loadTicketFor, requireAgent, type ActingParty } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { conflict, forbidden } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { enqueue, ticketChanged } from "../outbox/enqueue.js";
import { recordEvent } from "../timeline.js";
import { readTicketView, type TicketView } from "./view.js";

export interface DeleteTicketInput {
  ticketId: number;
}

/**
 * Soft-deletes a ticket: it keeps its data (an admin can restore it) but no longer shows in
 * queues or to other use cases. Admins and the ticket's owner may do it.
 */
export async function deleteTicket(deps: CoreDeps, input: DeleteTicketInput, actor: Actor): Promise<TicketView> {
  const at = deps.now();
  return withTx(deps, async (tx) => {
    const agent = await requireAgent(tx, actor);
    const party: ActingParty = { type: "agent", agent };
    // A merged secondary is still its own ticket to tidy away, so it may be deleted too.
    const ticket = await loadTicketFor(tx, party, input.ticketId, { allowMerged: true });
    if (agent.role !== "admin" && ticket.ownerId !== agent.id) {
      throw forbidden(msg("errors.deleteNotAllowed", { id: ticket.id }));
    }
    // Conditional, so that of two racing deletes only one records an event.
    const won = await tx
      .updateTable("Ticket")
      .set({ deletedAt: at, updatedAt: at })
      .where("id", "=", ticket.id)
      .where("deletedAt", "is", null)
      .executeTakeFirst();
    if (Number(won.numUpdatedRows) === 0) throw conflict(msg("errors.deletedJustNow", { id: ticket.id }));
    await recordEvent(tx, at, ticket.id, party, "ticket.deleted");
    await enqueue(tx, at, ticketChanged(ticket.id, "deleted"));
    return readTicketView(tx, deps.catalog, ticket.id);
  });
}
