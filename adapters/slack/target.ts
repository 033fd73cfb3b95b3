// Carries the core's outbox rows to Slack: the ticket card in its triage channel (posted once,
// then updated in place), the card's thread as the working log, agents' DMs, and replies to
// customers who wrote in Slack.
import type { WebClient } from "@slack/web-api";
import type { CoreDeps } from "../../core/deps.js";
import { prismaCode } from "../../core/deps.js";
import { silentLogger, type Logger } from "../../core/log.js";
import { parseJsonArray } from "../../core/json.js";
import { chatDeliveryTarget, messageAuthorName, recordChatRef, threadAttachments, type AttachmentUrl, type NotifyRow } from "../../core/outbox/chat-target.js";
import { DeliveryError, type DeliveryTarget } from "../../core/outbox/delivery.js";
import { ticketViewInclude, toTicketView, type TicketView } from "../../core/tickets/view.js";
import { call, deliveryFailure, platformError } from "./api.js";
import { cardBlocks, cardText, movedCard } from "./card.js";
import { triageChannelFor, type TriageChannel } from "./config.js";
import { fitEscaped, limits } from "./escape.js";
import { notifyPost, threadPost } from "./thread.js";

export interface SlackTargetOptions {
  deps: Pick<CoreDeps, "db" | "catalog" | "now">;
  client: WebClient;
  triageChannels: readonly TriageChannel[];
  /** A card being posted by another worker for longer than this is taken over (it crashed). */
  claimStaleMs?: number;
  log?: Logger;
  /** Links to open a message's attachments with; without it the thread lists names and sizes only. */
  attachmentUrl?: AttachmentUrl | undefined;
}

/**
 * The ChatLink role of a card the ticket has left (moved to another triage channel): kept so that
 * what agents still write in its thread, or a shortcut on a message there, finds the ticket. Only
 * role "card" is synced, updated and mirrored to.
 */
export const movedCardRole = "card_moved";

/** The ChatLink roles whose thread belongs to the ticket: its card, and cards it has left. */
export const cardThreadRoles = ["card", movedCardRole];

/** Answers to editing an old card after which there is nothing more to try: it, or its channel, is gone or closed to us. */
const retireGivesUp = new Set(["message_not_found", "cant_update_message", "edit_window_closed"]);


/** Where a ticket's card lives: the channel and the card message's ts (also its thread's). */
export interface CardRef {
  channel: string;
  ts: string;
}

/** The `externalId` of a Slack message in MessageRef and in comment origins. */
export const slackRef = (channel: string, ts: string) => `${channel}:${ts}`;

/** The MessageRef system of a reply posted back into the requester's own Slack conversation. */
export const originRefSystem = "slack.origin";

/**
 * The Slack delivery target. Web API failures become DeliveryErrors: a 429 carries its
 * Retry-After, errors no retry can fix are permanent, the rest are retried by the outbox.
 * @see https://api.slack.com/methods/chat.postMessage
 * @see https://api.slack.com/methods/chat.update
 */
