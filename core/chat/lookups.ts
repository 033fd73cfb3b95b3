// Chat links looked up by where a chat message sits: the card whose thread (or card message) a
// message is in, the ticket a requester's thread was opened from. Unlike origin-links.ts these
// match the channel too: a Slack thread is named by its parent's timestamp, which is unique only
// within its channel. Reads only.
import type { CoreDeps } from "../deps.js";

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
 * The newest card link (among `roles`) of a chat thread in a channel, or of the card message
 * itself when `messageId` is given (a message action on the card, not in its thread); or null.
 */
export async function cardLinkAt(
  deps: Reads,
  where: { surface: string; channelId: string; threadId: string; messageId?: string | undefined; roles: readonly string[] },
): Promise<ChatCardLink | null> {
  if (!where.roles.length) return null;
  const { messageId } = where;
  const row = await deps.db
    .selectFrom("ChatLink")
    .select(["ticketId", "role", "channelId", "threadId", "messageId"])
    .where("surface", "=", where.surface)
    .where("role", "in", where.roles)
    .where("channelId", "=", where.channelId)
    .where((eb) =>
      messageId === undefined
        ? eb("threadId", "=", where.threadId)
        : eb.or([eb("threadId", "=", where.threadId), eb("messageId", "=", messageId)]),
    )
    .orderBy("createdAt", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

/** The ticket last opened from a message whose thread this is (its "origin" link), or null. */
export async function originTicketOfThread(deps: Reads, surface: string, channelId: string, threadId: string): Promise<number | null> {
  const row = await deps.db
    .selectFrom("ChatLink")
    .select("ticketId")
    .where("surface", "=", surface)
    .where("role", "=", "origin")
    .where("channelId", "=", channelId)
    .where("threadId", "=", threadId)
    .orderBy("createdAt", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? row.ticketId : null;
}
