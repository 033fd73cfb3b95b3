import { actOnLockedTicket } from "../access.js";
import { findOrCreateContact } from "../contacts/find-or-create-contact.js";
import type { Tx } from "../db.js";
import type { Actor, CoreDeps } from "../deps.js";
import { conflict, invalid } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { enqueue, ticketChanged } from "../outbox/enqueue.js";
import { change, recordEvent } from "../timeline.js";
import { readTicketView, type TicketView } from "./view.js";

export const contactRoles = ["requester", "cc"] as const;
export type ContactRole = (typeof contactRoles)[number];

export interface LinkContactInput {
  ticketId: number;
  email: string;
  name?: string | undefined;
  role: ContactRole;
}

/**
 * Links a person to a ticket by email (an unknown address becomes a contact). As requester they
 * replace the ticket's requester (who stays on it as a cc) and bring their company; as cc they
 * are added beside the requester.
 */
export async function linkContact(deps: CoreDeps, input: LinkContactInput, actor: Actor): Promise<TicketView> {
  if (!(contactRoles as readonly string[]).includes(input.role)) {
    throw invalid(msg("errors.contactRoleUnknown", { role: String(input.role) }), { role: msg("fields.requesterOrCc") });
  }
  // Locks the ticket first, so two requester changes queue up and the second sees the first's
  // requester (else both could demote only the old one and leave two requesters).
  return actOnLockedTicket(deps, actor, input.ticketId, async ({ tx, at, party, ticket }) => {
    const contact = await findOrCreateContact(tx, { email: input.email, name: input.name ?? null }, at);
    const who = contact.name ? `${contact.name} <${contact.email}>` : (contact.email ?? contact.id);
    const link = await tx
      .selectFrom("TicketContact")
      .select("role")
      .where("ticketId", "=", ticket.id)
      .where("contactId", "=", contact.id)
      .executeTakeFirst();

    if (input.role === "requester") {
      if (ticket.contactId === contact.id) throw conflict(msg("errors.alreadyRequester", { contact: who, id: ticket.id }));
      await makeRequester(tx, ticket, contact);
    } else {
      if (link?.role === "cc") throw conflict(msg("errors.alreadyCc", { contact: who, id: ticket.id }));
      if (link || ticket.contactId === contact.id) {
        throw conflict(msg("errors.requesterNotCc", { contact: who, id: ticket.id }));
      }
      await tx.insertInto("TicketContact").values({ ticketId: ticket.id, contactId: contact.id, role: "cc" }).execute();
    }

    await recordEvent(tx, at, ticket.id, party, "contact.linked", {
      contactId: contact.id,
      email: contact.email,
      role: input.role,
      ...(input.role === "requester" ? { requester: change(ticket.contactId, contact.id) } : {}),
    });
    await enqueue(tx, at, ticketChanged(ticket.id, "contact"));
    return readTicketView(tx, deps.catalog, ticket.id);
  });
}

/**
 * Makes a contact the ticket's requester. One requester per ticket: whoever held it (the previous
 * requester) stays on as a cc. The caller records the timeline event.
 */
export async function makeRequester(
  tx: Tx,
  ticket: { id: number; contactId: string | null },
  contact: { id: string; companyId: string | null },
): Promise<void> {
  await tx.updateTable("TicketContact").set({ role: "cc" }).where("ticketId", "=", ticket.id).where("role", "=", "requester").execute();
  if (ticket.contactId) {
    await tx
      .insertInto("TicketContact")
      .values({ ticketId: ticket.id, contactId: ticket.contactId, role: "cc" })
      .onConflict((oc) => oc.columns(["ticketId", "contactId"]).doNothing())
      .execute();
  }
  await tx
    .insertInto("TicketContact")
    .values({ ticketId: ticket.id, contactId: contact.id, role: "requester" })
    .onConflict((oc) => oc.columns(["ticketId", "contactId"]).doUpdateSet({ role: "requester" }))
    .execute();
  await tx.updateTable("Ticket").set({ contactId: contact.id, companyId: contact.companyId }).where("id", "=", ticket.id).execute();
}
