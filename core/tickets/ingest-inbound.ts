import type { ChatSurface } from "../outbox/delivery.js";
import type { ActingParty } from "../access.js";
import { findOrCreateContact, normaliseEmail } from "../contacts/find-or-create-contact.js";
import { detectLocale } from "../i18n/detect.js";
import type { Locale } from "../i18n/locale.js";
import type { Tx } from "../db.js";
import type { CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { invalid } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { lookupHash } from "../keys/lookup-hash.js";
import { enqueue, messagePosted, notifyAgents, ticketChanged } from "../outbox/enqueue.js";
import { change, recordEvent } from "../timeline.js";
import { followersToNotify } from "./follow-ticket.js";
import { customerFormats, inboundSubject, inboundText } from "./inbound-placeholders.js";
import { insertMessage, insertTicket, type NewMessageRecord } from "./insert-ticket.js";
import { validateProperties } from "./properties.js";
import { withoutNul } from "./clean-inbound.js";
import { endQuarantine, opensQuarantined } from "./quarantine.js";
import { mergeChain, resolveMergedTicket } from "./resolve-merged.js";
import { findStatus, statusColumns } from "./status-rules.js";
import { priorities, readTicketView, toTicketView, type Priority, type TicketView, type TicketWithRefs } from "./view.js";
import { messageOfRef } from "./message-refs.js";

/** How a customer's message came in: email, a web form, or a chat surface by its name. */
export type InboundChannel = "email" | "form" | ChatSurface;

/** A customer message as an intake adapter parsed it. */
export interface InboundInput {
  channel: InboundChannel;
  from: { email?: string | undefined; name?: string | undefined };
  subject?: string | undefined;
  text: string;
  html?: string | undefined;
  /** The charset the message was written in, when the channel says (email): a Japanese one means a Japanese customer. */
  charset?: string | undefined;
  cc?: string[] | undefined;
  /** The message's own id on its channel (email Message-ID, form submission id): the dedupe key. */
  externalId?: string | undefined;
  threadKeys?:
    | {
        /** In-Reply-To first, then References: earlier ids are preferred. */
        messageIds?: string[] | undefined;
        /** From a plus address or a [#123] subject tag. Trusted only from the ticket's own contacts. */
        ticketNumber?: number | undefined;
      }
    | undefined;
  /** Where a new ticket goes. Ignored when the message joins an existing ticket. */
  route?: { pipelineId?: string | undefined; teamId?: string | undefined } | undefined;
  priority?: Priority | undefined;
  properties?: Record<string, unknown> | undefined;
  attachments?: NewMessageRecord["attachments"];
  /**
   * Machine-sent or machine-relayed mail (a bounce, an auto-reply, list or bulk mail): stored as
   * usual but never answered automatically, and marked in the timeline so loops can be spotted.
   */
  autoSubmitted?: boolean | undefined;
  /** Which kind of automatic mail it is; only a bounce or an auto-reply opens a ticket filed apart (see quarantine.ts). */
  autoKind?: AutoKind | undefined;
}

/**
 * - `bounce`: a delivery report (mailer-daemon, null reverse path, multipart/report).
 * - `auto_reply`: an automatic answer to a message (out-of-office, autoresponder).
 * - `bulk`: list, bulk or otherwise machine-generated mail, which may well carry a person's words
 *   (a mailing list or a Google Group relaying a customer's message).
 */
export type AutoKind = "bounce" | "auto_reply" | "bulk";

export interface InboundResult {
  ticket: TicketView;
  messageId: string;
  /** A new ticket was opened for the message. */
  created: boolean;
  /** The message was stored before (same externalId); nothing was written this time. */
  duplicate: boolean;
}

/** References headers can be long; the most useful ids come first and last. */
const maxThreadIds = 100;

/**
 * Intake's core half: a customer message becomes a new ticket or joins the thread it answers.
 * The same message delivered twice (or twice at once) is stored once: a racing duplicate loses on
 * the MessageRef unique key, withTx retries it, and the retry finds the winner's message and
 * answers `duplicate: true`.
 */
export async function ingestInbound(deps: CoreDeps, raw: InboundInput): Promise<InboundResult> {
  const at = deps.now();
  const input = withoutNul(raw);
  if (input.priority !== undefined && !priorities.includes(input.priority)) {
    throw invalid(msg("errors.priorityUnknown", { priority: String(input.priority) }), { priority: msg("fields.unknownPriority") });
  }
  return withTx(deps, async (tx) => {
    const externalId = input.externalId?.trim() || null;
    if (externalId) {
      const seen = await messageOfRef(tx, input.channel, externalId);
      if (seen) {
        const ticket = await readTicketView(tx, deps.catalog, seen.ticketId);
        return { ticket, messageId: seen.messageId, created: false, duplicate: true };
      }
    }
    const email = input.from.email?.trim() ? normaliseEmail(input.from.email) : null;
    const refs = externalId ? [{ system: input.channel, externalId }] : [];
    const thread = await findThread(tx, input, email);
    const target = thread ? await lockLiveTicket(tx, thread.ticketId, at) : null;
    if (target) {
      const contact = email
        ? await findOrCreateContact(tx, { email, name: input.from.name ?? null, locale: customerLocale(input) }, at)
        : null;
      const f = customerFormats(deps.catalog, [contact?.locale, customerLocale(input)]);
      const said = { ...input, text: inboundText(input, f) };
      const messageId = await appendToTicket(deps, tx, at, target, said, contact, refs, thread?.inReplyToId ?? null);
      return { ticket: await readTicketView(tx, deps.catalog, target), messageId, created: false, duplicate: false };
    }
    const { ticket, messageId } = await openTicket(deps, tx, at, input, email, refs);
    return { ticket: toTicketView(ticket, deps.catalog), messageId, created: true, duplicate: false };
  });
}

/** The ticket a message answers, before following merges, and the message it replies to. */
async function findThread(
  tx: Tx,
  input: InboundInput,
  email: string | null,
): Promise<{ ticketId: number; inReplyToId: string | null } | null> {
  const ids = [...new Set((input.threadKeys?.messageIds ?? []).map((s) => s.trim()).filter(Boolean))];
  const probe = ids.length > maxThreadIds ? [...ids.slice(0, maxThreadIds / 2), ...ids.slice(-maxThreadIds / 2)] : ids;
  if (probe.length) {
    const found = await tx
      .selectFrom("MessageRef as r")
      .innerJoin("Message as m", "m.id", "r.messageId")
      .select(["r.externalId", "r.messageId", "m.ticketId"])
      .where("r.system", "=", "email")
      .where("r.externalIdHash", "in", probe.map(lookupHash))
      .execute();
    for (const id of probe) {
      const hit = found.find((f) => f.externalId === id);
      if (hit && (await isLive(tx, hit.ticketId))) return { ticketId: hit.ticketId, inReplyToId: hit.messageId };
    }
  }
  const number = input.threadKeys?.ticketNumber;
  // Ticket numbers are 32-bit; a bigger "number" from a plus address cannot be a ticket.
  if (number === undefined || !Number.isInteger(number) || number < 1 || number > 2_147_483_647 || !email) return null;
  // Anyone can type [#123] into a subject; only the ticket's own contacts may add to it that way.
  const contact = await tx.selectFrom("Contact").select("id").where("emailHash", "=", lookupHash(email)).executeTakeFirst();
  if (!contact) return null;
  const chain = await mergeChain(tx, number);
  const linked = await tx
    .selectFrom("TicketContact")
    .select("ticketId")
    .where("contactId", "=", contact.id)
    .where("ticketId", "in", chain)
    .executeTakeFirst();
  return linked && (await isLive(tx, number)) ? { ticketId: number, inReplyToId: null } : null;
}

/** A thread key counts only if it leads (through merges) to a ticket that still exists. */
async function isLive(tx: Tx, ticketId: number): Promise<boolean> {
  const id = await resolveMergedTicket(tx, ticketId);
  const final = await tx.selectFrom("Ticket").select("deletedAt").where("id", "=", id).executeTakeFirst();
  return final !== undefined && final.deletedAt === null;
}

/**
 * Locks the final primary's row before appending, so a merge running at the same time either
 * finishes first (and we follow it) or waits until our message is on the ticket it will move.
 * Null when the ticket is gone or was deleted meanwhile: the message then opens a new ticket.
 */
export async function lockLiveTicket(tx: Tx, ticketId: number, at: Date): Promise<number | null> {
  let id = await resolveMergedTicket(tx, ticketId);
  for (let hop = 0; hop < 8; hop++) {
    await tx.updateTable("Ticket").set({ updatedAt: at }).where("id", "=", id).where("deletedAt", "is", null).execute();
    const row = await tx.selectFrom("Ticket").select(["mergedIntoId", "deletedAt"]).where("id", "=", id).executeTakeFirst();
    if (!row || row.deletedAt) return null;
    if (row.mergedIntoId === null) return id;
    id = await resolveMergedTicket(tx, id);
  }
  return null;
}

/**
 * Adds a customer's message to a ticket whose row the caller has locked: the message, its event,
 * the status the pipeline moves to on a customer reply, and who is told. The sender (null when
 * unknown) joins the ticket's contacts if new to it.
 */
export async function appendToTicket(
  deps: CoreDeps,
  tx: Tx,
  at: Date,
  ticketId: number,
  input: InboundInput,
  contact: { id: string } | null,
  refs: { system: string; externalId: string }[],
  inReplyToId: string | null,
): Promise<string> {
  const ticket = await tx.selectFrom("Ticket").selectAll().where("id", "=", ticketId).executeTakeFirstOrThrow();
  if (contact && !input.autoSubmitted) {
    // Someone new on the thread (a colleague who was cc'd) joins the ticket, so replies reach them;
    // an out-of-office robot or a mailer-daemon does not.
    await tx
      .insertInto("TicketContact")
      .values({ ticketId, contactId: contact.id, role: "cc" })
      .onConflict((oc) => oc.columns(["ticketId", "contactId"]).doNothing())
      .execute();
  }
  const party: ActingParty = contact ? { type: "contact", contactId: contact.id } : { type: "system" };
  // A person writing on a ticket filed apart brings it into the normal flow; another robot does not.
  const apart = ticket.quarantined && (input.autoSubmitted || !(await endQuarantine(tx, at, party, ticket)));
  const message = await insertMessage(tx, at, ticketId, {
    kind: "INBOUND",
    text: input.text,
    html: input.html ?? null,
    channel: input.channel,
    authorContactId: contact?.id ?? null,
    cc: input.cc,
    inReplyToId,
    auto: input.autoSubmitted ?? false,
    refs,
    attachments: input.attachments,
  });
  await recordEvent(tx, at, ticketId, party, "message.received", {
    messageId: message.id,
    channel: input.channel,
    ...(input.autoSubmitted ? { autoSubmitted: true } : {}),
  });
  // A customer writing again moves the ticket on (e.g. Waiting on customer -> In progress,
  // Resolved -> In progress). Required properties are not checked: the message must not be lost.
  // An auto-reply is not the customer writing again: it moves nothing.
  const next = input.autoSubmitted ? undefined : deps.catalog.status(ticket.pipelineId, ticket.statusId)?.onCustomerReply;
  const status = next && next !== ticket.statusId ? findStatus(deps.catalog, ticket.pipelineId, next) : null;
  await tx
    .updateTable("Ticket")
    .set({ updatedAt: at, ...(status ? statusColumns(deps.catalog, status, at, ticket) : {}) })
    .where("id", "=", ticketId)
    .execute();
  if (status) {
    await recordEvent(tx, at, ticketId, party, "ticket.status_changed", {
      status: change(ticket.statusId, status.id),
      reason: "customer_reply",
    });
  }
  // Still apart: nobody is told, and there is no card or thread to post to.
  if (apart) return message.id;
  const told = [...(ticket.ownerId ? [ticket.ownerId] : []), ...(await followersToNotify(tx, ticket))];
  await enqueue(
    tx,
    at,
    messagePosted(ticketId, message.id),
    ...(status ? [ticketChanged(ticketId, "status")] : []),
    ...notifyAgents(ticketId, told, "inbound", message.id),
  );
  return message.id;
}

async function openTicket(
  deps: CoreDeps,
  tx: Tx,
  at: Date,
  input: InboundInput,
  email: string | null,
  refs: { system: string; externalId: string }[],
): Promise<{ ticket: TicketWithRefs; messageId: string }> {
  // Chat users may have no known address; everyone else must be answerable by email.
  if (!email && input.channel !== "slack" && input.channel !== "discord") {
    throw invalid(msg("errors.senderEmailNeeded"), { email: msg("fields.required") });
  }
  const teamId = input.route?.teamId ?? null;
  const team = teamId === null ? null : await tx.selectFrom("Team").select(["id", "name"]).where("id", "=", teamId).executeTakeFirst();
  if (teamId !== null && !team) throw invalid(msg("errors.teamUnknown", { team: teamId }), { team: msg("fields.unknownTeam") });
  const properties = validateProperties(deps.catalog, input.properties ?? {});
  const contact = email ? await findOrCreateContact(tx, { email, name: input.from.name ?? null, locale: customerLocale(input) }, at) : null;
  const party: ActingParty = contact ? { type: "contact", contactId: contact.id } : { type: "system" };
  const f = customerFormats(deps.catalog, [contact?.locale, customerLocale(input)]);
  const { row, messageId, owner } = await insertTicket(tx, deps.catalog, at, party, {
    subject: inboundSubject(input, f),
    source: input.channel,
    pipelineId: input.route?.pipelineId,
    priority: input.priority,
    teamId,
    contactId: contact?.id ?? null,
    companyId: contact?.companyId ?? null,
    properties: Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== null)),
    message: {
      kind: "INBOUND",
      text: inboundText(input, f),
      html: input.html ?? null,
      channel: input.channel,
      authorContactId: contact?.id ?? null,
      cc: input.cc,
      refs,
      attachments: input.attachments,
    },
    quarantined: opensQuarantined(input),
    eventData: { ...(input.autoSubmitted ? { autoSubmitted: true } : {}), ...(opensQuarantined(input) ? { quarantined: true } : {}) },
  });
  // The view from what was just written and read, without reading the ticket back: a new ticket
  // from intake has no owner unless an assignment rule gave it one.
  const ticket: TicketWithRefs = {
    ...row,
    owner,
    team: team ?? null,
    contact: contact ? { id: contact.id, email: contact.email, name: contact.name } : null,
    company: contact?.company ?? null,
  };
  return { ticket, messageId: messageId! };
}

/** The language a customer's message shows they write in (kept on a contact that has none yet). */
function customerLocale(input: InboundInput): Locale | null {
  return detectLocale({ charset: input.charset, texts: [input.subject, input.text] });
}
