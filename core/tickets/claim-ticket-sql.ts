import type { Actor, CoreDeps } from "../deps.js";
import { ticketChanged } from "../outbox/enqueue.js";
import { change } from "../timeline.js";
import { actionable, activeAgentSql, enqueueSql, recordAgentEventSql, runFastPath, StepAside, ticketRowSql } from "./agent-action-sql.js";
import type { ClaimTicketInput } from "./claim-ticket.js";
import { toTicketView, type TicketView } from "./view.js";

/**
 * The hot path of a claim, the most frequent click on a card: the same rows `claimTicket` writes
 * (owner and updatedAt, the "claimed" event, the card update in the outbox) in one transaction of
 * prepared statements. The owner is set by the same conditional update (`ownerId IS NULL`), so of
 * two racing claims exactly one wins on either path. Returns null for anything but a plain win
 * (not an agent, not visible, deleted, merged, already owned, filed apart, lost the race, a
 * transient driver error): `claimTicket` then runs its Prisma path, which refuses with the one
 * message for each case, or takes a ticket filed apart into the normal flow (quarantine.ts).
 *
 * The first read takes no lock, so on PostgreSQL (READ COMMITTED) the ticket may change before the
 * update gets its row lock: an update that waited on a team move, a delete or a merge still
 * matches `ownerId IS NULL`. So once the lock is held the ticket is read again and checked again;
 * if the agent may no longer act on it the transaction rolls back (StepAside).
 */
export async function claimTicketFast(deps: CoreDeps, input: ClaimTicketInput, actor: Actor, at: Date): Promise<TicketView | null> {
  if (actor.type !== "agent") return null;
  return runFastPath(deps, async (q) => {
    const agent = await activeAgentSql(q, actor.agentId);
    const ticket = agent && (await ticketRowSql(q, input.ticketId));
    if (!agent || !ticket || !actionable(agent, ticket) || ticket.ownerId !== null || ticket.quarantined) return null;
    const won = await q.execute(`UPDATE "Ticket" SET "ownerId" = ?, "updatedAt" = ? WHERE id = ? AND "ownerId" IS NULL`, [agent.id, at, ticket.id]);
    if (won === 0) return null;
    // The row lock is held now: what is read from here on is what the claim really applies to.
    const locked = await ticketRowSql(q, ticket.id);
    if (!locked || !actionable(agent, locked) || locked.quarantined) throw new StepAside();
    await recordAgentEventSql(q, at, ticket.id, agent.id, "ticket.claimed", { owner: change(null, agent.id) });
    await enqueueSql(q, at, [ticketChanged(ticket.id, "owner")]);
    // Read back, as the Prisma path does: on PostgreSQL another action may have committed meanwhile.
    return toTicketView((await ticketRowSql(q, ticket.id))!, deps.catalog);
  });
}
