import { loadTicketFor, lockTicket, requireAgent } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { conflict } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { enqueue, ticketChanged } from "../outbox/enqueue.js";
import { change, recordEvent } from "../timeline.js";
import { endQuarantine } from "./quarantine.js";
import { readTicketView, type TicketView } from "./view.js";

export interface ClaimTicketInput {
  ticketId: number;
}

/**
 * The acting agent takes an unowned ticket. The ticket's row lock is taken before it is read (see
 * lockTicket), so a claim that waited on a concurrent move, delete or merge checks what that
 * committed; of two agents racing for one ticket, the conditional update lets exactly one through
 * and the other is told who has it.
 */
export async function claimTicket(deps: CoreDeps, input: ClaimTicketInput, actor: Actor): Promise<TicketView> {
  const at = deps.now();
  return withTx(deps, async (tx) => {
    const agent = await requireAgent(tx, actor);
    await lockTicket(tx, input.ticketId, at);
    const ticket = await loadTicketFor(tx, { type: "agent", agent }, input.ticketId);
    if (ticket.ownerId === agent.id) throw conflict(msg("errors.alreadyOwn", { id: ticket.id }));
    const won = await tx
      .updateTable("Ticket")
      .set({ ownerId: agent.id, updatedAt: at })
      .where("id", "=", ticket.id)
      .where("ownerId", "is", null)
      .executeTakeFirst();
    if (Number(won.numUpdatedRows) === 0) {
      const owner = await tx
        .selectFrom("Ticket as t")
        .innerJoin("Agent as a", "a.id", "t.ownerId")
        .select("a.name")
        .where("t.id", "=", ticket.id)
        .executeTakeFirst();
      throw conflict(
        owner ? msg("errors.claimedBy", { id: ticket.id, owner: owner.name }) : msg("errors.claimedByOther", { id: ticket.id }),
      );
    }
    await endQuarantine(tx, at, { type: "agent", agent }, ticket);
    await recordEvent(tx, at, ticket.id, { type: "agent", agent }, "ticket.claimed", { owner: change(null, agent.id) });
    await enqueue(tx, at, ticketChanged(ticket.id, "owner"));
    return readTicketView(tx, deps.catalog, ticket.id);
  });
}
