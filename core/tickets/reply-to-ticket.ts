import { type TicketRow, actOnLockedTicket } from "../access.js";
import { normaliseEmail } from "../contacts/find-or-create-contact.js";
import type { Tx } from "../db.js";
import type { Actor, CoreDeps } from "../deps.js";
import { invalid, isHelpdeskError } from "../errors.js";
import { msg, type Msg } from "../i18n/translate.js";
import type { OutboxItem } from "../outbox/enqueue.js";
import { findAnsweredMessage, recordAgentReply } from "./record-agent-reply.js";
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
  return actOnLockedTicket(deps, actor, input.ticketId, async (action) => {
    const { tx, agent, ticket } = action;
    const inReplyToId = await findAnsweredMessage(tx, ticket.id, input.inReplyToMessageId);
    const delivery = await chooseDelivery(tx, ticket);
    if (delivery.channel !== "email" && (cc.length || bcc.length)) {
      // Dropping copies silently would leave the agent believing they were sent.
      throw invalid(msg("errors.copiesNotInChat", { surface: delivery.channel }), {
        ...(cc.length ? { cc: msg("fields.copiesByEmailOnly") } : {}),
        ...(bcc.length ? { bcc: msg("fields.copiesByEmailOnly") } : {}),
      });
    }
    const { messageId } = await recordAgentReply(deps, action, {
      text,
      html: input.html?.trim() || null,
      channel: delivery.channel,
      cc,
      bcc,
      inReplyToId,
      statusId: input.statusId,
      properties: input.properties,
      delivery: delivery.item,
    });
    // Sending the reply is what the draft was for.
    await tx.deleteFrom("Draft").where("agentId", "=", agent.id).where("ticketId", "=", ticket.id).execute();
    return { ticket: await readTicketView(tx, deps.catalog, ticket.id), messageId };
  });
}
