// A ticket's origin: the chat message it was made from, where replies to the requester go. Every
// use case that makes a ticket from a chat message (an agent's "Create ticket", a customer
// channel's message, a support panel's form) finds and records it here, so a message becomes at
// most one ticket and its link reads the same whoever made it. A thread holds one conversation,
// so one ticket: a message in a thread that is a ticket's already is part of that ticket, and
// none of these use cases makes a second one there.
import type { Tx } from "../db.js";
import { conflict, type HelpdeskError } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { newId } from "../ids.js";
import type { ChatSurface } from "../outbox/delivery.js";
import { originRole } from "./card-port.js";

export interface TicketOrigin {
  surface: ChatSurface;
  channelId: string;
  /** The message's id on its surface (a Slack ts, a Discord snowflake). */
  messageId: string;
  /** The thread the message is in, when it is in one; without it, each surface decides where replies go. */
  threadId?: string | undefined;
}

/** The ticket a message belongs to already: the one it became ("message"), or the one of its thread ("thread"). */
export interface TakenOrigin {
  ticketId: number;
  by: "message" | "thread";
}

/** The ticket the message already became, or the ticket of the thread it is in; null when neither. */
export async function takenOrigin(tx: Tx, origin: TicketOrigin): Promise<TakenOrigin | null> {
  const links = tx
    .selectFrom("ChatLink")
    .select("ticketId")
    .where("surface", "=", origin.surface)
    .where("role", "=", originRole)
    .where("channelId", "=", origin.channelId);
  const made = await links.where("messageId", "=", origin.messageId).executeTakeFirst();
  if (made) return { ticketId: made.ticketId, by: "message" };
  // A thread that is a channel of its own (Discord's) is no thread within a channel: each of its
  // messages stands alone, as a channel's do.
  if (!origin.threadId || origin.threadId === origin.channelId) return null;
  const thread = await links.where("threadId", "=", origin.threadId).executeTakeFirst();
  return thread ? { ticketId: thread.ticketId, by: "thread" } : null;
}

/** The ticket the message already became, or the one of its thread; null when neither. */
export async function ticketOfOrigin(tx: Tx, origin: TicketOrigin): Promise<number | null> {
  return (await takenOrigin(tx, origin))?.ticketId ?? null;
}

/** Why an agent gets no new ticket from a message that is part of one already. */
export function originTakenError(taken: TakenOrigin): HelpdeskError {
  return taken.by === "message"
    ? conflict(msg("errors.messageAlreadyTicket", { id: taken.ticketId }))
    : conflict(msg("customers.threadIsTicket", { id: taken.ticketId }));
}

/** Records the message as the ticket's origin (a unique link: the same message twice fails). */
export async function recordOrigin(tx: Tx, ticketId: number, origin: TicketOrigin, at: Date): Promise<void> {
  await tx
    .insertInto("ChatLink")
    .values({
      id: newId(),
      ticketId,
      surface: origin.surface,
      role: originRole,
      channelId: origin.channelId,
      messageId: origin.messageId,
      threadId: origin.threadId || null,
      createdAt: at,
    })
    .execute();
}

/** What the ticket's creation event says of its origin. */
export function originEventData(origin: TicketOrigin): { origin: { surface: ChatSurface; channelId: string; messageId: string } } {
  return { origin: { surface: origin.surface, channelId: origin.channelId, messageId: origin.messageId } };
}
