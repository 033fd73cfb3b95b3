import { actOnLockedTicket } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { conflict, forbidden } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { enqueue, ticketChanged } from "../outbox/enqueue.js";
import { change, recordEvent } from "../timeline.js";
import { assertKeepsStatusRequirements } from "./apply-status-change.js";
import { readTicketView, type TicketView } from "./view.js";

export interface ReleaseTicketInput {
  ticketId: number;
}

/**
 * The owner gives a ticket back to the unassigned queue. Admins may release anyone's ticket
 * (e.g. for an agent who is away); other agents must ask the owner or use assign.
 */
export async function releaseTicket(deps: CoreDeps, input: ReleaseTicketInput, actor: Actor): Promise<TicketView> {
  // Row lock first: of two racing releases the second then sees the ticket already unowned.
  return actOnLockedTicket(deps, actor, input.ticketId, async ({ tx, at, agent, party, ticket }) => {
    if (ticket.ownerId === null) throw conflict(msg("errors.notAssigned", { id: ticket.id }));
    if (ticket.ownerId !== agent.id && agent.role !== "admin") {
      const owner = await tx.selectFrom("Agent").select("name").where("id", "=", ticket.ownerId).executeTakeFirst();
      throw forbidden(msg("errors.ownedBy", { id: ticket.id, owner: owner?.name ?? null }));
    }
    assertKeepsStatusRequirements(deps.catalog, ticket, { ownerId: null });
    await tx.updateTable("Ticket").set({ ownerId: null, updatedAt: at }).where("id", "=", ticket.id).execute();
    await recordEvent(tx, at, ticket.id, party, "ticket.released", { owner: change(ticket.ownerId, null) });
    await enqueue(tx, at, ticketChanged(ticket.id, "owner"));
    return readTicketView(tx, deps.catalog, ticket.id);
  });
}
