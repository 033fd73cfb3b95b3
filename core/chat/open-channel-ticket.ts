import { requireAgent, type ActingParty } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { conflict } from "../errors.js";
import { detectLocale } from "../i18n/detect.js";
import { msg } from "../i18n/translate.js";
import type { ChatSurface } from "../outbox/delivery.js";
import { insertTicket, type NewMessageRecord } from "../tickets/insert-ticket.js";
import { messageOfRef } from "../tickets/message-refs.js";
import { readTicketView, type TicketView } from "../tickets/view.js";
import type { CompanyHint } from "./customer-company.js";
import { customerContact } from "./customer-contact.js";
import { originEventData, originTakenError, recordOrigin, takenOrigin } from "./origin-link.js";

export interface OpenChannelTicketInput {
  surface: ChatSurface;
  /** The customer's message: its channel, its id, and its thread (where answers go). */
  channelId: string;
  messageId: string;
  threadId?: string | undefined;
  /** The message's id as its surface's MessageRef (the same as its thread replies use): the dedupe key. */
  externalId: string;
  subject: string;
  text: string;
  /** The customer's chat account: the contact is found by it, whoever they are. */
  userId: string;
  name?: string | null | undefined;
  /** Their address, when the platform gives it: an existing contact with it is theirs, and so is its company. */
  email?: string | null | undefined;
  /** Their company when their address says none (their organisation, the channel's company). */
  company?: CompanyHint | null | undefined;
  route?: { pipelineId?: string | undefined; teamId?: string | undefined } | undefined;
  /** Files shared with the message, kept on the ticket's first message. */
  attachments?: NewMessageRecord["attachments"];
}

export interface OpenChannelTicketResult {
  ticket: TicketView;
  /** False when the message was a ticket already (an event delivered twice): that ticket. */
  created: boolean;
}

/**
 * A customer's message in a customer channel becomes a ticket: the customer is the requester and
 * the first message is theirs, the message is the ticket's origin (agents' replies go to its
 * thread), and the source is the surface. `actor` is the system for a message that opens a ticket
 * by itself, or the agent who turned an earlier message into one. The same message twice makes
 * one ticket: the second call answers the first's ticket with `created: false`.
 */
export async function openChannelTicket(deps: CoreDeps, input: OpenChannelTicketInput, actor: Actor): Promise<OpenChannelTicketResult> {
  const at = deps.now();
  const ref = { system: input.surface, externalId: input.externalId };
  return withTx(deps, async (tx) => {
    const party: ActingParty = actor.type === "agent" ? { type: "agent", agent: await requireAgent(tx, actor) } : actor;
    const seen = await messageOfRef(tx, ref.system, ref.externalId);
    // Replies in the customer's thread go to its thread (the message itself when it started one).
    const origin = {
      surface: input.surface,
      channelId: input.channelId,
      messageId: input.messageId,
      threadId: input.threadId || input.messageId,
    };
    // A message in a ticket's thread is part of that ticket already (its customers' replies join
    // it): a second ticket in the same thread would split the conversation.
    const taken = seen && party.type !== "agent" ? null : await takenOrigin(tx, origin);
    // An agent asked for a new ticket and is told why there is none; the message's own event
    // delivered again is simply answered with its ticket.
    if (party.type === "agent") {
      if (taken) throw originTakenError(taken);
      if (seen) throw conflict(msg("customers.threadIsTicket", { id: seen.ticketId }));
    }
    const known = seen?.ticketId ?? taken?.ticketId ?? null;
    if (known !== null) return { ticket: await readTicketView(tx, deps.catalog, known), created: false };
    const locale = detectLocale({ texts: [input.text] });
    const contact = await customerContact(tx, input, at);
    if (locale && !contact.locale) await tx.updateTable("Contact").set({ locale }).where("id", "=", contact.id).execute();
    const { ticketId } = await insertTicket(
      tx,
      deps.catalog,
      at,
      party.type === "agent" ? party : { type: "contact", contactId: contact.id },
      {
        subject: input.subject,
        source: input.surface,
        pipelineId: input.route?.pipelineId,
        teamId: input.route?.teamId ?? null,
        contactId: contact.id,
        companyId: contact.companyId,
        message: {
          kind: "INBOUND",
          text: input.text,
          channel: input.surface,
          authorContactId: contact.id,
          refs: [ref],
          attachments: input.attachments,
        },
        eventData: originEventData(origin),
      },
    );
    await recordOrigin(tx, ticketId, origin, at);
    return { ticket: await readTicketView(tx, deps.catalog, ticketId), created: true };
  });
}