export function slackDeliveryTarget(opts: SlackTargetOptions): DeliveryTarget & { syncCard(ticketId: number): Promise<CardRef | null> } {
  const { db, catalog } = opts.deps;
  const { client } = opts;
  const staleMs = opts.claimStaleMs ?? 60_000;
  const log = opts.log ?? silentLogger;
  const quiet = { unfurl_links: false, unfurl_media: false, link_names: false } as const;

  async function loadView(ticketId: number): Promise<TicketView | null> {
    const t = await db.ticket.findUnique({ where: { id: ticketId }, include: ticketViewInclude });
    return t ? toTicketView(t, catalog) : null;
  }

  /**
   * Takes the right to post a ticket's card: a link row without a message yet, unique per ticket
   * and channel. A claim left by a worker that crashed mid-post is taken over once it is stale.
   */
  async function claimCard(ticketId: number, channelId: string): Promise<{ id: string; mine: boolean; messageId: string | null }> {
    const now = opts.deps.now();
    try {
      const link = await db.chatLink.create({ data: { ticketId, surface: "slack", role: "card", channelId, createdAt: now } });
      return { id: link.id, mine: true, messageId: null };
    } catch (e) {
      if (prismaCode(e) !== "P2002") throw e;
    }
    const link = await db.chatLink.findFirstOrThrow({ where: { ticketId, surface: "slack", role: "card", channelId } });
    if (link.messageId || now.getTime() - link.createdAt.getTime() < staleMs) return { id: link.id, mine: false, messageId: link.messageId };
    const taken = await db.chatLink.updateMany({ where: { id: link.id, messageId: null, createdAt: link.createdAt }, data: { createdAt: now } });
    return { id: link.id, mine: taken.count === 1, messageId: null };
  }

  async function postCard(view: TicketView, linkId: string, channel: string): Promise<CardRef> {
    let ts: string;
    try {
      const res = await call("chat.postMessage", () => client.chat.postMessage({ channel, text: cardText(view), blocks: cardBlocks(view, catalog), ...quiet }));
      ts = String(res.ts);
    } catch (e) {
      // Nothing was posted: give the claim back so the retry (or another row) can post at once.
      await db.chatLink.deleteMany({ where: { id: linkId, messageId: null } });
      throw e;
    }
    await db.chatLink.update({ where: { id: linkId }, data: { messageId: ts, threadId: ts } });
    return { channel, ts };
  }

  async function updateCard(view: TicketView, linkId: string, card: CardRef): Promise<CardRef> {
    try {
      await client.chat.update({ channel: card.channel, ts: card.ts, text: cardText(view), blocks: cardBlocks(view, catalog) });
      return card;
    } catch (e) {
      // Someone deleted the card in Slack: post it again rather than fail forever.
      if (platformError(e) !== "message_not_found") throw deliveryFailure("chat.update", e);
      const res = await call("chat.postMessage", () => client.chat.postMessage({ channel: card.channel, text: cardText(view), blocks: cardBlocks(view, catalog), ...quiet }));
      const ts = String(res.ts);
      await db.chatLink.update({ where: { id: linkId }, data: { messageId: ts, threadId: ts } });
      return { channel: card.channel, ts };
    }
  }

  /**
   * Posts the ticket's card, or brings it up to date; null when no triage channel takes the ticket.
   * A ticket whose team or pipeline now belongs to another triage channel gets a new card there,
   * and its old card (its thread stays as it was) is edited to say where the ticket went.
   */
  async function syncCard(ticketId: number): Promise<CardRef | null> {
    const view = await loadView(ticketId);
    if (!view) return null;
    const links = await db.chatLink.findMany({ where: { ticketId, surface: "slack", role: "card" }, orderBy: { createdAt: "desc" } });
    const wanted = triageChannelFor(opts.triageChannels, { pipelineId: view.pipeline.id, teamId: view.team?.id ?? null });
    // No channel for it now: the card stays where it is.
    const channel = wanted ?? links[0]?.channelId;
    if (!channel) return null;
    const here = links.find((l) => l.channelId === channel);
    let card: CardRef;
    if (here?.messageId) card = await updateCard(view, here.id, { channel, ts: here.messageId });
    else {
      const claimed = await claimCard(ticketId, channel);
      if (claimed.messageId) card = await updateCard(view, claimed.id, { channel, ts: claimed.messageId });
      else if (!claimed.mine) throw new DeliveryError(`the card of #${ticketId} is being posted by another worker`, { retryAfterMs: 5_000 });
      else card = await postCard(view, claimed.id, channel);
    }
    // Only once the new card is up: a retry after a failure here finds it and goes on retiring.
    for (const old of links) {
      if (old.channelId !== channel && old.messageId) await retireCard(view, old.id, { channel: old.channelId, ts: old.messageId }, channel);
    }
    return card;
  }

  /**
   * Edits a card the ticket has left to point at its new one, and keeps its link as a moved card
   * (role "card_moved") so its thread still leads to the ticket. Best effort: when the old card
   * cannot be edited for good (deleted, its channel archived or gone, the bot removed from it) that
   * is logged and the card is retired all the same, so the new card's sync never fails on it.
   * Only a failure a retry may fix (rate limit, Slack down) is thrown, and the row retried.
   */
  async function retireCard(view: TicketView, linkId: string, old: CardRef, channel: string): Promise<void> {
    const moved = movedCard(view, channel);
    try {
      await client.chat.update({ channel: old.channel, ts: old.ts, ...moved });
    } catch (e) {
      const code = platformError(e);
      const failure = deliveryFailure("chat.update", e);
      if (!(code && retireGivesUp.has(code)) && !failure.opts.permanent) throw failure;
      log.warn("slack old card not edited after a move; retired anyway", { ticket: view.id, channel: old.channel, ts: old.ts, error: code ?? failure.message });
    }
    // One moved card per ticket and channel: a ticket that left this channel before forgets that older card.
    await db.$transaction([
      db.chatLink.deleteMany({ where: { ticketId: view.id, surface: "slack", role: movedCardRole, channelId: old.channel, id: { not: linkId } } }),
      db.chatLink.updateMany({ where: { id: linkId, role: "card" }, data: { role: movedCardRole } }),
    ]);
  }

  /** The ticket's current card (the newest, while a move is under way). */
  async function existingCard(ticketId: number): Promise<CardRef | null> {
    const link = await db.chatLink.findFirst({ where: { ticketId, surface: "slack", role: "card", messageId: { not: null } }, orderBy: { createdAt: "desc" } });
    return link ? { channel: link.channelId, ts: link.messageId! } : null;
  }

  const storeRef = (messageId: string, externalId: string, system = "slack") => recordChatRef(db, messageId, system, externalId);
  const authorName = (m: { authorAgentId: string | null; authorContactId: string | null; kind: string }) => messageAuthorName(db, m);

  async function mirrorMessage(messageId: string): Promise<void> {
    const m = await db.message.findUnique({ where: { id: messageId }, include: { refs: true } });
    // Messages move with merges and splits: the ticket they are on now is the one to mirror to.
    if (!m) return;
    const card = (await existingCard(m.ticketId)) ?? (await syncCard(m.ticketId));
    if (!card) return;
    // Typed in this channel (a thread note), or mirrored by an earlier attempt.
    if (m.refs.some((r) => r.system === "slack" && r.externalId.startsWith(`${card.channel}:`))) return;
    const attachments = await threadAttachments(db, m.id, opts.attachmentUrl);
    const post = threadPost({ ticketId: m.ticketId, kind: m.kind, text: m.text, author: await authorName(m), cc: parseJsonArray<string>(m.cc), attachments });
    const res = await call("chat.postMessage", () => client.chat.postMessage({ channel: card.channel, thread_ts: card.ts, ...post, ...quiet }));
    await storeRef(m.id, slackRef(card.channel, String(res.ts)));
  }

  async function notify(payload: NotifyRow): Promise<void> {
    const agents = await db.agent.findMany({ where: { id: { in: payload.agentIds }, active: true, slackUserId: { not: null } }, orderBy: { id: "asc" } });
    if (!agents.length) return;
    const view = await loadView(payload.ticketId);
    if (!view) return;
    const message = payload.messageId ? await db.message.findUnique({ where: { id: payload.messageId } }) : null;
    const post = notifyPost(payload.reason, view, message?.text ?? null);
    for (const a of agents) {
      await call("chat.postMessage", () => client.chat.postMessage({ channel: a.slackUserId!, ...post, ...quiet }));
    }
  }

  /** A reply to a requester who wrote in Slack goes back to their message's thread. */
  async function replyInOrigin(ticketId: number, messageId: string): Promise<void> {
    const origin = await db.chatLink.findFirst({ where: { ticketId, surface: "slack", role: "origin" } });
    if (!origin) throw new DeliveryError(`#${ticketId} has no Slack conversation to reply in`, { permanent: true });
    const m = await db.message.findUnique({ where: { id: messageId }, include: { refs: true } });
    if (!m) throw new DeliveryError(`reply ${messageId} no longer exists`, { permanent: true });
    // Its own ref system: the origin may be the triage channel itself, where the card-thread
    // mirror of the same reply stores a "slack" ref that must not count as this delivery.
    if (m.refs.some((r) => r.system === originRefSystem && r.externalId.startsWith(`${origin.channelId}:`))) return;
    const text = fitEscaped(m.text, limits.sectionText).text;
    const thread = origin.threadId ?? origin.messageId ?? undefined;
    const res = await call("chat.postMessage", () =>
      client.chat.postMessage({ channel: origin.channelId, text, ...(thread ? { thread_ts: thread } : {}), ...quiet }),
    );
    await storeRef(m.id, slackRef(origin.channelId, String(res.ts)), originRefSystem);
  }

  return {
    syncCard,
    ...chatDeliveryTarget("slack", {
      syncCard: async (ticketId) => {
        await syncCard(ticketId);
      },
      mirrorMessage,
      notify,
      replyInOrigin,
    }),
  };
}
