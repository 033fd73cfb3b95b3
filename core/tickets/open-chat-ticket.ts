import type { CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { agentIdFor } from "../chat/identities.js";
import { findOrCreateChatContact } from "../contacts/find-or-create-contact.js";
import { conflict, forbidden, invalid } from "../errors.js";
import { msg } from "../i18n/translate.js";
import type { Locale } from "../i18n/locale.js";
import { originEventData, recordOrigin, ticketOfOrigin } from "../chat/origin-link.js";
import type { ChatSurface } from "../outbox/delivery.js";
import { insertTicket } from "./insert-ticket.js";
import { messageOfRef } from "./message-refs.js";
import { readTicketView, type TicketView } from "./view.js";

export interface OpenChatTicketInput {
  surface: ChatSurface;
  /** The customer's account on the surface: they are the requester, whoever they are. */
  userId: string;
  name?: string | undefined;
  /** The customer's language as their chat client says, kept on a contact that has none yet. */
  locale?: Locale | null | undefined;
  subject: string;
  /** What the customer wrote (with the answers to any extra questions). */
  text: string;
  /**
   * The conversation the ticket is worked in with the customer (a private thread and the bot's
   * first message in it): recorded as the ticket's "origin", so agents' replies go there and the
   * customer's messages there join the ticket.
   */
  origin: { channelId: string; messageId: string; threadId?: string | undefined };
  /** The platform's id of the request (an interaction id): the same request twice makes one ticket. */
  requestId: string;
  /** The pipeline and team the place it was asked from routes its tickets to (the defaults without). */
  route?: { pipelineId?: string | undefined; teamId?: string | undefined } | undefined;
}

export interface OpenChatTicketResult {
  ticket: TicketView;
  /** False when the request was seen before: the ticket it made then is returned. */
  created: boolean;
}

/** The MessageRef system of a request a customer made from chat (a panel's form), by surface. */
export const chatRequestRefSystem = (surface: ChatSurface) => `${surface}.request`;

/**
 * A customer opens a ticket themselves from chat (a support panel's form): source is the surface,
 * the requester is the customer's chat account (a contact, found or made), the first message is
 * theirs, and the conversation it continues in is its origin. An agent's own account is refused:
 * agents open tickets for customers with `createTicket`, never as someone's request through here.
 */
export async function openChatTicket(deps: CoreDeps, input: OpenChatTicketInput): Promise<OpenChatTicketResult> {
  const subject = input.subject.replace(/\s+/g, " ").trim().slice(0, 250);
  if (!subject) throw invalid(msg("errors.subjectRequired"), { subject: msg("fields.required") });
  if (!input.origin.channelId.trim() || !input.origin.messageId.trim()) throw invalid(msg("errors.originIncomplete"));
  // The first message carries the request's id (the dedupe key), so there is always one.
  const text = input.text.trim() || subject;
  const ref = { system: chatRequestRefSystem(input.surface), externalId: input.requestId };
  const at = deps.now();
  return withTx(deps, async (tx) => {
    const seen = await messageOfRef(tx, ref.system, ref.externalId);
    if (seen) return { ticket: await readTicketView(tx, deps.catalog, seen.ticketId), created: false };
    if (await agentIdFor(tx, input.surface, input.userId)) throw forbidden(msg("panel.agentsUseNew"));
    const origin = { surface: input.surface, ...input.origin };
    const made = await ticketOfOrigin(tx, origin);
    if (made !== null) throw conflict(msg("errors.messageAlreadyTicket", { id: made }));
    const contact = await findOrCreateChatContact(tx, { surface: input.surface, userId: input.userId, name: input.name }, at);
    if (input.locale && !contact.locale)
      await tx.updateTable("Contact").set({ locale: input.locale }).where("id", "=", contact.id).execute();
    const { ticketId } = await insertTicket(
      tx,
      deps.catalog,
      at,
      { type: "contact", contactId: contact.id },
      {
        subject,
        source: input.surface,
        pipelineId: input.route?.pipelineId,
        teamId: input.route?.teamId ?? null,
        contactId: contact.id,
        companyId: contact.companyId,
        message: { kind: "INBOUND", text, channel: input.surface, authorContactId: contact.id, refs: [ref] },
        eventData: originEventData(origin),
      },
    );
    await recordOrigin(tx, ticketId, origin, at);
    return { ticket: await readTicketView(tx, deps.catalog, ticketId), created: true };
  });
}
