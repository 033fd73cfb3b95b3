import { type TicketRow, actOnLockedTicket } from "../access.js";
import { normaliseEmail } from "../contacts/find-or-create-contact.js";
import type { Tx } from "../db.js";
import type { Actor, CoreDeps } from "../deps.js";
import { invalid, isHelpdeskError } from "../errors.js";
import { msg, type Msg } from "../i18n/translate.js";
import { enqueue, messagePosted, notifyAgents, ticketChanged, type OutboxItem } from "../outbox/enqueue.js";
import { recordEvent } from "../timeline.js";
import { applyStatusChange } from "./apply-status-change.js";
import { followersToNotify } from "./follow-ticket.js";
import { insertMessage } from "./insert-ticket.js";
import { firstResponseColumns } from "../kpis/kpi-times.js";
import { endQuarantine } from "./quarantine.js";
import { readTicketView, type TicketView } from "./view.js";

export interface ReplyToTicketInput {
  ticketId: number;
  /** What the customer reads. Required. */
  text: string;
  /** The same reply as HTML, when the agent's surface produced some. */
  html?: string | undefined;
  cc?: string[] | undefined;
  bcc?: string[] | undefined;
  /** The message this answers; by default the customer's latest message, so mail threads. */
  inReplyToMessageId?: string | undefined;
  /** A status to move the ticket to in the same action ("reply and resolve"). */
  statusId?: string | undefined;
  /**
   * Properties set with the status change, typically the ones the new status requires. They
   * only apply with a change of status; updating properties alone is its own use case.
   */
  properties?: Record<string, unknown> | undefined;
}

export interface ReplyToTicketResult {
  ticket: TicketView;
  messageId: string;
}

/**
 * Validates and normalises copy addresses. Every bad address is reported, beside its field,
 * so a reply form can show them all at once. An address in both lists stays only in cc: the
 * agent meant it to receive the reply, and sending twice helps nobody.
 */
export function normaliseRecipients(input: { cc?: string[] | undefined; bcc?: string[] | undefined }): { cc: string[]; bcc: string[] } {
  const errors: Record<string, Msg> = {};
  const allBad: { address: string; field: "cc" | "bcc" }[] = [];
  const clean = (field: "cc" | "bcc", list: string[] | undefined): string[] => {
    const out: string[] = [];
    const bad: string[] = [];
    for (const raw of list ?? []) {
      if (!raw.trim()) continue;
      try {
        const e = normaliseEmail(raw);
        if (!out.includes(e)) out.push(e);
      } catch (err) {
        if (!isHelpdeskError(err)) throw err;
        bad.push(raw.trim());
      }
    }
    if (bad.length) {
      errors[field] = msg("fields.notEmailAddresses", { items: bad });
      allBad.push(...bad.map((address) => ({ address, field })));
    }
    return out;
  };
  const cc = clean("cc", input.cc);
  const bcc = clean("bcc", input.bcc).filter((e) => !cc.includes(e));
  if (allBad.length) throw invalid(msg("errors.notEmailAddresses", { items: allBad }), errors);
  return { cc, bcc };
}

type Delivery = { channel: "email" | "slack" | "discord"; item: (messageId: string) => OutboxItem };

/**
 * Where the customer reads a reply: back in the chat conversation a ticket came from, when that
 * conversation is known; otherwise by email to the requester.
 */
async function chooseDelivery(tx: Tx, ticket: TicketRow): Promise<Delivery> {
  const surface = ticket.source;
  if (surface === "slack" || surface === "discord") {
    const origin = await tx
      .selectFrom("ChatLink")
      .select("id")
      .where("ticketId", "=", ticket.id)
      .where("surface", "=", surface)
      .where("role", "=", "origin")
      .executeTakeFirst();
    if (origin) {
      return {
        channel: surface,
        item: (messageId) => ({ target: surface, topic: "chat.reply", payload: { ticketId: ticket.id, messageId } }),
      };
    }
  }
  const contact = ticket.contactId
    ? await tx.selectFrom("Contact").select("email").where("id", "=", ticket.contactId).executeTakeFirst()
    : null;
  if (!contact?.email) throw invalid(msg("errors.noRequesterAddress"));
  return {
    channel: "email",
    item: (messageId) => ({ target: "email", topic: "email.reply", payload: { ticketId: ticket.id, messageId } }),
  };
}

