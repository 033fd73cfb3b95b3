import { loadTicketFor, lockTicket, requireAgent } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { conflict } from "../errors.js";
import { enqueue, ticketChanged } from "../outbox/enqueue.js";
import { change, recordEvent } from "../timeline.js";
import { claimTicketFast } from "./claim-ticket-sql.js";
import { endQuarantine } from "./quarantine.js";
import { readTicketView, type TicketView } from "./view.js";

export interface ClaimTicketInput {
  ticketId: number;
}

/**
 * The acting agent takes an unowned ticket. Two agents racing for one ticket: the conditional
 * update lets exactly one through, and the other is told who has it. A plain win takes the
 * plain-SQL path (claim-ticket-sql.ts); every refusal comes from the Prisma path below.
 */
export async function claimTicket(deps: CoreDeps, input: ClaimTicketInput, actor: Actor): Promise<TicketView> {
  const at = deps.now();
  return (await claimTicketFast(deps, input, actor, at)) ?? claimTicketGeneral(deps, input, actor, at);
}

/**
 * The Prisma path of a claim: any claim, and the refusals. The ticket's row lock is taken before it
 * is read (see lockTicket), so a claim that waited on a concurrent move, delete or merge checks
 * what that committed, and of racing claims the later ones see the winner. Exported for the parity test.
 */
export async function claimTicketGeneral(deps: CoreDeps, input: ClaimTicketInput, actor: Actor, at: Date = deps.now()): Promise<TicketView> {
  return withTx(deps, async (tx) => {
    const agent = await requireAgent(tx, actor);
    await lockTicket(tx, input.ticketId, at);
    const ticket = await loadTicketFor(tx, { type: "agent", agent }, input.ticketId);
    if (ticket.ownerId === agent.id) throw conflict(`You already own #${ticket.id}.`);
    const won = await tx.ticket.updateMany({
      where: { id: ticket.id, ownerId: null },
      data: { ownerId: agent.id, updatedAt: at },
    });
    if (won.count === 0) {
      const now = await tx.ticket.findUnique({ where: { id: ticket.id }, include: { owner: true } });
      throw conflict(`#${ticket.id} is already claimed by ${now?.owner?.name ?? "another agent"}.`);
    }
    await endQuarantine(tx, at, { type: "agent", agent }, ticket);
    await recordEvent(tx, at, ticket.id, { type: "agent", agent }, "ticket.claimed", { owner: change(null, agent.id) });
    await enqueue(tx, at, ticketChanged(ticket.id, "owner"));
    return readTicketView(tx, deps.catalog, ticket.id);
  });
}
