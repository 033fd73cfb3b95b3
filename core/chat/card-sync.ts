// The ticket card's life on a chat surface, written once for Slack and Discord alike: post the
// card, update it in place (posting it again when it was deleted), move it when the ticket changes
// team or pipeline and retire the card it left, mirror each message into the card's thread once,
// tell agents privately, and answer a requester in the conversation they wrote in. Every database
// read and write of that life is here; a surface implements a small port ({@link CardPort}) that
// only calls its platform's API and renders.
import { sql } from "kysely";
import type { CoreDeps } from "../deps.js";
import type { Queryable } from "../db.js";
import { newId } from "../ids.js";
import { activeChatUsersOf } from "./identities.js";
import { parseJsonArray } from "../json.js";
import {
  chatDeliveryTarget,
  type AttachmentUrl,
  type NotifyRow,
  type ThreadAttachment,
  type ThreadMessage,
} from "../outbox/chat-target.js";
import { DeliveryError, type ChatSurface, type DeliveryTarget } from "../outbox/delivery.js";
import { recordMessageRef } from "../tickets/message-refs.js";
import { loadTicketWithRefs, toTicketView, type TicketView } from "../tickets/view.js";

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
  /** The text of the message it is about, if any. */
  excerpt: string | null;
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

export interface CardSyncOptions {
  deps: Pick<CoreDeps, "db" | "catalog" | "now">;
  /** A card being posted by another worker for longer than this is taken over (it crashed). */
  claimStaleMs?: number | undefined;
  /** Links to open a message's attachments with; without them a thread lists names and sizes only. */
  attachmentUrl?: AttachmentUrl | undefined;
}

/** The ticket card's life on one surface, and the outbox target that runs it. */
export interface CardSync extends DeliveryTarget {
  /** Posts the ticket's card, or brings it up to date (moving it when it belongs elsewhere); null when it has no place. */
  syncCard(ticketId: number): Promise<CardRef | null>;
  /** The ticket's current card on the surface, or null. */
  currentCard(ticketId: number): Promise<CardRef | null>;
}

type LinkRow = { id: string; channelId: string; messageId: string | null; threadId: string | null; createdAt: Date };

const cardOf = (l: { channelId: string; messageId: string | null; threadId: string | null }): CardRef | null =>
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

/** Who wrote a message, as a chat thread names them. */
export async function messageAuthorName(
  q: Queryable,
  m: { authorAgentId: string | null; authorContactId: string | null; kind: string },
): Promise<string> {
  if (m.authorAgentId) {
    const a = await q.selectFrom("Agent").select("name").where("id", "=", m.authorAgentId).executeTakeFirst();
    return a?.name ?? "An agent";
  }
  if (m.authorContactId) {
    const c = await q.selectFrom("Contact").select(["name", "email"]).where("id", "=", m.authorContactId).executeTakeFirst();
    return c?.name ?? c?.email ?? "The customer";
  }
  return m.kind === "INBOUND" ? "The customer" : "System";
}

/** A message's attachments for its thread post, oldest first, with links from `url` (their content is not read). */
export async function threadAttachments(q: Queryable, messageId: string, url?: AttachmentUrl): Promise<ThreadAttachment[]> {
  const all = await q
    .selectFrom("Attachment")
    .select(["id", "filename", "size"])
    // Whether the file was kept, without reading it.
    .select(sql<number>`case when ${sql.ref("content")} is null then 0 else 1 end`.as("kept"))
    .where("messageId", "=", messageId)
    .orderBy("id", "asc")
    .execute();
  return all.map((a) => {
    const stored = Number(a.kept) === 1;
    return { filename: a.filename, size: a.size, stored, url: stored && url ? url(a.id) : null };
  });
}

/**
 * The ChatLink lifecycle of one surface, run by its outbox rows ("ticket.changed",
 * "message.posted", "agents.notify", "chat.reply"), with `port` doing the platform's part.
 */
