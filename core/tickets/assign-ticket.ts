import { assertAssignable, actOnLockedTicket } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { invalid } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { enqueue, notifyAgents, ticketChanged } from "../outbox/enqueue.js";
import { change, recordEvent } from "../timeline.js";
import { assertKeepsStatusRequirements } from "./apply-status-change.js";
import { endQuarantine } from "./quarantine.js";
import { readTicketView, type TicketView } from "./view.js";

export interface AssignTicketInput {
  ticketId: number;
  /** The new owner, or null to put the ticket back in the unassigned queue. */
  ownerId: string | null;
}

/**
 * Any agent who can see a ticket hands it to an agent who can see it too, or unassigns it.
 * The new owner is notified, unless they assigned it to themselves.
 */
export async function assignTicket(deps: CoreDeps, input: AssignTicketInput, actor: Actor): Promise<TicketView> {
  // Row lock first: racing assignments queue up, so each event's "before" is the real owner.
  return actOnLockedTicket(deps, actor, input.ticketId, async ({ tx, at, agent, party, ticket }) => {
    const ownerId = input.ownerId;
    if (ownerId === ticket.ownerId) {
      if (ownerId === null) throw invalid(msg("errors.alreadyUnassigned", { id: ticket.id }), { owner: msg("fields.pickAgent") });
      const owner = await tx.selectFrom("Agent").select("name").where("id", "=", ownerId).executeTakeFirst();
      throw invalid(msg("errors.alreadyOwnedBy", { id: ticket.id, owner: owner?.name ?? ownerId }), {
        owner: msg("fields.pickAnotherAgent"),
      });
    }
    if (ownerId === null) assertKeepsStatusRequirements(deps.catalog, ticket, { ownerId: null });
    else await assertAssignable(tx, ownerId, ticket.teamId);
    // Giving it to someone takes a ticket filed apart into the normal flow.
    if (ownerId !== null) await endQuarantine(tx, at, party, ticket);
    await tx.updateTable("Ticket").set({ ownerId, updatedAt: at }).where("id", "=", ticket.id).execute();
    await recordEvent(tx, at, ticket.id, party, "ticket.assigned", { owner: change(ticket.ownerId, ownerId) });
    const notify = ownerId !== null && ownerId !== agent.id ? [ownerId] : [];
    await enqueue(tx, at, ticketChanged(ticket.id, "owner"), ...notifyAgents(ticket.id, notify, "assigned"));
    return readTicketView(tx, deps.catalog, ticket.id);
  });
}
