import { actOnLockedTicket } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { conflict, invalid } from "../errors.js";
import { deskFormats } from "../i18n/reader.js";
import { msg, render } from "../i18n/translate.js";
import { enqueue, ticketChanged } from "../outbox/enqueue.js";
import { recordEvent } from "../timeline.js";
import { insertTicket, subjectOrDefault } from "./insert-ticket.js";
import { readTicketView, type Priority, type TicketSource, type TicketView } from "./view.js";

export interface SplitTicketInput {
  ticketId: number;
  /** The messages that become the new ticket's thread. */
  messageIds: string[];
  /** Defaults to the original's subject marked as split off, in the help desk's language. */
  subject?: string | undefined;
}

export interface SplitTicketResult {
  original: TicketView;
  created: TicketView;
}

/**
 * Moves chosen messages of a ticket into a new ticket in the same pipeline, for the same
 * requester, company, team and priority. The messages keep their email and chat ids, so later
 * mail answering them threads onto the new ticket.
 */
export async function splitTicket(deps: CoreDeps, input: SplitTicketInput, actor: Actor): Promise<SplitTicketResult> {
  const messageIds = [...new Set(input.messageIds)];
  if (messageIds.length === 0) throw invalid(msg("errors.splitNeedsMessage"), { messages: msg("fields.required") });
  // Locks the original first, so two splits of one ticket cannot together take every message.
  return actOnLockedTicket(deps, actor, input.ticketId, async ({ tx, at, party, ticket: original }) => {
    const chosen = await tx.selectFrom("Message").select("id").where("id", "in", messageIds).where("ticketId", "=", original.id).execute();
    if (chosen.length !== messageIds.length) {
      const found = new Set(chosen.map((m) => m.id));
      const stray = messageIds.filter((id) => !found.has(id));
      throw invalid(msg("errors.notMessagesOfTicket", { id: original.id, items: stray }), {
        messages: msg("fields.onlyThisTicketsMessages"),
      });
    }
    const total = Number(
      (
        await tx
          .selectFrom("Message")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("ticketId", "=", original.id)
          .executeTakeFirstOrThrow()
      ).n,
    );
    if (total <= messageIds.length) {
      throw invalid(msg("errors.splitLeavesNone", { id: original.id }), { messages: msg("fields.leaveOneMessage") });
    }

    // Stored on the ticket and read by everyone: the help desk's language.
    const f = deskFormats(deps.catalog);
    const given = input.subject?.trim() ? input.subject : render(msg("thread.splitSubject", { subject: original.subject }), f);
    const subject = subjectOrDefault(given, null, render(msg("thread.noSubject"), f));
    const { ticketId: createdId } = await insertTicket(tx, deps.catalog, at, party, {
      subject,
      source: original.source as TicketSource,
      pipelineId: original.pipelineId,
      priority: original.priority as Priority,
      teamId: original.teamId,
      contactId: original.contactId,
      companyId: original.companyId,
      splitFromId: original.id,
      eventData: { splitFrom: original.id },
    });

    // MessageRef and Attachment rows hang off the messages, so they move too.
    const moved = await tx
      .updateTable("Message")
      .set({ ticketId: createdId })
      .where("id", "in", messageIds)
      .where("ticketId", "=", original.id)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== messageIds.length) throw conflict(msg("errors.messagesChangedJustNow", { id: original.id }));

    // insertTicket linked the requester; the other contacts (cc) follow with their roles.
    const contacts = await tx.selectFrom("TicketContact").select(["contactId", "role"]).where("ticketId", "=", original.id).execute();
    const others = contacts.filter((c) => c.contactId !== original.contactId);
    if (others.length) {
      await tx
        .insertInto("TicketContact")
        .values(others.map((c) => ({ ticketId: createdId, contactId: c.contactId, role: c.role })))
        .execute();
    }

    await recordEvent(tx, at, original.id, party, "ticket.split", { into: createdId, messageIds });
    // The created ticket's ticketChanged was enqueued by insertTicket.
    await enqueue(tx, at, ticketChanged(original.id, "split"));
    return {
      original: await readTicketView(tx, deps.catalog, original.id),
      created: await readTicketView(tx, deps.catalog, createdId),
    };
  });
}
