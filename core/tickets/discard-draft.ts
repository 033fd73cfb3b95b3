import { loadTicketFor, requireAgent } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { notFound } from "../errors.js";
import { msg } from "../i18n/translate.js";

export interface DiscardDraftInput {
  ticketId: number;
}

/**
 * Throws away the acting agent's draft on a ticket. Drafts are private, so this records no
 * timeline event and tells no chat surface. Another agent's draft is out of reach by design:
 * the delete is keyed on the actor.
 */
export async function discardDraft(deps: CoreDeps, input: DiscardDraftInput, actor: Actor): Promise<void> {
  await withTx(deps, async (tx) => {
    const agent = await requireAgent(tx, actor);
    // A draft left on a ticket that was since merged or deleted can still be cleared away.
    const ticket = await loadTicketFor(tx, { type: "agent", agent }, input.ticketId, { allowDeleted: true, allowMerged: true });
    const removed = await tx.deleteFrom("Draft").where("agentId", "=", agent.id).where("ticketId", "=", ticket.id).executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw notFound(msg("errors.noDraft", { id: ticket.id }));
  });
}
