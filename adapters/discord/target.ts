// Carries the core's outbox rows to Discord: the ticket's forum post (its starter message is the
// card, edited in place; its status is a forum tag), the post's thread as the working log, agents'
// DMs, replies to requesters who wrote in Discord, and workflows' posts in channels the
// configuration names. The card's life (which post is current, when to post, move or retire it,
// what was mirrored already) is the core's cardSync; this file is its Discord port: REST calls and
// rendering only.
import { DiscordAPIError, REST, Routes, type APIChannel, type APIMessage, type APIThreadChannel } from "discord.js";
import {
  cardSync,
  chatPostPayload,
  DeliveryError,
  deskFormats,
  msg,
  readerFormats,
  render,
  type AttachmentUrl,
  type CardPort,
  type CardRef,
  type CoreDeps,
  type DeliveryTarget,
  type OutboxRow,
  type TicketView,
} from "../../core/index.js";
import { cardMessage, forumPostTitle } from "./card.js";
import { channelPostContent, postOnlyChannels } from "./channel-post.js";
import { sendSurvey } from "./csat-survey.js";
import { forumFor, type DiscordForum } from "./config.js";
import { limits, noMentions, safeText, truncate } from "./escape.js";
import { forumTags, maxAppliedTags } from "./forum-tags.js";
import { call, deliveryFailure, discordRef, notFound, originRefSystem } from "./rest.js";
import { privateThreads } from "./private-threads.js";
import { notifyText, splitSafe, threadParts } from "./thread.js";

