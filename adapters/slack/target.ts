// Carries the core's outbox rows to Slack: the ticket card in its triage channel (posted once,
// then updated in place), the card's thread as the working log, agents' DMs, replies to customers
// who wrote in Slack, and workflows' posts in channels the configuration names. The card's life
// (which card is current, when to post, move or retire it, what was mirrored already) is the core's
// cardSync; this file is its Slack port: Web API calls and rendering only.
import type { KnownBlock, WebClient } from "@slack/web-api";
import {
  cardSync,
  chatPostPayload,
  connectedCustomerChannel,
  DeliveryError,
  deskFormats,
  readerFormats,
  movedCardRole as cardMovedRole,
  silentLogger,
  type AttachmentUrl,
  type CardPort,
  type CardRef as CoreCardRef,
  type CoreDeps,
  type DeliveryTarget,
  type Logger,
  type OutboxRow,
} from "../../core/index.js";
import { call, deliveryFailure, platformError } from "./api.js";
import { cardBlocks, cardText, movedCard } from "./card.js";
import { channelPost } from "./channel-post.js";
import { sendSurvey } from "./csat-survey.js";
import { triageChannelFor, type TriageChannel } from "./config.js";
import { customerStatus } from "./customer-status.js";
import { fitEscaped, limits } from "./escape.js";
import { notifyPost, threadPost } from "./thread.js";
import type { SlackLocales } from "./user-locale.js";

export interface SlackTargetOptions {
  /** Handed to the core's card sync; this adapter reads nothing from the database itself. */
  deps: Pick<CoreDeps, "db" | "catalog" | "now">;
  client: WebClient;
  triageChannels: readonly TriageChannel[];
  /** A card being posted by another worker for longer than this is taken over (it crashed). */
  claimStaleMs?: number;
  log?: Logger;
  /** Links to open a message's attachments with; without it the thread lists names and sizes only. */
  attachmentUrl?: AttachmentUrl | undefined;
  /** Agents' client languages, for direct messages to those with none configured. */
  locales?: SlackLocales | undefined;
  /** The customer channels of the configuration (admins connect more, kept in the database). */
  customerChannels?: readonly { channel: string }[] | undefined;
}

/**
 * The ChatLink role of a card the ticket has left (moved to another triage channel): kept so that
 * what agents still write in its thread, or a shortcut on a message there, finds the ticket. Only
 * role "card" is synced, updated and mirrored to.
 */
export const movedCardRole = cardMovedRole;

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

type Post = { text: string; blocks?: KnownBlock[] };

/**
 * The Slack delivery target. Web API failures become DeliveryErrors: a 429 carries its
 * Retry-After, errors no retry can fix are permanent, the rest are retried by the outbox.
 * @see https://api.slack.com/methods/chat.postMessage
 * @see https://api.slack.com/methods/chat.update
 */
