// The ticket card's port and its links: the ChatLink roles a ticket's cards and origin are kept
// under, where a card and an origin conversation are, what a chat surface implements for the
// card's life ({@link CardPort}, run by card-sync.ts) and the reads of a ticket's card links.
import type { Queryable } from "../db.js";
import type { LocalizedName } from "../i18n/format.js";
import type { ThreadMessage } from "../outbox/chat-target.js";
import type { ChatSurface } from "../outbox/delivery.js";
import type { TicketView } from "../tickets/view.js";

/** The ChatLink role of a ticket's card; the card it is synced, updated and mirrored to. */
export const cardRole = "card";
/**
 * The ChatLink role of a card the ticket has left (it moved to another channel or forum): kept so
 * that what people still write in its thread finds the ticket. Never synced or mirrored to.
 */
export const movedCardRole = "card_moved";
/** The ChatLink role of the chat message a ticket was made from: where answers to the requester go. */
export const originRole = "origin";

/**
 * Where a ticket's card lives: its channel (a Slack channel, a Discord forum), the thread that is
 * its working log and the card message itself (on Slack the thread is the card message's ts).
 */
export interface CardRef {
  channelId: string;
  threadId: string;
  messageId: string;
}

/** The conversation a requester wrote in (a ticket's "origin" link): where replies to them go. */
export interface OriginRef {
  channelId: string;
  threadId: string | null;
  messageId: string | null;
}

/** A message as the card's thread shows it, with the surface's users of the agents a note mentioned. */
export interface MirroredMessage extends ThreadMessage {
  /** The chat user ids (on this surface) of the active agents a note mentioned; empty for other kinds. */
  mentions: string[];
}

/** What an agent's private notification says. */
export interface AgentNote {
  reason: string;
  view: TicketView;
  /** The text of the message it is about, or a workflow's text by language (the reader picks theirs), if any. */
  excerpt: LocalizedName | string | null;
  /** The ticket's current card on the surface, when it has one (to link to). */
  card: CardRef | null;
}

/**
 * What a chat surface does for the card's life: platform calls and rendering only. Failures are
 * thrown as DeliveryErrors (a rate limit with its wait, what no retry mends as permanent).
 * `ThreadPart` and `ReplyPart` are the surface's own rendered pieces.
 */
export interface CardPort<ThreadPart = unknown, ReplyPart = unknown> {
  surface: ChatSurface;
  /** The MessageRef systems of this surface: a message typed here, a mirrored part, a reply sent to the origin. */
  refSystems: { typed: string; mirrored: string; origin: string };
  /** Whether a message ref (its externalId) was posted in this conversation (a card's thread, an origin). */
  postedIn(place: CardRef | OriginRef, externalId: string): boolean;
  /** The channel (or forum) the ticket's card belongs in now, or null when none takes it. */
  destination(view: TicketView): string | null;
  /** Posts a new card in a channel; whatever it throws means nothing was posted. */
  postCard(view: TicketView, channelId: string): Promise<CardRef>;
  /** Brings a card up to date; "gone" when it was deleted (it is then posted again). */
  updateCard(view: TicketView, card: CardRef): Promise<"updated" | "gone">;
  /**
   * Turns a card the ticket has left into a pointer to its current one. Best effort: throws only
   * what a retry may mend (a rate limit, an outage); an old card that cannot be edited for good
   * (deleted, its channel archived or closed to us) is left as it is.
   */
  retireCard(view: TicketView, old: CardRef, current: CardRef): Promise<void>;
  /** Said once in a card's thread when the card was just posted there because the ticket moved. */
  announceMove?(view: TicketView, from: CardRef, to: CardRef): Promise<void>;
  /** A message as the thread's parts, in order. */
  threadParts(m: MirroredMessage): ThreadPart[];
  /** Posts one part in the card's thread: its MessageRef externalId, or "gone" when the thread was deleted. */
  postThreadPart(card: CardRef, part: ThreadPart): Promise<string | "gone">;
  /** Tells one agent privately; an agent the surface cannot reach (takes no direct messages) is skipped. */
  directMessage(userId: string, note: AgentNote): Promise<void>;
  /** A reply to the requester as parts, in order. */
  replyParts(text: string): ReplyPart[];
  /** Posts one part of a reply where the requester wrote (the `index`th); its MessageRef externalId. */
  replyInOrigin(origin: OriginRef, part: ReplyPart, index: number): Promise<string>;
}

/** A card link of a ticket: where its card is, once it has a message. */
export type LinkRow = { id: string; channelId: string; messageId: string | null; threadId: string | null; createdAt: Date };

/** Where a card link's card is, or null while its card is still being posted. */
export const cardOf = (l: { channelId: string; messageId: string | null; threadId: string | null }): CardRef | null =>
  l.messageId ? { channelId: l.channelId, threadId: l.threadId ?? l.messageId, messageId: l.messageId } : null;

/**
 * A ticket's card links on a surface, newest first. The newest one with a message is the ticket's
 * current card, for every purpose (syncing, mirroring, linking from a notification): during a move
 * the new card is the newer link, and an older card that was never retired is never current again.
 */
export async function cardLinks(q: Queryable, ticketId: number, surface: string): Promise<LinkRow[]> {
  return q
    .selectFrom("ChatLink")
    .select(["id", "channelId", "messageId", "threadId", "createdAt"])
    .where("ticketId", "=", ticketId)
    .where("surface", "=", surface)
    .where("role", "=", cardRole)
    .orderBy("createdAt", "desc")
    .orderBy("id", "desc")
    .execute();
}

/** The ticket's current card on a surface: its newest card link with a message. */
export async function currentCardOf(q: Queryable, ticketId: number, surface: string): Promise<CardRef | null> {
  const link = (await cardLinks(q, ticketId, surface)).find((l) => l.messageId);
  return link ? cardOf(link) : null;
}
