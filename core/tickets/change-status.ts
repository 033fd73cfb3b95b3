import { actOnLockedTicket } from "../access.js";
import { assignOnEntry } from "../assignment/default-assignment.js";
import type { Actor, CoreDeps } from "../deps.js";
import { invalid } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { enqueue, ticketChanged } from "../outbox/enqueue.js";
import { applyStatusChange } from "./apply-status-change.js";
import { endQuarantine } from "./quarantine.js";
import { setRequiredFields, type RequiredFieldsInput } from "./set-required-fields.js";
import { findStatus } from "./status-rules.js";
import { readTicketView, type TicketView } from "./view.js";

export interface ChangeStatusInput extends RequiredFieldsInput {
  ticketId: number;
  /** A status of the ticket's own pipeline (moving pipelines is its own use case). */
  statusId: string;
  /** Values set in the same action, typically the ones the new status requires; null clears. */
  properties?: Record<string, unknown> | undefined;
}

/**
 * An agent moves a ticket to another status of its pipeline, filling the status's required
 * properties in the same action if need be: custom ones in `properties`, and the ticket's own
 * owner, team and requester (see set-required-fields.ts). Entering a CLOSED status stamps
 * closed/resolved times; reopening clears them.
 */
export async function changeStatus(deps: CoreDeps, input: ChangeStatusInput, actor: Actor): Promise<TicketView> {
  // Row lock first: a racing change commits before we read, so "before" and "already" are true.
  return actOnLockedTicket(deps, actor, input.ticketId, async (action) => {
    const { tx, at, party } = action;
    // Refused before any field is set, so an "already" leaves the ticket as it was.
    const status = findStatus(deps.catalog, action.ticket.pipelineId, input.statusId);
    if (status.id === action.ticket.statusId)
      throw invalid(msg("errors.alreadyInStatus", { id: action.ticket.id, status: status.names }), {
        status: msg("fields.pickAnotherStatus"),
      });
    const fields = input.ownerId !== undefined || input.teamId !== undefined || input.requester !== undefined;
    const { ticket, outbox } = fields ? await setRequiredFields(action, input, deps.catalog) : { ticket: action.ticket, outbox: [] };
    const changed = await applyStatusChange(tx, deps, party, ticket, input.statusId, input.properties, at);
    if (!changed) throw new Error("status changed under the row lock");
    // Moving a ticket filed apart on to an open status takes it up; closing it (a bounce dealt
    // with) leaves it apart, so dismissing one does not post a card.
    if (changed.status.category === "OPEN") await endQuarantine(tx, at, party, ticket);
    await tx
      .updateTable("Ticket")
      .set({ ...changed.data, updatedAt: at })
      .where("id", "=", ticket.id)
      .execute();
    await enqueue(tx, at, ticketChanged(ticket.id, "status"), ...outbox);
    // A team given with the change, to a ticket left unowned and open: the team's assignment rule
    // gives it an owner, if one assigns on its own (after the status, so a closed ticket gets none).
    if (ticket.teamId !== action.ticket.teamId) await assignOnEntry(tx, deps, at, ticket.id, { team: true });
    return readTicketView(tx, deps.catalog, ticket.id);
  });
}
