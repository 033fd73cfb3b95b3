import { loadTicketFor, requireAgent } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { conflict } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { recordEvent } from "../timeline.js";
import { readTicketView, type TicketView } from "./view.js";

export interface UnfollowTicketInput {
  ticketId: number;
}

/**
 * The acting agent stops following a ticket. Like following, it changes nothing on the card
 * and leaves the ticket's `updatedAt` alone.
 */
export async function unfollowTicket(deps: CoreDeps, input: UnfollowTicketInput, actor: Actor): Promise<TicketView> {
  const at = deps.now();
  return withTx(deps, async (tx) => {
    const agent = await requireAgent(tx, actor);
    const party = { type: "agent" as const, agent };
    const ticket = await loadTicketFor(tx, party, input.ticketId);
    // Conditional delete: of two racing unfollows exactly one removes the row.
    const removed = await tx.deleteFrom("Follower").where("agentId", "=", agent.id).where("ticketId", "=", ticket.id).executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw conflict(msg("errors.notFollowing", { id: ticket.id }));
    await recordEvent(tx, at, ticket.id, party, "ticket.unfollowed", { agentId: agent.id });
    return readTicketView(tx, deps.catalog, ticket.id);
  });
}