export interface DiscordTargetOptions {
  /** Handed to the core's card sync (and the forum tags' lock); this adapter reads nothing from the database itself. */
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
/** At most this many agents a note mentioned are pinged by its mirror. */
const maxPings = 20;

/** Where a ticket's card lives: the forum, the post's thread and its starter message (same id as the thread). */
export interface PostRef {
  forum: string;
  thread: string;
  message: string;
}

/** One message of a thread mirror: its text and the users it pings (only the part naming them). */
interface ThreadPart {
  content: string;
  pings: string[];
}

/**
 * The Discord delivery target.
 * @see https://discord.com/developers/docs/resources/channel#start-thread-in-forum-or-media-channel
 * @see https://discord.com/developers/docs/resources/message#edit-message
 * @see https://discord.com/developers/docs/resources/channel#modify-channel
 */
export function discordDeliveryTarget(
  opts: DiscordTargetOptions,
): DeliveryTarget & { syncCard(ticketId: number): Promise<PostRef | null> } {
  const { catalog } = opts.deps;
  const { rest } = opts;
  const allowed_mentions = noMentions;

  const cardBody = (view: TicketView) => {
    const m = cardMessage(view, catalog);
    return { embeds: m.embeds, components: m.components, allowed_mentions };
  };

  const tags = forumTags({ deps: opts.deps, rest });
  const statusTag = (forum: string, view: TicketView) => tags.statusTag(forum, view.status.name);
  const managedTagNames = tags.managed;
  const threads = privateThreads(opts.deps, rest);

  const port: CardPort<ThreadPart, string> = {
    surface: "discord",
    refSystems: { typed: "discord", mirrored: mirrorRefSystem, origin: originRefSystem },
    postedIn: (place, externalId) => externalId.startsWith(`${place.threadId ?? place.channelId}:`),
    destination: (view) => forumFor(opts.forums, { pipelineId: view.pipeline.id, teamId: view.team?.id ?? null }),

    /** Starts the forum post with the card as its starter message. */
    async postCard(view, forum) {
      const tag = await statusTag(forum, view);
      const thread = await call<APIThreadChannel & { message?: APIMessage }>("POST forum thread", () =>
        rest.post(Routes.threads(forum), {
          body: {
            name: forumPostTitle(view),
            auto_archive_duration: autoArchiveMinutes,
            applied_tags: tag.id ? [tag.id] : [],
            message: cardBody(view),
          },
        }),
      );
      return { channelId: forum, threadId: thread.id, messageId: thread.message?.id ?? thread.id };
    },

    /** Edits the card, the post's title and its status tag; "gone" when the post or its starter message was deleted. */
    async updateCard(view, post) {
      let thread: APIThreadChannel;
      try {
        thread = (await rest.get(Routes.channel(post.threadId))) as APIThreadChannel;
      } catch (e) {
        if (!notFound(e)) throw deliveryFailure("GET thread", e);
        return "gone";
      }
      // An archived post (idle past its auto-archive time) refuses edits until it is reopened.
      if (thread.thread_metadata?.archived) {
        await call("PATCH thread unarchive", () => rest.patch(Routes.channel(post.threadId), { body: { archived: false } }));
      }
      try {
        await rest.patch(Routes.channelMessage(post.threadId, post.messageId), { body: cardBody(view) });
      } catch (e) {
        if (!notFound(e)) throw deliveryFailure("PATCH card", e);
        return "gone";
      }
      const tag = await statusTag(post.channelId, view);
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
        await call("PATCH thread", () =>
          rest.patch(Routes.channel(post.threadId), {
            body: { ...(thread.name !== name ? { name } : {}), ...(sameTags ? {} : { applied_tags: wanted }) },
          }),
        );
      }
      return "updated";
    },

    /** Turns the old card into a pointer to the new post (no buttons, so nobody acts on a stale card) and archives the old post. */
    async retireCard(view, old, moved) {
      try {
        // Reopened first (an archived post refuses edits), archived again as a pointer.
        await rest.patch(Routes.channel(old.threadId), { body: { archived: false } });
        await rest.patch(Routes.channelMessage(old.threadId, old.messageId), {
          body: {
            // Read by everyone in the forum: the help desk's language.
            content: `➡️ ${render(msg("card.movedAway", { ticket: view.number, post: `<#${moved.threadId}>` }), deskFormats(catalog))}`,
            embeds: [],
            components: [],
            allowed_mentions,
          },
        });
        await rest.patch(Routes.channel(old.threadId), { body: { archived: true } });
      } catch (e) {
        // Best effort: the ticket already has its new post. A post deleted or locked meanwhile keeps
        // its old card; anything that may pass later (a rate limit, an outage) is retried.
        const failure = deliveryFailure("PATCH moved card", e);
        if (!notFound(e) && !failure.opts.permanent) throw failure;
      }
    },

    async announceMove(_view, from, to) {
      await call("POST moved note", () =>
        rest.post(Routes.channelMessages(to.threadId), {
          body: {
            content: `⬅️ ${render(msg("card.movedHere", { from: `<#${from.threadId}>` }), deskFormats(catalog))}`,
            allowed_mentions,
          },
        }),
      );
    },

    threadParts(m) {
      const pinged = m.mentions.slice(0, maxPings);
      // Only the part that names them pings the agents a note mentions; nothing else pings anyone.
      // The post is read by everyone in the forum: the help desk's language.
      return threadParts({ ...m, mentions: pinged }, deskFormats(catalog)).map((content, n) => ({ content, pings: n === 0 ? pinged : [] }));
    },

    async postThreadPart(post, part) {
      const mentions = part.pings.length ? { parse: [], users: part.pings } : allowed_mentions;
      try {
        const sent = (await rest.post(Routes.channelMessages(post.threadId), {
          body: { content: part.content, allowed_mentions: mentions },
        })) as APIMessage;
        return discordRef(post.threadId, sent.id);
      } catch (e) {
        // The post was deleted: the core makes it again and carries on in the new thread.
        if (notFound(e)) return "gone";
        throw deliveryFailure("POST thread message", e);
      }
    },

    async directMessage(userId, note) {
      const link = note.card && opts.guildId ? `\nhttps://discord.com/channels/${opts.guildId}/${note.card.threadId}` : "";
      // A direct message is read by one agent: theirs.
      const f = readerFormats(catalog, { account: { surface: "discord", userId } });
      const content = truncate(notifyText(note.reason, note.view, note.excerpt, f), limits.messageContent - link.length) + link;
      try {
        const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as APIChannel;
        await rest.post(Routes.channelMessages(dm.id), { body: { content, allowed_mentions } });
      } catch (e) {
        // An agent who does not take DMs from the server's members misses this one, not the rest.
        if (e instanceof DiscordAPIError && e.code === cannotMessageUser) return;
        throw deliveryFailure("POST DM", e);
      }
    },

    replyParts: (text) => splitSafe(safeText(text)),
    /** A reply to a requester who wrote in Discord goes back where they wrote, its first part answering their message. */
    async replyInOrigin(origin, content, i) {
      const channel = origin.threadId ?? origin.channelId;
      if (i === 0) await threads.reopen(channel);
      const reference =
        i === 0 && origin.messageId ? { message_reference: { message_id: origin.messageId, fail_if_not_exists: false } } : {};
      const sent = await call<APIMessage>("POST reply", () =>
        rest.post(Routes.channelMessages(channel), { body: { content, allowed_mentions, ...reference } }),
      );
      return discordRef(channel, sent.id);
    },
  };

