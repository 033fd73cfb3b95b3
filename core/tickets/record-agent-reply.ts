// What an agent's reply to the customer records on its ticket, wherever the agent wrote it (the
// reply form, or the customer's own chat thread): the message, the timeline entry, the first
// response with its business-hours twin, and the chat mirror and followers' notices. Whether the
// reply still has to be sent, and how, is the caller's to say.
import type { TicketAction } from "../access.js";
import type { Tx } from "../db.js";
import type { CoreDeps } from "../deps.js";
import { invalid } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { firstResponseColumns } from "../kpis/kpi-times.js";
import { enqueue, messagePosted, notifyAgents, ticketChanged, type OutboxItem } from "../outbox/enqueue.js";
import { recordEvent } from "../timeline.js";
import { applyStatusChange } from "./apply-status-change.js";
import { followersToNotify } from "./follow-ticket.js";
import { insertMessage, type NewMessageRecord } from "./insert-ticket.js";
import { endQuarantine } from "./quarantine.js";

/**
 * The message a reply answers: `messageId` when it is one of the ticket's, by default the
 * customer's latest message (null when there is none).
 *
 * @throws invalid when `messageId` is not a message of this ticket.
 */
export async function findAnsweredMessage(tx: Tx, ticketId: number, messageId: string | undefined): Promise<string | null> {
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

export interface AgentReply {
  /** Already trimmed and not empty. */
  text: string;
  html?: string | null | undefined;
  /** Where the customer reads it: "email", or the chat surface it was or will be posted on. */
  channel: NewMessageRecord["channel"];
  /** Normalised copy addresses (email only). */
  cc?: string[] | undefined;
  bcc?: string[] | undefined;
  /** See findAnsweredMessage. */
  inReplyToId: string | null;
  /** The message's ids elsewhere, e.g. the chat message it already is. */
  refs?: NewMessageRecord["refs"];
  /** A status to move the ticket to with the reply, and the properties set with that change. */
  statusId?: string | undefined;
  properties?: Record<string, unknown> | undefined;
  /** The outbox row that sends the reply to the customer; none for a reply they have read already. */
  delivery?: ((messageId: string) => OutboxItem) | undefined;
}

/**
 * Records an agent's reply inside the caller's transaction, which holds the ticket's row lock.
 * A ticket filed apart is taken into the normal flow first. A refused status change throws, so
 * the caller's transaction writes nothing.
 */
export async function recordAgentReply(
  deps: Pick<CoreDeps, "catalog">,
  { tx, at, agent, party, ticket }: TicketAction,
  reply: AgentReply,
): Promise<{ messageId: string }> {
  const cc = reply.cc ?? [];
  const bcc = reply.bcc ?? [];
  // Answering a ticket filed apart takes it into the normal flow (its card shows the reply).
  await endQuarantine(tx, at, party, ticket);
  const message = await insertMessage(tx, at, ticket.id, {
    kind: "REPLY",
    text: reply.text,
    html: reply.html ?? null,
    channel: reply.channel,
    authorAgentId: agent.id,
    cc,
    bcc,
    inReplyToId: reply.inReplyToId,
    refs: reply.refs,
  });
  await recordEvent(tx, at, ticket.id, party, "message.replied", { messageId: message.id, cc, bcc });
  const changed =
    reply.statusId === undefined ? null : await applyStatusChange(tx, deps, party, ticket, reply.statusId, reply.properties, at);
  await tx
    .updateTable("Ticket")
    .set({
      ...changed?.data,
      ...(ticket.firstResponseAt ? {} : { firstResponseAt: at, ...firstResponseColumns(deps.catalog, ticket, at) }),
      updatedAt: at,
    })
    .where("id", "=", ticket.id)
    .execute();
  const followers = await followersToNotify(tx, ticket, [agent.id]);
  await enqueue(
    tx,
    at,
    ...(reply.delivery ? [reply.delivery(message.id)] : []),
    messagePosted(ticket.id, message.id),
    ...(changed ? [ticketChanged(ticket.id, "status")] : []),
    ...notifyAgents(ticket.id, followers, "follow", message.id),
  );
  return { messageId: message.id };
}
