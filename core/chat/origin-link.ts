// A ticket's origin: the chat message it was made from, where replies to the requester go. Every
// use case that makes a ticket from a chat message (an agent's "Create ticket", a customer
// channel's message, a support panel's form) finds and records it here, so a message becomes at
// most one ticket and its link reads the same whoever made it.
import type { Tx } from "../db.js";
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

/** The ticket the message already became, or null. */
export async function ticketOfOrigin(tx: Tx, origin: TicketOrigin): Promise<number | null> {
  const row = await tx
    .selectFrom("ChatLink")
    .select("ticketId")
    .where("surface", "=", origin.surface)
    .where("role", "=", originRole)
    .where("channelId", "=", origin.channelId)
    .where("messageId", "=", origin.messageId)
    .executeTakeFirst();
  return row ? row.ticketId : null;
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
