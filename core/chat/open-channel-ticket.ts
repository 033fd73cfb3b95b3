import { requireAgent, type ActingParty } from "../access.js";
import {
  companyDomain,
  findOrCreateChatContact,
  findOrCreateContact,
  normaliseEmail,
  type ContactRow,
} from "../contacts/find-or-create-contact.js";
import type { Tx } from "../db.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { conflict } from "../errors.js";
import { detectLocale } from "../i18n/detect.js";
import { msg } from "../i18n/translate.js";
import { lookupHash } from "../keys/lookup-hash.js";
import type { ChatSurface } from "../outbox/delivery.js";
import { insertTicket, type NewMessageRecord } from "../tickets/insert-ticket.js";
import { messageOfRef } from "../tickets/message-refs.js";
import { readTicketView, type TicketView } from "../tickets/view.js";
import { companyFor, normaliseCompanyDomain, type CompanyHint } from "./customer-company.js";
import { contactIdFor, linkContact } from "./identities.js";
import { originRole } from "./card-port.js";
import { originEventData, recordOrigin, ticketOfOrigin } from "./origin-link.js";

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
    const made = await ticketOfOrigin(tx, origin);
    // A reply in a ticket's thread is part of that ticket already (its requester's replies join
    // it): a second ticket in the same thread would split the conversation.
    const thread = seen || made !== null ? null : await ticketOfThread(tx, origin);
    // An agent asked for a new ticket and is told why there is none; the message's own event
    // delivered again is simply answered with its ticket.
    if (party.type === "agent") {
      if (made !== null) throw conflict(msg("errors.messageAlreadyTicket", { id: made }));
      if (thread !== null) throw conflict(msg("customers.threadIsTicket", { id: thread }));
      if (seen) throw conflict(msg("customers.threadIsTicket", { id: seen.ticketId }));
    }
    const known = seen?.ticketId ?? made ?? thread;
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

/** The ticket a thread already belongs to: one whose origin message is in it, or started it. */
async function ticketOfThread(tx: Tx, origin: { surface: ChatSurface; channelId: string; threadId: string }): Promise<number | null> {
  const row = await tx
    .selectFrom("ChatLink")
    .select("ticketId")
    .where("surface", "=", origin.surface)
    .where("role", "=", originRole)
    .where("channelId", "=", origin.channelId)
    .where("threadId", "=", origin.threadId)
    .executeTakeFirst();
  return row ? row.ticketId : null;
}

/** An address the platform gave, or null when it is none we can write to. */
function usableEmail(email: string | null | undefined): string | null {
  try {
    return email?.trim() ? normaliseEmail(email) : null;
  } catch {
    return null;
  }
}

/** A company the platform named, or null when its domain is none (the ticket is opened all the same). */
function usableCompany(hint: CompanyHint | null | undefined): CompanyHint | null {
  try {
    return hint ? { ...hint, domain: normaliseCompanyDomain(hint.domain) } : null;
  } catch {
    return null;
  }
}

/**
 * The customer's contact: the one of their chat account; else the one of their address (an email
 * customer who now writes in chat), which the account joins; else a new one. A contact without an
 * address gets theirs when no other contact has it, and one without a company gets the hint's.
 */
async function customerContact(tx: Tx, input: OpenChannelTicketInput, at: Date): Promise<ContactRow> {
  const email = usableEmail(input.email);
  const held = await contactIdFor(tx, input.surface, input.userId);
  let contact: ContactRow;
  if (held || !email) {
    contact = await findOrCreateChatContact(tx, { surface: input.surface, userId: input.userId, name: input.name }, at);
    if (email && !contact.email) {
      const taken = await tx.selectFrom("Contact").select("id").where("emailHash", "=", lookupHash(email)).executeTakeFirst();
      if (!taken) {
        await tx
          .updateTable("Contact")
          .set({ email, emailHash: lookupHash(email) })
          .where("id", "=", contact.id)
          .execute();
        contact = { ...contact, email, emailHash: lookupHash(email) };
        // The address's company, as an email from it would have had.
        if (!contact.companyId) contact = await withCompanyOf(tx, contact, email, at);
      }
    }
  } else {
    const byEmail = await findOrCreateContact(tx, { email, name: input.name ?? null }, at);
    // A contact has one account per surface: an address whose contact has another account here
    // (two people sharing a mailbox) leaves this account a contact of its own.
    const other = await tx
      .selectFrom("ChatIdentity")
      .select("externalId")
      .where("surface", "=", input.surface)
      .where("contactId", "=", byEmail.id)
      .executeTakeFirst();
    if (other) contact = await findOrCreateChatContact(tx, { surface: input.surface, userId: input.userId, name: input.name }, at);
    else {
      await linkContact(tx, input.surface, input.userId, byEmail.id, at);
      contact = byEmail;
    }
  }
  const hint = usableCompany(input.company);
  if (!contact.companyId && hint) {
    const company = await companyFor(tx, hint, at);
    await tx.updateTable("Contact").set({ companyId: company.id }).where("id", "=", contact.id).execute();
    contact = { ...contact, companyId: company.id };
  }
  return contact;
}

/** Gives a contact the company of its address's domain, unless a free-mail domain. */
async function withCompanyOf(tx: Tx, contact: ContactRow, email: string, at: Date): Promise<ContactRow> {
  const domain = companyDomain(email);
  if (!domain) return contact;
  const company = await companyFor(tx, { domain }, at);
  await tx.updateTable("Contact").set({ companyId: company.id }).where("id", "=", contact.id).execute();
  return { ...contact, companyId: company.id };
}
