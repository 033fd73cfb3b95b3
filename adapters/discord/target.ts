// Carries the core's outbox rows to Discord: the ticket's forum post (its starter message is the
// card, edited in place; its status is a forum tag), the post's thread as the working log, agents'
// DMs, and replies to requesters who wrote in Discord.
import { DiscordAPIError, REST, Routes, type APIChannel, type APIMessage, type APIThreadChannel } from "discord.js";
import type { CoreDeps } from "../../core/deps.js";
import { prismaCode } from "../../core/deps.js";
import { parseJsonArray } from "../../core/json.js";
import { chatDeliveryTarget, messageAuthorName, recordChatRef, threadAttachments, type AttachmentUrl, type NotifyRow } from "../../core/outbox/chat-target.js";
import { DeliveryError, type DeliveryTarget } from "../../core/outbox/delivery.js";
import { ticketViewInclude, toTicketView, type TicketView } from "../../core/tickets/view.js";
import { cardMessage, forumPostTitle } from "./card.js";
import { forumFor, type DiscordForum } from "./config.js";
import { movedPostRole } from "./context.js";
import { limits, noMentions, safeText, truncate } from "./escape.js";
import { forumTags, maxAppliedTags } from "./forum-tags.js";
import { call, deliveryFailure, discordRef, notFound, originRefSystem } from "./rest.js";
import { notifyText, splitSafe, threadParts } from "./thread.js";

export interface DiscordTargetOptions {
  deps: Pick<CoreDeps, "db" | "catalog" | "now">;
  /** Made with {@link discordRest}, so a rate limit comes back as an error instead of a wait. */
  rest: REST;
  forums: readonly DiscordForum[];
  guildId?: string | undefined;
  /** A card being posted by another worker for longer than this is taken over (it crashed). */
  claimStaleMs?: number;
  /** Links to open a message's attachments with; without it the post lists names and sizes only. */
  attachmentUrl?: AttachmentUrl | undefined;
}

/**
 * The MessageRef system of the posts a message was mirrored as: kept apart from "discord" (the
 * message a note or a requester's answer was typed as), so a retried mirror knows its own parts.
 */
export const mirrorRefSystem = "discord.mirror";
/** A post idle this long drops out of the forum's active list (the longest Discord offers); an edit reopens it. */
export const autoArchiveMinutes = 10080;
/** Discord's error for a user who does not take direct messages from the bot. @see https://discord.com/developers/docs/topics/opcodes-and-status-codes#json */
const cannotMessageUser = 50007;

/** Where a ticket's card lives: the forum, the post's thread and its starter message (same id as the thread). */
export interface PostRef {
  forum: string;
  thread: string;
  message: string;
}


/**
 * The Discord delivery target.
 * @see https://discord.com/developers/docs/resources/channel#start-thread-in-forum-or-media-channel
 * @see https://discord.com/developers/docs/resources/message#edit-message
 * @see https://discord.com/developers/docs/resources/channel#modify-channel
 */
