// Which ticket a chat place belongs to, and where a ticket's card is, as the ChatLink and
// MessageRef rows recorded when its card was posted or it was made from a message. Chat adapters
// ask these before acting on a message they receive. A Slack thread is named by its parent's
// timestamp, unique only within its channel, so a Slack place names its channel too; a Discord
// thread is a channel of its own, and its id alone names it. Reads only.
import type { CoreDeps } from "../deps.js";
import { messageOfRef } from "../tickets/message-refs.js";

type Reads = Pick<CoreDeps, "db">;

export interface ChatCardLink {
  ticketId: number;
  /** The link's role: "card", or one a surface keeps for a card the ticket has left. */
  role: string;
  channelId: string;
  threadId: string | null;
  messageId: string | null;
}

/**
 * The newest card link (among `roles`) of a chat thread, or of the card message itself when
 * `messageId` is given (a message action on the card, not in its thread); or null. Without
 * `channelId` the thread id alone is looked up (a Discord post).
 */
export async function cardLinkAt(
  deps: Reads,
  where: {
    surface: string;
    channelId?: string | undefined;
    threadId: string;
    messageId?: string | undefined;
    roles: readonly string[];
  },
): Promise<ChatCardLink | null> {
  if (!where.roles.length) return null;
  const { channelId, messageId } = where;
  let q = deps.db
    .selectFrom("ChatLink")
    .select(["ticketId", "role", "channelId", "threadId", "messageId"])
    .where("surface", "=", where.surface)
    .where("role", "in", where.roles)
    .where((eb) =>
      messageId === undefined
        ? eb("threadId", "=", where.threadId)
        : eb.or([eb("threadId", "=", where.threadId), eb("messageId", "=", messageId)]),
    );
  if (channelId !== undefined) q = q.where("channelId", "=", channelId);
  const row = await q.orderBy("createdAt", "desc").orderBy("id", "desc").limit(1).executeTakeFirst();
  return row ?? null;
}

/**
 * The ticket last made from a chat message in a channel (its "origin" link), narrowed to the
 * message itself (`messageId`) or to the thread it opened (`threadId`) when given; or null. In a
 * thread a ticket was made from, what the requester writes there continues it.
 */
export async function originTicketAt(
  deps: Reads,
  where: { surface: string; channelId: string; threadId?: string | undefined; messageId?: string | undefined },
): Promise<number | null> {
  const { threadId, messageId } = where;
  let q = deps.db
    .selectFrom("ChatLink")
    .select("ticketId")
    .where("surface", "=", where.surface)
    .where("role", "=", "origin")
    .where("channelId", "=", where.channelId);
  if (threadId !== undefined) q = q.where("threadId", "=", threadId);
  if (messageId !== undefined) q = q.where("messageId", "=", messageId);
  const row = await q.orderBy("createdAt", "desc").orderBy("id", "desc").limit(1).executeTakeFirst();
  return row ? row.ticketId : null;
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
