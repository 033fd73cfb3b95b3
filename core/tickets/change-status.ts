import { actOnLockedTicket } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { invalid } from "../errors.js";
import { enqueue, ticketChanged } from "../outbox/enqueue.js";
import { applyStatusChange } from "./apply-status-change.js";
import { findStatus } from "./status-rules.js";
import { readTicketView, type TicketView } from "./view.js";

export interface ChangeStatusInput {
  ticketId: number;
  /** A status of the ticket's own pipeline (moving pipelines is its own use case). */
  statusId: string;
  /** Values set in the same action, typically the ones the new status requires; null clears. */
  properties?: Record<string, unknown> | undefined;
}

/**
 * An agent moves a ticket to another status of its pipeline, filling the status's required
 * properties in the same action if need be. Entering a CLOSED status stamps closed/resolved
 * times; reopening clears them.
 */
export async function changeStatus(deps: CoreDeps, input: ChangeStatusInput, actor: Actor): Promise<TicketView> {
  // Row lock first: a racing change commits before we read, so "before" and "already" are true.
  return actOnLockedTicket(deps, actor, input.ticketId, async ({ tx, at, agent, party, ticket }) => {
    const changed = await applyStatusChange(tx, deps, party, ticket, input.statusId, input.properties, at);
    if (!changed) {
      const name = findStatus(deps.catalog, ticket.pipelineId, ticket.statusId).name;
      throw invalid(`#${ticket.id} is already ${name}.`, { status: "Pick another status." });
    }
    await tx.ticket.update({ where: { id: ticket.id }, data: { ...changed.data, updatedAt: at } });
    await enqueue(tx, at, ticketChanged(ticket.id, "status"));
    return readTicketView(tx, deps.catalog, ticket.id);
  });
}