  const sync = cardSync({ deps: opts.deps, claimStaleMs: opts.claimStaleMs, attachmentUrl: opts.attachmentUrl }, port);

  /** Where an agent opens the card: its message's link, or (with no guild configured) a mention of its post. */
  const cardLink = (card: CardRef) =>
    opts.guildId ? `https://discord.com/channels/${opts.guildId}/${card.threadId}/${card.messageId}` : `<#${card.threadId}>`;

  /**
   * "chat.post": a workflow's post in a channel named in the configuration, linked to the ticket's
   * forum post when it has one (a deleted ticket still gets its post: the workflow decided when it
   * ran). The channel is looked at first: a forum takes no plain message, and the row fails for
   * good, naming it, with nothing posted. Nothing is recorded in the database (as for an SLA alert
   * or a DM); the row's id goes as the message's enforced nonce, so Discord itself answers a
   * repeat within a few minutes (a row sent again after a crash) with the first message.
   * @see https://discord.com/developers/docs/resources/message#create-message
   */
  async function postInChannel(row: OutboxRow): Promise<void> {
    const p = chatPostPayload(row);
    let channel: APIChannel;
    try {
      channel = (await rest.get(Routes.channel(p.channelId))) as APIChannel;
    } catch (e) {
      // A channel the configuration names that Discord does not know: no retry makes it exist.
      if (notFound(e))
        throw new DeliveryError(`Discord channel ${p.channelId} does not exist (or is not in the bot's server)`, { permanent: true });
      throw deliveryFailure(`GET channel ${p.channelId}`, e);
    }
    const kind = postOnlyChannels.get(channel.type);
    if (kind) {
      const name = "name" in channel && channel.name ? `#${channel.name} (${channel.id})` : channel.id;
      throw new DeliveryError(`Discord channel ${name} is a ${kind} channel, which takes posts, not messages: name a text channel`, {
        permanent: true,
      });
    }
    const card = await sync.currentCard(p.ticketId);
    const content = channelPostContent(p.text, card ? cardLink(card) : null);
    await call(`POST message in channel ${p.channelId}`, () =>
      // Outbox ids are cuids (at most 25 characters, Discord's limit for a nonce).
      rest.post(Routes.channelMessages(p.channelId), { body: { content, allowed_mentions, nonce: row.id, enforce_nonce: true } }),
    );
  }

  return {
    deliver: (row) =>
      row.topic === "chat.post" ? postInChannel(row) : row.topic === "csat.chat" ? sendSurvey(rest, row, threads.of) : sync.deliver(row),
    async syncCard(ticketId) {
      const c: CardRef | null = await sync.syncCard(ticketId);
      return c ? { forum: c.channelId, thread: c.threadId, message: c.messageId } : null;
    },
  };
}