export function discordDeliveryTarget(opts: DiscordTargetOptions): DeliveryTarget & { syncCard(ticketId: number): Promise<PostRef | null> } {
  const { db, catalog } = opts.deps;
  const { rest } = opts;
  const staleMs = opts.claimStaleMs ?? 60_000;
  const allowed_mentions = noMentions;

  async function loadView(ticketId: number): Promise<TicketView | null> {
    const t = await db.ticket.findUnique({ where: { id: ticketId }, include: ticketViewInclude });
    return t ? toTicketView(t, catalog) : null;
  }

  const cardBody = (view: TicketView) => {
    const m = cardMessage(view, catalog);
    return { embeds: m.embeds, components: m.components, allowed_mentions };
  };

  const tags = forumTags({ deps: opts.deps, rest });
  const statusTag = (forum: string, view: TicketView) => tags.statusTag(forum, view.status.name);
  const managedTagNames = tags.managed;

  /** Takes the right to post a ticket's card (a link row without a message yet), as Slack does. */
  async function claimCard(ticketId: number, forum: string): Promise<{ id: string; mine: boolean; messageId: string | null; threadId: string | null }> {
    const now = opts.deps.now();
    try {
      const link = await db.chatLink.create({ data: { ticketId, surface: "discord", role: "card", channelId: forum, createdAt: now } });
      return { id: link.id, mine: true, messageId: null, threadId: null };
    } catch (e) {
      if (prismaCode(e) !== "P2002") throw e;
    }
    const link = await db.chatLink.findFirstOrThrow({ where: { ticketId, surface: "discord", role: "card", channelId: forum } });
    if (link.messageId || now.getTime() - link.createdAt.getTime() < staleMs) return { id: link.id, mine: false, messageId: link.messageId, threadId: link.threadId };
    const taken = await db.chatLink.updateMany({ where: { id: link.id, messageId: null, createdAt: link.createdAt }, data: { createdAt: now } });
    return { id: link.id, mine: taken.count === 1, messageId: null, threadId: null };
  }

  /** Starts the forum post with the card as its starter message and records it on the link. */
  async function createPost(view: TicketView, linkId: string, forum: string): Promise<PostRef> {
    const tag = await statusTag(forum, view);
    const thread = await call<APIThreadChannel & { message?: APIMessage }>("POST forum thread", () =>
      rest.post(Routes.threads(forum), { body: { name: forumPostTitle(view), auto_archive_duration: autoArchiveMinutes, applied_tags: tag.id ? [tag.id] : [], message: cardBody(view) } }),
    );
    const message = thread.message?.id ?? thread.id;
    await db.chatLink.update({ where: { id: linkId }, data: { threadId: thread.id, messageId: message } });
    return { forum, thread: thread.id, message };
  }

  async function postCard(view: TicketView, linkId: string, forum: string): Promise<PostRef> {
    try {
      return await createPost(view, linkId, forum);
    } catch (e) {
      // Nothing was posted: give the claim back so the retry (or another row) can post at once.
      await db.chatLink.deleteMany({ where: { id: linkId, messageId: null } });
      throw e;
    }
  }

  async function updateCard(view: TicketView, linkId: string, post: PostRef): Promise<PostRef> {
    let thread: APIThreadChannel;
    try {
      thread = (await rest.get(Routes.channel(post.thread))) as APIThreadChannel;
    } catch (e) {
      // The post was deleted in Discord: post it again rather than fail forever.
      if (!notFound(e)) throw deliveryFailure("GET thread", e);
      return createPost(view, linkId, post.forum);
    }
    // An archived post (idle past its auto-archive time) refuses edits until it is reopened.
    if (thread.thread_metadata?.archived) {
      await call("PATCH thread unarchive", () => rest.patch(Routes.channel(post.thread), { body: { archived: false } }));
    }
    try {
      await rest.patch(Routes.channelMessage(post.thread, post.message), { body: cardBody(view) });
    } catch (e) {
      // The starter message was deleted: post the card again.
      if (!notFound(e)) throw deliveryFailure("PATCH card", e);
      return createPost(view, linkId, post.forum);
    }
    const tag = await statusTag(post.forum, view);
    const byId = new Map(tag.tags.map((t) => [t.id, t.name]));
    const current = thread.applied_tags ?? [];
    // Keep the tags people added by hand and replace the status ones (of any pipeline, since a
    // ticket can move between pipelines sharing a forum); the status tag goes first, so five
    // tags added by hand cannot push it out of Discord's five.
    const others = current.filter((id) => !managedTagNames.has(byId.get(id) ?? "") && id !== tag.id);
    const wanted = [...(tag.id ? [tag.id] : []), ...others].slice(0, maxAppliedTags);
    const name = forumPostTitle(view);
    const sameTags = wanted.length === current.length && wanted.every((id, i) => current[i] === id);
    if (thread.name !== name || !sameTags) {
      await call("PATCH thread", () => rest.patch(Routes.channel(post.thread), { body: { ...(thread.name !== name ? { name } : {}), ...(sameTags ? {} : { applied_tags: wanted }) } }));
    }
    return post;
  }

  /** Posts the ticket's forum post, or brings its card, title and tag up to date; null when no forum takes it. */
  async function syncCard(ticketId: number): Promise<PostRef | null> {
    const view = await loadView(ticketId);
    if (!view) return null;
    const link = await db.chatLink.findFirst({ where: { ticketId, surface: "discord", role: "card" }, orderBy: { createdAt: "asc" } });
    const wanted = forumFor(opts.forums, { pipelineId: view.pipeline.id, teamId: view.team?.id ?? null });
    if (link?.messageId) {
      const post = { forum: link.channelId, thread: link.threadId ?? link.messageId, message: link.messageId };
      // A ticket that changed team or pipeline belongs in another forum now.
      if (wanted && wanted !== link.channelId) return movePost(view, link.id, post, wanted);
      return updateCard(view, link.id, post);
    }
    const forum = link?.channelId ?? wanted;
    if (!forum) return null;
    const claimed = await claimCard(ticketId, forum);
    if (claimed.messageId) return updateCard(view, claimed.id, { forum, thread: claimed.threadId ?? claimed.messageId, message: claimed.messageId });
    if (!claimed.mine) throw new DeliveryError(`the forum post of #${ticketId} is being made by another worker`, { retryAfterMs: 5_000 });
    return postCard(view, claimed.id, forum);
  }

  /**
   * Starts the ticket's post in its new forum, turns the old card into a pointer to it (no
   * buttons, so nobody acts on a stale card) and archives the old post.
   */
  async function movePost(view: TicketView, oldLinkId: string, old: PostRef, forum: string): Promise<PostRef> {
    const claimed = await claimCard(view.id, forum);
    let moved: PostRef;
    if (claimed.messageId) moved = { forum, thread: claimed.threadId ?? claimed.messageId, message: claimed.messageId };
    else if (!claimed.mine) throw new DeliveryError(`the forum post of #${view.id} is being moved by another worker`, { retryAfterMs: 5_000 });
    else {
      moved = await postCard(view, claimed.id, forum);
      await call("POST moved note", () => rest.post(Routes.channelMessages(moved.thread), { body: { content: `⬅️ Moved here from <#${old.thread}>, where its earlier history is.`, allowed_mentions } }));
    }
    try {
      // Reopened first (an archived post refuses edits), archived again as a pointer.
      await rest.patch(Routes.channel(old.thread), { body: { archived: false } });
      await rest.patch(Routes.channelMessage(old.thread, old.message), { body: { content: `➡️ ${view.number} moved to <#${moved.thread}>.`, embeds: [], components: [], allowed_mentions } });
      await rest.patch(Routes.channel(old.thread), { body: { archived: true } });
    } catch (e) {
      // Best effort: the ticket already has its new post. A post deleted or locked meanwhile keeps
      // its old card; anything that may pass later (a rate limit, an outage) is retried.
      const failure = deliveryFailure("PATCH moved card", e);
      if (!notFound(e) && !failure.opts.permanent) throw failure;
    }
    // The old post keeps naming the ticket (notes typed there are still saved, and told where it
    // went); one such record per ticket and forum.
    await db.chatLink.deleteMany({ where: { ticketId: view.id, surface: "discord", role: movedPostRole, channelId: old.forum } });
    await db.chatLink.update({ where: { id: oldLinkId }, data: { role: movedPostRole } });
    return moved;
  }

  /** The ticket's current post (the newest, while a move to another forum is under way). */
  async function existingPost(ticketId: number): Promise<PostRef | null> {
    const link = await db.chatLink.findFirst({ where: { ticketId, surface: "discord", role: "card", messageId: { not: null } }, orderBy: { createdAt: "desc" } });
    return link ? { forum: link.channelId, thread: link.threadId ?? link.messageId!, message: link.messageId! } : null;
  }

  const storeRef = (messageId: string, externalId: string, system: string) => recordChatRef(db, messageId, system, externalId);
  const authorName = (m: { authorAgentId: string | null; authorContactId: string | null; kind: string }) => messageAuthorName(db, m);

  /** The Discord users of the agents a note mentioned (from its timeline event), at most 20. */
  async function mentionedDiscordUsers(m: { id: string; ticketId: number; kind: string }): Promise<string[]> {
    if (m.kind !== "COMMENT") return [];
    const event = await db.timelineEvent.findFirst({ where: { ticketId: m.ticketId, type: "message.commented", data: { contains: m.id } } });
    const ids = event ? ((JSON.parse(event.data) as { mentioned?: string[] }).mentioned ?? []) : [];
    if (!ids.length) return [];
    const agents = await db.agent.findMany({ where: { id: { in: ids }, active: true, discordUserId: { not: null } }, select: { discordUserId: true } });
    return agents.map((a) => a.discordUserId!).slice(0, 20);
  }

  async function mirrorMessage(messageId: string): Promise<void> {
    const m = await db.message.findUnique({ where: { id: messageId }, include: { refs: true } });
    // Messages move with merges and splits: the ticket they are on now is the one to mirror to.
    if (!m) return;
    let post = (await existingPost(m.ticketId)) ?? (await syncCard(m.ticketId));
    if (!post) return;
    // Typed in this thread (a thread note): never echoed.
    if (m.refs.some((r) => r.system === "discord" && r.externalId.startsWith(`${post!.thread}:`))) return;
    const inThread = m.refs.filter((r) => r.system === mirrorRefSystem && r.externalId.startsWith(`${post!.thread}:`));
    const pinged = await mentionedDiscordUsers(m);
    const attachments = await threadAttachments(db, m.id, opts.attachmentUrl);
    const parts = threadParts({ ticketId: m.ticketId, kind: m.kind, text: m.text, author: await authorName(m), cc: parseJsonArray<string>(m.cc), mentions: pinged, attachments });
    // Parts posted by an earlier attempt (one ref each) are not posted again.
    for (const [n, content] of parts.entries()) {
      if (n < inThread.length) continue;
      // Only the part that names them pings the agents a note mentions; nothing else pings anyone.
      const mentions = n === 0 && pinged.length ? { parse: [], users: pinged } : allowed_mentions;
      let sent: APIMessage;
      try {
        sent = (await rest.post(Routes.channelMessages(post.thread), { body: { content, allowed_mentions: mentions } })) as APIMessage;
      } catch (e) {
        if (!notFound(e)) throw deliveryFailure("POST thread message", e);
        // The post was deleted: make it again (the edit 404s too) and carry on in the new thread.
        post = await syncCard(m.ticketId);
        if (!post) return;
        sent = await call<APIMessage>("POST thread message", () => rest.post(Routes.channelMessages(post!.thread), { body: { content, allowed_mentions: mentions } }));
      }
      await storeRef(m.id, discordRef(post.thread, sent.id), mirrorRefSystem);
    }
  }

  async function notify(payload: NotifyRow): Promise<void> {
    const agents = await db.agent.findMany({ where: { id: { in: payload.agentIds }, active: true, discordUserId: { not: null } }, orderBy: { id: "asc" } });
    if (!agents.length) return;
    const view = await loadView(payload.ticketId);
    if (!view) return;
    const message = payload.messageId ? await db.message.findUnique({ where: { id: payload.messageId } }) : null;
    const post = await existingPost(view.id);
    const link = post && opts.guildId ? `\nhttps://discord.com/channels/${opts.guildId}/${post.thread}` : "";
    const content = truncate(notifyText(payload.reason, view, message?.text ?? null), limits.messageContent - link.length) + link;
    for (const a of agents) {
      try {
        const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: a.discordUserId } })) as APIChannel;
        await rest.post(Routes.channelMessages(dm.id), { body: { content, allowed_mentions } });
      } catch (e) {
        // An agent who does not take DMs from the server's members misses this one, not the rest.
        if (e instanceof DiscordAPIError && e.code === cannotMessageUser) continue;
        throw deliveryFailure("POST DM", e);
      }
    }
  }

  /** A reply to a requester who wrote in Discord goes back where they wrote, answering their message. */
  async function replyInOrigin(ticketId: number, messageId: string): Promise<void> {
    const origin = await db.chatLink.findFirst({ where: { ticketId, surface: "discord", role: "origin" } });
    if (!origin) throw new DeliveryError(`#${ticketId} has no Discord conversation to reply in`, { permanent: true });
    const m = await db.message.findUnique({ where: { id: messageId }, include: { refs: true } });
    if (!m) throw new DeliveryError(`reply ${messageId} no longer exists`, { permanent: true });
    const channel = origin.threadId ?? origin.channelId;
    const done = m.refs.filter((r) => r.system === originRefSystem && r.externalId.startsWith(`${channel}:`)).length;
    const parts = splitSafe(safeText(m.text));
    for (const [i, content] of parts.entries()) {
      if (i < done) continue;
      const reference = i === 0 && origin.messageId ? { message_reference: { message_id: origin.messageId, fail_if_not_exists: false } } : {};
      const sent = await call<APIMessage>("POST reply", () => rest.post(Routes.channelMessages(channel), { body: { content, allowed_mentions, ...reference } }));
      await storeRef(m.id, discordRef(channel, sent.id), originRefSystem);
    }
  }

  return {
    syncCard,
    ...chatDeliveryTarget("discord", {
      syncCard: async (ticketId) => {
        await syncCard(ticketId);
      },
      mirrorMessage,
      notify,
      replyInOrigin,
    }),
  };
}
