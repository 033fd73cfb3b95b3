import { loadTicketFor, requireAgent, type ActingParty } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { contactIdFor } from "../chat/identities.js";
import { forbidden, invalid, notFound } from "../errors.js";
import { msg } from "../i18n/translate.js";
import type { ChatSurface } from "../outbox/delivery.js";
import { enqueue, ticketChanged } from "../outbox/enqueue.js";
import { parseJsonObject } from "../json.js";
import { applyStatusChange } from "./apply-status-change.js";
import { lockLiveTicket } from "./ingest-inbound.js";
import { missingRequirements } from "./status-rules.js";
import { readTicketView, type TicketView } from "./view.js";

export interface CloseOwnTicketInput {
  /** The ticket as the chat conversation names it (before following merges). */
  ticketId: number;
  surface: ChatSurface;
  /** The chat account asking to close it. */
  userId: string;
}

export interface CloseOwnTicketResult {
  ticket: TicketView;
  /** False when the ticket was closed already: nothing was written. */
  closed: boolean;
}

/**
 * A requester closes their own ticket from chat (the Close button of the thread they opened it
 * in): the ticket enters the first closed status of its pipeline that needs nothing an agent must
 * fill in, as the contact, like any status change (SLA clocks stop, workflows and the CSAT survey
 * follow). Only the ticket's requester may (of the ticket it was merged into, if it was): anyone
 * else is refused, and so is a ticket whose every closed status requires something (an agent
 * closes that one).
 *
 * An agent who presses the same button in the customer's conversation (`agent`) closes it as
 * themselves, as a ticket bot's staff would: into the same status, if they may see the ticket; when
 * every closed status requires something, they are sent to the card, where the status asks for it.
 */
export async function closeOwnTicket(deps: CoreDeps, input: CloseOwnTicketInput, agent?: Actor): Promise<CloseOwnTicketResult> {
  const at = deps.now();
  return withTx(deps, async (tx) => {
    let party: ActingParty;
    if (agent) party = { type: "agent", agent: await requireAgent(tx, agent) };
    else {
      const contactId = await contactIdFor(tx, input.surface, input.userId);
      if (contactId === null) throw forbidden(msg("panel.notYourTicket"));
      party = { type: "contact", contactId };
    }
    const target = await lockLiveTicket(tx, input.ticketId, at);
    if (target === null) throw notFound(msg("errors.ticketNotFound", { id: input.ticketId }));
    if (party.type === "agent") await loadTicketFor(tx, party, target);
    else {
      // The ticket as it is now: once merged into another, that one is closed only by its own requester.
      const requester = await tx
        .selectFrom("TicketContact")
        .select("ticketId")
        .where("contactId", "=", party.contactId)
        .where("role", "=", "requester")
        .where("ticketId", "=", target)
        .executeTakeFirst();
      if (!requester) throw forbidden(msg("panel.notYourTicket"));
    }
    const ticket = await tx.selectFrom("Ticket").selectAll().where("id", "=", target).executeTakeFirstOrThrow();
    if (!ticket.open) return { ticket: await readTicketView(tx, deps.catalog, target), closed: false };
    const state = {
      ownerId: ticket.ownerId,
      teamId: ticket.teamId,
      contactId: ticket.contactId,
      properties: parseJsonObject(ticket.properties),
    };
    const status = deps.catalog
      .pipeline(ticket.pipelineId)
      ?.statuses.find((s) => s.category === "CLOSED" && missingRequirements(deps.catalog, s, state).length === 0);
    if (!status) throw invalid(msg(agent ? "panel.agentCloseFromCard" : "panel.closeNeedsAgent"));
    const changed = await applyStatusChange(tx, deps, party, ticket, status.id, undefined, at);
    if (!changed) return { ticket: await readTicketView(tx, deps.catalog, target), closed: false };
    await tx
      .updateTable("Ticket")
      .set({ ...changed.data, updatedAt: at })
      .where("id", "=", target)
      .execute();
    await enqueue(tx, at, ticketChanged(target, "status"));
    return { ticket: await readTicketView(tx, deps.catalog, target), closed: true };
  });
}
