// Which ticket a chat message or thread belongs to, as the ChatLink and MessageRef rows recorded
// when the ticket's card was posted or the ticket was made from a message. Chat adapters ask
// these before acting on a message they receive; none of them changes anything.
import type { CoreDeps } from "../deps.js";
import { messageOfRef } from "../tickets/message-refs.js";

type Reads = Pick<CoreDeps, "db">;

/** The ticket made from one chat message (its "origin" link), or null. */
export async function ticketOfChatMessage(deps: Reads, surface: string, channelId: string, messageId: string): Promise<number | null> {
  const row = await deps.db
    .selectFrom("ChatLink")
    .select("ticketId")
    .where("surface", "=", surface)
    .where("role", "=", "origin")
    .where("channelId", "=", channelId)
    .where("messageId", "=", messageId)
    .executeTakeFirst();
  return row ? row.ticketId : null;
}

/**
 * The ticket last made from a message in a channel or thread, or null: in a thread a ticket was
 * made from, what the requester writes there continues it.
 */
export async function ticketOfChatChannel(deps: Reads, surface: string, channelId: string): Promise<number | null> {
  const row = await deps.db
    .selectFrom("ChatLink")
    .select("ticketId")
    .where("surface", "=", surface)
    .where("role", "=", "origin")
    .where("channelId", "=", channelId)
    .orderBy("createdAt", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? row.ticketId : null;
}

/**
 * The ticket message an external message id stands for (a chat message the bot posted for it,
 * an email's Message-ID), with its ticket; or null.
 */
export async function messageOfExternalRef(
  deps: Reads,
  system: string,
  externalId: string,
): Promise<{ ticketId: number; messageId: string } | null> {
  return messageOfRef(deps.db, system, externalId);
}

/**
 * The ticket whose card thread a chat thread is, among links of the given roles (a surface may
 * keep links to threads a ticket has left), with the role of the newest such link; or null.
 */
export async function ticketOfChatThread(
  deps: Reads,
  surface: string,
  threadId: string,
  roles: readonly string[],
): Promise<{ ticketId: number; role: string } | null> {
  if (!roles.length) return null;
  const row = await deps.db
    .selectFrom("ChatLink")
    .select(["ticketId", "role"])
    .where("surface", "=", surface)
    .where("threadId", "=", threadId)
    .where("role", "in", roles)
    .orderBy("createdAt", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? { ticketId: row.ticketId, role: row.role } : null;
}

/**
 * Where a ticket's card is now on a surface (its newest card link), or null when it has none;
 * `withThread` looks only at cards that have a thread.
 */
export async function cardLinkOf(
  deps: Reads,
  ticketId: number,
  surface: string,
  opts: { withThread?: boolean } = {},
): Promise<{ channelId: string; messageId: string | null; threadId: string | null } | null> {
  const row = await deps.db
    .selectFrom("ChatLink")
    .select(["channelId", "messageId", "threadId"])
    .where("ticketId", "=", ticketId)
    .where("surface", "=", surface)
    .where("role", "=", "card")
    .$if(!!opts.withThread, (qb) => qb.where("threadId", "is not", null))
    .orderBy("createdAt", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}