export function slackDeliveryTarget(opts: SlackTargetOptions): DeliveryTarget & { syncCard(ticketId: number): Promise<CardRef | null> } {
  const { catalog } = opts.deps;
  const { client } = opts;
  const log = opts.log ?? silentLogger;
  const quiet = { unfurl_links: false, unfurl_media: false, link_names: false } as const;

  const post = async (channel: string, body: Post, thread?: string): Promise<string> => {
    const res = await call("chat.postMessage", () =>
      client.chat.postMessage({ channel, ...body, ...(thread ? { thread_ts: thread } : {}), ...quiet }),
    );
    return String(res.ts);
  };
  const configured = new Set((opts.customerChannels ?? []).map((c) => c.channel));
  const isCustomerChannel = async (channel: string) =>
    configured.has(channel) || (await connectedCustomerChannel(opts.deps, "slack", channel)) !== null;
  const card = (channel: string, ts: string): CoreCardRef => ({ channelId: channel, threadId: ts, messageId: ts });

  const port: CardPort<Post, string> = {
    surface: "slack",
    // The mirror of a message is recorded as the "slack" message it became, like a typed note.
    refSystems: { typed: "slack", mirrored: "slack", origin: originRefSystem },
    postedIn: (place, externalId) => externalId.startsWith(`${place.channelId}:`),
    destination: (view) => triageChannelFor(opts.triageChannels, { pipelineId: view.pipeline.id, teamId: view.team?.id ?? null }),

    async postCard(view, channel) {
      // Agents' cards are never shown to customers, even when a channel an admin connected for
      // customers was later made a triage channel too (the config check cannot see connections).
      if (await isCustomerChannel(channel))
        throw new DeliveryError(`${channel} is a customer channel; the card of #${view.id} is not posted there`, { permanent: true });
      return card(channel, await post(channel, { text: cardText(view, catalog), blocks: cardBlocks(view, catalog) }));
    },

    async updateCard(view, c) {
      try {
        await client.chat.update({
          channel: c.channelId,
          ts: c.messageId,
          text: cardText(view, catalog),
          blocks: cardBlocks(view, catalog),
        });
        return "updated";
      } catch (e) {
        // Someone deleted the card in Slack: the core posts it again rather than fail forever.
        if (platformError(e) === "message_not_found") return "gone";
        throw deliveryFailure("chat.update", e);
      }
    },

    /**
     * Edits a card the ticket has left to say where it went (its thread stays as it was). When the
     * old card cannot be edited for good (deleted, its channel archived or gone, the bot removed
     * from it) that is logged and the card is retired all the same, so the new card's sync never
     * fails on it. Only a failure a retry may fix (rate limit, Slack down) is thrown.
     */
    async retireCard(view, old, current) {
      try {
        await client.chat.update({ channel: old.channelId, ts: old.messageId, ...movedCard(view, current.channelId, catalog) });
      } catch (e) {
        const code = platformError(e);
        const failure = deliveryFailure("chat.update", e);
        if (!(code && retireGivesUp.has(code)) && !failure.opts.permanent) throw failure;
        log.warn("slack old card not edited after a move; retired anyway", {
          ticket: view.id,
          channel: old.channelId,
          ts: old.messageId,
          error: code ?? failure.message,
        });
      }
    },

    // The thread is read by everyone in the channel: the help desk's language.
    threadParts: (m) => [threadPost(m, deskFormats(catalog))],
    postThreadPart: async (c, part) => slackRef(c.channelId, await post(c.channelId, part, c.threadId)),

    async directMessage(userId, note) {
      // A direct message is read by one agent: theirs.
      await opts.locales?.learn(client, userId);
      const f = readerFormats(catalog, { account: { surface: "slack", userId }, platformLocale: opts.locales?.known(userId) });
      await post(userId, notifyPost(note.reason, note.view, note.excerpt, f));
    },

    replyParts: (text) => [fitEscaped(text, limits.sectionText).text],
    /** A reply to a requester who wrote in Slack goes back to their message's thread. */
    async replyInOrigin(origin, text) {
      const thread = origin.threadId ?? origin.messageId ?? undefined;
      return slackRef(origin.channelId, await post(origin.channelId, { text }, thread));
    },
  };

  const sync = cardSync({ deps: opts.deps, claimStaleMs: opts.claimStaleMs, attachmentUrl: opts.attachmentUrl }, port);

  /**
   * The card's permalink, or null when there is no card to link to any more (deleted in Slack, its
   * channel gone or closed to us): the post goes out without it. Anything a retry may mend is
   * thrown; nothing has been posted yet, so the row is simply tried again.
   * @see https://api.slack.com/methods/chat.getPermalink
   */
  async function cardPermalink(card: CoreCardRef): Promise<string | null> {
    try {
      const res = await client.chat.getPermalink({ channel: card.channelId, message_ts: card.messageId });
      return res.permalink ?? null;
    } catch (e) {
      const failure = deliveryFailure("chat.getPermalink", e);
      if (platformError(e) !== "message_not_found" && !failure.opts.permanent) throw failure;
      log.warn("slack card has no permalink; posting without a link to it", {
        channel: card.channelId,
        ts: card.messageId,
        error: platformError(e) ?? failure.message,
      });
      return null;
    }
  }

  /**
   * "chat.post": a workflow's post in a channel named in the configuration, linked to the ticket's
   * card when it has one (a deleted ticket still gets its post: the workflow decided when it ran).
   * Nothing is recorded: like an SLA alert or a DM, a single post that only a crash between sending
   * it and recording the row as delivered can repeat.
   */
  async function postInChannel(row: OutboxRow): Promise<void> {
    const p = chatPostPayload(row);
    const card = await sync.currentCard(p.ticketId);
    const body = channelPost(p, card ? await cardPermalink(card) : null);
    // The channel is named in the error: it is the configuration an admin has to mend.
    await call(`chat.postMessage to ${p.channelId}`, () => client.chat.postMessage({ channel: p.channelId, ...body, ...quiet }));
  }

  const showCustomer = customerStatus({ deps: opts.deps, client, log, isCustomerChannel });
  /** A ticket's card first, then what its customer sees where they wrote, if they wrote in a customer channel. */
  async function ticketChanged(row: OutboxRow): Promise<void> {
    await sync.deliver(row);
    const ticketId = (row.payload as { ticketId?: unknown }).ticketId;
    if (typeof ticketId === "number") await showCustomer(ticketId);
  }

  return {
    deliver: (row) =>
      row.topic === "chat.post"
        ? postInChannel(row)
        : row.topic === "csat.chat"
          ? sendSurvey(client, row, opts.deps, isCustomerChannel)
          : row.topic === "ticket.changed"
            ? ticketChanged(row)
            : sync.deliver(row),
    async syncCard(ticketId) {
      const c = await sync.syncCard(ticketId);
      return c ? { channel: c.channelId, ts: c.messageId } : null;
    },
  };
}
