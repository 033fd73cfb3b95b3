import { loadTicketFor, requireAgent, type ActingParty } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { conflict, forbidden } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { enqueue, ticketChanged } from "../outbox/enqueue.js";
import { change, recordEvent } from "../timeline.js";
import { readTicketView, type TicketView } from "./view.js";

export interface RestoreTicketInput {
  ticketId: number;
}

/** Brings a soft-deleted ticket back as it was. Admins only. */
export async function restoreTicket(deps: CoreDeps, input: RestoreTicketInput, actor: Actor): Promise<TicketView> {
  const at = deps.now();
  return withTx(deps, async (tx) => {
    const agent = await requireAgent(tx, actor);
    // Checked before the look-up, so a non-admin learns nothing about which tickets were deleted.
    if (agent.role !== "admin") throw forbidden(msg("errors.adminsOnlyRestore"));
    const party: ActingParty = { type: "agent", agent };
    const ticket = await loadTicketFor(tx, party, input.ticketId, { allowDeleted: true, allowMerged: true });
    const won = await tx
      .updateTable("Ticket")
      .set({ deletedAt: null, updatedAt: at })
      .where("id", "=", ticket.id)
      .where("deletedAt", "is not", null)
      .executeTakeFirst();
    if (Number(won.numUpdatedRows) === 0) throw conflict(msg("errors.notDeleted", { id: ticket.id }));
    await recordEvent(tx, at, ticket.id, party, "ticket.restored", { deletedAt: change(ticket.deletedAt, null) });
    await enqueue(tx, at, ticketChanged(ticket.id, "restored"));
    return readTicketView(tx, deps.catalog, ticket.id);
  });
}