async function findAnsweredMessage(tx: Tx, ticketId: number, messageId: string | undefined): Promise<string | null> {
  if (messageId === undefined) {
    const latest = await tx
      .selectFrom("Message")
      .select("id")
      .where("ticketId", "=", ticketId)
      .where("kind", "=", "INBOUND")
      .orderBy("createdAt", "desc")
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
    return latest?.id ?? null;
  }
  const m = await tx.selectFrom("Message").select("ticketId").where("id", "=", messageId).executeTakeFirst();
  if (!m || m.ticketId !== ticketId) {
    throw invalid(msg("errors.answeredMessageNotOnTicket", { id: ticketId }), { inReplyToMessageId: msg("fields.notMessageOfTicket") });
  }
  return messageId;
}

/**
 * An agent writes to the customer. The reply, its delivery, an optional status change, the
 * first-response time and the author's consumed draft are all written in one transaction, so a
 * refused status change sends nothing.
 */
export async function replyToTicket(deps: CoreDeps, input: ReplyToTicketInput, actor: Actor): Promise<ReplyToTicketResult> {
  const text = input.text.trim();
  if (!text) throw invalid(msg("errors.replyEmpty"), { text: msg("fields.required") });
  const { cc, bcc } = normaliseRecipients(input);
  // Row lock first, so the status "before" and the first-response check read what a racing
  // action committed.
  return actOnLockedTicket(deps, actor, input.ticketId, async ({ tx, at, agent, party, ticket }) => {
    const inReplyToId = await findAnsweredMessage(tx, ticket.id, input.inReplyToMessageId);
    const delivery = await chooseDelivery(tx, ticket);
    if (delivery.channel !== "email" && (cc.length || bcc.length)) {
      // Dropping copies silently would leave the agent believing they were sent.
      throw invalid(msg("errors.copiesNotInChat", { surface: delivery.channel }), {
        ...(cc.length ? { cc: msg("fields.copiesByEmailOnly") } : {}),
        ...(bcc.length ? { bcc: msg("fields.copiesByEmailOnly") } : {}),
      });
    }
    // Answering a ticket filed apart takes it into the normal flow (its card shows the reply).
    await endQuarantine(tx, at, party, ticket);
    const message = await insertMessage(tx, at, ticket.id, {
      kind: "REPLY",
      text,
      html: input.html?.trim() || null,
      channel: delivery.channel,
      authorAgentId: agent.id,
      cc,
      bcc,
      inReplyToId,
    });
    await recordEvent(tx, at, ticket.id, party, "message.replied", { messageId: message.id, cc, bcc });
    const changed =
      input.statusId === undefined ? null : await applyStatusChange(tx, deps, party, ticket, input.statusId, input.properties, at);
    await tx
      .updateTable("Ticket")
      .set({
        ...changed?.data,
        ...(ticket.firstResponseAt ? {} : { firstResponseAt: at, ...firstResponseColumns(deps.catalog, ticket, at) }),
        updatedAt: at,
      })
      .where("id", "=", ticket.id)
      .execute();
    // Sending the reply is what the draft was for.
    await tx.deleteFrom("Draft").where("agentId", "=", agent.id).where("ticketId", "=", ticket.id).execute();
    const followers = await followersToNotify(tx, ticket, [agent.id]);
    await enqueue(
      tx,
      at,
      delivery.item(message.id),
      messagePosted(ticket.id, message.id),
      ...(changed ? [ticketChanged(ticket.id, "status")] : []),
      ...notifyAgents(ticket.id, followers, "follow", message.id),
    );
    return { ticket: await readTicketView(tx, deps.catalog, ticket.id), messageId: message.id };
  });
}
