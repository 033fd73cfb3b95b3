import { loadTicketFor, lockTicket, requireAgent, type ActingParty } from "../access.js";
import { assignOnEntry } from "../assignment/default-assignment.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { invalid } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { parseJsonObject } from "../json.js";
import { enqueue, ticketChanged } from "../outbox/enqueue.js";
import { change, recordEvent } from "../timeline.js";
import { assertCanEnter, findStatus, statusColumns } from "./status-rules.js";
import { readTicketView, type TicketView } from "./view.js";

export interface MoveTicketInput {
  ticketId: number;
  pipelineId: string;
  /** Defaults to the target pipeline's first status of the same category (open/closed) as now. */
  statusId?: string | undefined;
}

/**
 * Moves a ticket to another pipeline. Without a chosen status an open ticket stays open and a
 * closed one stays closed; the target status's required properties must be filled.
 */
export async function moveTicket(deps: CoreDeps, input: MoveTicketInput, actor: Actor): Promise<TicketView> {
  const at = deps.now();
  return withTx(deps, async (tx) => {
    const agent = await requireAgent(tx, actor);
    const party: ActingParty = { type: "agent", agent };
    // Row lock first: a racing move or status change commits before we read, so "before" is true.
    await lockTicket(tx, input.ticketId, at);
    const ticket = await loadTicketFor(tx, party, input.ticketId);
    const target = deps.catalog.pipeline(input.pipelineId);
    if (!target) throw invalid(msg("errors.pipelineUnknown", { pipeline: input.pipelineId }), { pipeline: msg("fields.unknownPipeline") });
    if (target.id === ticket.pipelineId) {
      throw invalid(msg("errors.alreadyInPipeline", { id: ticket.id, pipeline: target.names }), {
        pipeline: msg("fields.pickAnotherPipeline"),
      });
    }

    const category = deps.catalog.status(ticket.pipelineId, ticket.statusId)?.category ?? (ticket.open ? "OPEN" : "CLOSED");
    const statusId = input.statusId ?? target.statuses.find((s) => s.category === category)?.id ?? target.statuses[0]!.id;
    const status = findStatus(deps.catalog, target.id, statusId);
    assertCanEnter(deps.catalog, status, {
      ownerId: ticket.ownerId,
      teamId: ticket.teamId,
      contactId: ticket.contactId,
      properties: parseJsonObject(ticket.properties),
    });

    const columns = statusColumns(deps.catalog, status, at, { ...ticket, pipelineId: target.id });
    // Changing pipeline does not close a closed ticket again: its close time stands.
    const closedAt = !columns.open && ticket.closedAt ? ticket.closedAt : columns.closedAt;
    await tx
      .updateTable("Ticket")
      .set({ pipelineId: target.id, ...columns, closedAt, updatedAt: at })
      .where("id", "=", ticket.id)
      .execute();
    await recordEvent(tx, at, ticket.id, party, "ticket.moved", {
      pipeline: change(ticket.pipelineId, target.id),
      status: change(ticket.statusId, status.id),
    });
    await enqueue(tx, at, ticketChanged(ticket.id, "pipeline"));
    // Unowned, it is given an owner by the pipeline's assignment rule, if one assigns on its own.
    await assignOnEntry(tx, deps, at, ticket.id, { pipeline: true });
    return readTicketView(tx, deps.catalog, ticket.id);
  });
}