export function cardSync<ThreadPart, ReplyPart>(opts: CardSyncOptions, port: CardPort<ThreadPart, ReplyPart>): CardSync {
  const { db, catalog } = opts.deps;
  const { surface } = port;
  const staleMs = opts.claimStaleMs ?? 60_000;

  async function loadView(ticketId: number): Promise<TicketView | null> {
    const t = await loadTicketWithRefs(db, ticketId);
    return t ? toTicketView(t, catalog) : null;
  }

  /**
   * Takes the right to post a ticket's card in a channel: a card link without a message yet,
   * unique per ticket and channel. A claim left by a worker that crashed mid-post is taken over
   * once it is stale. Another worker's fresh claim is an answer (`mine: false`), not an error.
   */
  async function claimCard(ticketId: number, channelId: string): Promise<{ id: string; mine: boolean; card: CardRef | null }> {
    const now = opts.deps.now();
    const made = await db
      .insertInto("ChatLink")
      .values({ id: newId(), ticketId, surface, role: cardRole, channelId, createdAt: now })
      .onConflict((oc) => oc.columns(["surface", "role", "ticketId", "channelId"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (made) return { id: made.id, mine: true, card: null };
    const link = await db
      .selectFrom("ChatLink")
      .select(["id", "channelId", "messageId", "threadId", "createdAt"])
      .where("surface", "=", surface)
      .where("role", "=", cardRole)
      .where("ticketId", "=", ticketId)
      .where("channelId", "=", channelId)
      .executeTakeFirstOrThrow();
    if (link.messageId || now.getTime() - link.createdAt.getTime() < staleMs) return { id: link.id, mine: false, card: cardOf(link) };
    const taken = await db
      .updateTable("ChatLink")
      .set({ createdAt: now })
      .where("id", "=", link.id)
      .where("messageId", "is", null)
      .where("createdAt", "=", link.createdAt)
      .executeTakeFirst();
    return { id: link.id, mine: Number(taken.numUpdatedRows) === 1, card: null };
  }

  /** Records where a card was posted on its link. */
  async function setCard(linkId: string, card: CardRef): Promise<void> {
    await db.updateTable("ChatLink").set({ messageId: card.messageId, threadId: card.threadId }).where("id", "=", linkId).execute();
  }

  /** Posts the card on a claimed link; on failure the claim is given back so a retry (or another row) can post at once. */
  async function postOnClaim(view: TicketView, linkId: string, channelId: string): Promise<CardRef> {
    let card: CardRef;
    try {
      card = await port.postCard(view, channelId);
    } catch (e) {
      await db.deleteFrom("ChatLink").where("id", "=", linkId).where("messageId", "is", null).execute();
      throw e;
    }
    await setCard(linkId, card);
    return card;
  }

  /** Updates a card in place; one deleted on the platform is posted again (rather than failing forever). */
  async function refresh(view: TicketView, linkId: string, card: CardRef): Promise<CardRef> {
    if ((await port.updateCard(view, card)) === "updated") return card;
    const again = await port.postCard(view, card.channelId);
    await setCard(linkId, again);
    return again;
  }

  /**
   * Makes a card the ticket has left a pointer to its current one, and keeps its link as a moved
   * card so its thread still leads to the ticket: one moved card per ticket and channel (a ticket
   * that left this channel before forgets that older card).
   */
  async function retire(view: TicketView, linkId: string, old: CardRef, current: CardRef): Promise<void> {
    await port.retireCard(view, old, current);
    await db.transaction().execute(async (tx) => {
      await tx
        .deleteFrom("ChatLink")
        .where("ticketId", "=", view.id)
        .where("surface", "=", surface)
        .where("role", "=", movedCardRole)
        .where("channelId", "=", old.channelId)
        .where("id", "!=", linkId)
        .execute();
      await tx.updateTable("ChatLink").set({ role: movedCardRole }).where("id", "=", linkId).where("role", "=", cardRole).execute();
    });
  }

  async function syncCard(ticketId: number): Promise<CardRef | null> {
    const view = await loadView(ticketId);
    if (!view) return null;
    const links = await cardLinks(db, ticketId, surface);
    const current = links.find((l) => l.messageId);
    // No place for it now: the card stays where it is.
    const channelId = port.destination(view) ?? current?.channelId;
    if (!channelId) return null;
    const here = links.find((l) => l.channelId === channelId);
    const hereCard = here ? cardOf(here) : null;
    let card: CardRef;
    let posted = false;
    if (here && hereCard) card = await refresh(view, here.id, hereCard);
    else {
      const claimed = await claimCard(ticketId, channelId);
      if (claimed.card) card = await refresh(view, claimed.id, claimed.card);
      else if (!claimed.mine)
        throw new DeliveryError(`the ${surface} card of #${ticketId} is being posted by another worker`, { retryAfterMs: 5_000 });
      else {
        card = await postOnClaim(view, claimed.id, channelId);
        posted = true;
      }
    }
    // Only once the card is up: a retry after a failure here finds it and goes on retiring.
    const left = links.filter((l) => l.channelId !== channelId && l.messageId);
    for (const old of left) {
      const oldCard = cardOf(old)!;
      // Said once, when this card was posted because of the move (a retry finds the card posted).
      if (posted && port.announceMove) await port.announceMove(view, oldCard, card);
      posted = false;
      await retire(view, old.id, oldCard, card);
    }
    return card;
  }

  /** The chat users (on this surface) of the active agents a note mentioned, from its timeline event. */
  async function mentionedUsers(m: { id: string; ticketId: number; kind: string }): Promise<string[]> {
    if (m.kind !== "COMMENT") return [];
    const events = await db
      .selectFrom("TimelineEvent")
      .select("data")
      .where("ticketId", "=", m.ticketId)
      .where("type", "=", "message.commented")
      .where("data", "like", `%${m.id}%`)
      .execute();
    const event = events.map((e) => JSON.parse(e.data) as { messageId?: string; mentioned?: string[] }).find((d) => d.messageId === m.id);
    const ids = event?.mentioned ?? [];
    if (!ids.length) return [];
    return activeChatUsersOf(db, ids, surface);
  }

  async function messageWithRefs(messageId: string) {
    const m = await db.selectFrom("Message").selectAll().where("id", "=", messageId).executeTakeFirst();
    if (!m) return null;
    const refs = await db.selectFrom("MessageRef").select(["system", "externalId"]).where("messageId", "=", messageId).execute();
    return { ...m, refs };
  }

  async function mirrorMessage(messageId: string): Promise<void> {
    const m = await messageWithRefs(messageId);
    // Messages move with merges and splits: the ticket they are on now is the one to mirror to.
    if (!m) return;
    let card = (await currentCardOf(db, m.ticketId, surface)) ?? (await syncCard(m.ticketId));
    if (!card) return;
    const mirrored: MirroredMessage = {
      ticketId: m.ticketId,
      kind: m.kind,
      text: m.text,
      author: await messageAuthorName(db, m),
      cc: parseJsonArray<string>(m.cc),
      attachments: await threadAttachments(db, m.id, opts.attachmentUrl),
      mentions: await mentionedUsers(m),
    };
    const parts = port.threadParts(mirrored);
    const { typed, mirrored: system } = port.refSystems;
    for (let attempt = 0; attempt < 2; attempt++) {
      const at: CardRef = card;
      // Typed in this thread (a thread note): never echoed. (A surface that records its mirror
      // under the typed system, in one part, finds an earlier mirror here too.)
      if (m.refs.some((r) => r.system === typed && port.postedIn(at, r.externalId))) return;
      // Parts posted by an earlier attempt (one ref each) are not posted again.
      let done = m.refs.filter((r) => r.system === system && port.postedIn(at, r.externalId)).length;
      let gone = false;
      for (const part of parts.slice(done)) {
        const ref = await port.postThreadPart(at, part);
        if (ref === "gone") {
          gone = true;
          break;
        }
        // Recorded per part, so a retry skips what went out; recording it twice (a retried delivery) is harmless.
        await recordMessageRef(opts.deps, m.id, system, ref);
        m.refs.push({ system, externalId: ref });
        done++;
      }
      if (!gone) return;
      // The card's thread was deleted: post the card again (its update finds it gone too) and
      // mirror the message into the new thread.
      const again = await syncCard(m.ticketId);
      if (!again) return;
      card = again;
    }
    throw new DeliveryError(`the ${surface} thread of #${m.ticketId} went away twice while mirroring`);
  }

  async function notify(payload: NotifyRow): Promise<void> {
    if (!payload.agentIds.length) return;
    const userIds = await activeChatUsersOf(db, payload.agentIds, surface);
    if (!userIds.length) return;
    const view = await loadView(payload.ticketId);
    if (!view) return;
    const message = payload.messageId
      ? await db.selectFrom("Message").select("text").where("id", "=", payload.messageId).executeTakeFirst()
      : undefined;
    const note: AgentNote = {
      reason: payload.reason,
      view,
      excerpt: message?.text ?? null,
      card: await currentCardOf(db, view.id, surface),
    };
    for (const userId of userIds) await port.directMessage(userId, note);
  }

  /** A reply to a requester who wrote in chat goes back to where they wrote, once per part. */
  async function replyInOrigin(ticketId: number, messageId: string): Promise<void> {
    const origin = await db
      .selectFrom("ChatLink")
      .select(["channelId", "threadId", "messageId"])
      .where("ticketId", "=", ticketId)
      .where("surface", "=", surface)
      .where("role", "=", originRole)
      .orderBy("createdAt", "asc")
      .orderBy("id", "asc")
      .executeTakeFirst();
    if (!origin)
      throw new DeliveryError(`#${ticketId} has no ${surface === "slack" ? "Slack" : "Discord"} conversation to reply in`, {
        permanent: true,
      });
    const m = await messageWithRefs(messageId);
    if (!m) throw new DeliveryError(`reply ${messageId} no longer exists`, { permanent: true });
    // Its own ref system: the origin may be the card's channel itself, where the mirror of the
    // same reply stores a ref that must not count as this delivery.
    const system = port.refSystems.origin;
    const done = m.refs.filter((r) => r.system === system && port.postedIn(origin, r.externalId)).length;
    const parts = port.replyParts(m.text);
    for (const [i, part] of parts.entries()) {
      if (i < done) continue;
      await recordMessageRef(opts.deps, m.id, system, await port.replyInOrigin(origin, part, i));
    }
  }

  return {
    syncCard,
    currentCard: (ticketId) => currentCardOf(db, ticketId, surface),
    ...chatDeliveryTarget(surface, {
      syncCard: async (ticketId) => {
        await syncCard(ticketId);
      },
      mirrorMessage,
      notify,
      replyInOrigin,
    }),
  };
}
