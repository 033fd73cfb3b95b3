// Customers in Slack channels: in a customer channel (configured, or connected by an admin with
// `/ticket connect`), each new top-level message from someone who is not an agent opens a ticket,
// and an agent's reaction (:ticket: by default) turns an earlier message into one. Their thread
// replies join the ticket through events.ts, like any requester's. Users of another workspace
// (Slack Connect) are customers whatever they are at home.
// @see https://api.slack.com/events/message
// @see https://api.slack.com/events/reaction_added
import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { CustomerChannel as ConfiguredChannel } from "./config.js";
import { actorFor, claimEvent, deskSpeech, errorText, releaseEvent, slackReader, type SlackContext, speech } from "./context.js";
import { customerProfile, organisationOf } from "./customer-profile.js";
import { escapeText } from "./escape.js";
import { slackToPlain, subjectOf } from "./shortcuts.js";
import { slackRef } from "./target.js";
import {
  type Actor,
  type CompanyHint,
  connectedCustomerChannel,
  isHelpdeskError,
  msg,
  openChannelTicket,
  systemActor,
} from "../../core/index.js";

/** A customer channel as listeners need it: where its tickets go and the company its customers belong to. */
export interface ResolvedCustomerChannel {
  channel: string;
  company: string | null;
  pipelineId?: string | undefined;
  teamId?: string | undefined;
}

/** What the adapter knows of customer channels from its settings. */
export interface CustomerChannelSettings {
  configured: readonly ConfiguredChannel[];
  /** The emoji name that turns a message into a ticket. */
  reaction: string;
  /** Triage channels, which can never be customer channels. */
  triage: readonly string[];
}

/** The customer channel `channel` is, from the configuration first, else connected by an admin; null for any other. */
export async function customerChannelOf(
  ctx: SlackContext,
  settings: CustomerChannelSettings,
  channel: string,
): Promise<ResolvedCustomerChannel | null> {
  const configured = settings.configured.find((c) => c.channel === channel);
  if (configured) return { ...configured, company: configured.company ?? null };
  // Triage channels, where agents talk most, are never customer channels: no read for them.
  if (settings.triage.includes(channel)) return null;
  const connected = await connectedCustomerChannel(ctx.deps, "slack", channel);
  return connected ? { channel, company: connected.company } : null;
}

/** The fields of a `message` event read here. */
interface ChannelMessageEvent {
  subtype?: string;
  bot_id?: string;
  user?: string;
  user_team?: string;
  team?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel: string;
}

/** The fields of a `reaction_added` event read here. */
interface ReactionEvent {
  user: string;
  reaction: string;
  item: { type: string; channel?: string; ts?: string };
  item_user?: string;
}

/** What a message turned into a ticket carries. */
interface Source {
  channel: string;
  ts: string;
  threadTs?: string | undefined;
  user: string;
  /** The author's own workspace, when the payload says. */
  userTeam?: string | undefined;
  text: string;
}

export function registerCustomerChannels(app: App, ctx: SlackContext, settings: CustomerChannelSettings): void {
  const home = (body: unknown) => ctx.teamId ?? (body as { team_id?: string }).team_id;

  /** Opens the ticket of a message; the customer's name, address and organisation come from Slack when it tells. */
  async function open(client: WebClient, cc: ResolvedCustomerChannel, m: Source, homeTeam: string | undefined, actor: Actor) {
    const profile = await customerProfile(ctx, client, m.user);
    const theirTeam = m.userTeam ?? profile.teamId;
    const organisation = theirTeam && homeTeam && theirTeam !== homeTeam ? await organisationOf(ctx, client, theirTeam) : null;
    const company: CompanyHint | null = organisation ?? (cc.company ? { domain: cc.company } : null);
    const text = slackToPlain(m.text).trim();
    return openChannelTicket(
      ctx.deps,
      {
        surface: "slack",
        channelId: m.channel,
        messageId: m.ts,
        threadId: m.threadTs ?? m.ts,
        externalId: slackRef(m.channel, m.ts),
        subject: subjectOf(text, profile.name, deskSpeech(ctx).say),
        text,
        userId: m.user,
        name: profile.name,
        email: profile.email,
        company,
        route: { pipelineId: cc.pipelineId, teamId: cc.teamId },
      },
      actor,
    );
  }

  app.event("message", async ({ event, body, client }) => {
    const e = event as unknown as ChannelMessageEvent;
    // Only people's new requests: edits, joins, bot posts and thread replies are not.
    if ((e.subtype && e.subtype !== "file_share") || e.bot_id || !e.user || !e.text?.trim()) return;
    if (e.thread_ts && e.thread_ts !== e.ts) return;
    const cc = await customerChannelOf(ctx, settings, e.channel);
    if (!cc) return;
    // Agents talk with customers here too; only what others write is a request.
    if (await actorFor(ctx, { id: e.user, teamId: e.user_team, requestTeamId: home(body) })) return;
    const eventId = String((body as { event_id?: string }).event_id ?? `${e.channel}:${e.ts}`);
    if (!(await claimEvent(ctx, eventId))) return;
    try {
      const source: Source = { channel: e.channel, ts: e.ts, user: e.user, userTeam: e.user_team ?? e.team, text: e.text };
      await open(client, cc, source, home(body), systemActor);
    } catch (err) {
      await releaseEvent(ctx, eventId);
      throw err;
    }
  });

  app.event("reaction_added", async ({ event, body, client }) => {
    const e = event as unknown as ReactionEvent;
    if (e.reaction !== settings.reaction || e.item.type !== "message" || !e.item.channel || !e.item.ts) return;
    const channel = e.item.channel;
    const cc = await customerChannelOf(ctx, settings, channel);
    if (!cc) return;
    // Only agents make tickets by reaction; a customer's reaction is just a reaction.
    const actor = await actorFor(ctx, { id: e.user, requestTeamId: home(body) });
    if (!actor) return;
    const eventId = String((body as { event_id?: string }).event_id ?? `${channel}:${e.item.ts}:${e.user}`);
    if (!(await claimEvent(ctx, eventId))) return;
    const whisper = (text: string) => client.chat.postEphemeral({ channel, user: e.user, text });
    try {
      const m = await messageAt(client, channel, e.item.ts);
      const { say } = speech(ctx, e.user);
      if (!m?.user || m.bot_id || !m.text?.trim()) return void (await whisper(`:warning: ${say(msg("compose.personMessagesOnly"))}`));
      // Agents are never customers: an agent's own message (or a colleague's) is not a request.
      if (await actorFor(ctx, { id: m.user, teamId: m.user_team ?? m.team, requestTeamId: home(body) }))
        return void (await whisper(`:warning: ${say(msg("customers.agentsMessage"))}`));
      const source: Source = { channel, ts: m.ts, threadTs: m.thread_ts, user: m.user, userTeam: m.user_team ?? m.team, text: m.text };
      try {
        const { ticket } = await open(client, cc, source, home(body), actor);
        const who = ticket.contact?.name ? escapeText(ticket.contact.name) : null;
        await whisper(
          `:white_check_mark: ${say(msg("home.createdFromMessage", { number: ticket.number, subject: escapeText(ticket.subject), who }))}`,
        );
      } catch (err) {
        if (!isHelpdeskError(err)) throw err;
        await whisper(errorText(ctx, err, slackReader(e.user)));
      }
    } catch (err) {
      await releaseEvent(ctx, eventId);
      throw err;
    }
  });
}

interface HistoryMessage {
  ts: string;
  thread_ts?: string;
  user?: string;
  user_team?: string;
  team?: string;
  bot_id?: string;
  text?: string;
}

/**
 * The message a reaction was added to: a channel message from the history, else a thread reply.
 * @see https://api.slack.com/methods/conversations.history
 * @see https://api.slack.com/methods/conversations.replies
 */
async function messageAt(client: WebClient, channel: string, ts: string): Promise<HistoryMessage | null> {
  const history = await client.conversations.history({ channel, latest: ts, oldest: ts, inclusive: true, limit: 1 });
  const top = (history.messages as HistoryMessage[] | undefined)?.find((m) => m.ts === ts);
  if (top) return top;
  const replies = await client.conversations.replies({ channel, ts, latest: ts, oldest: ts, inclusive: true, limit: 1 });
  return (replies.messages as HistoryMessage[] | undefined)?.find((m) => m.ts === ts) ?? null;
}
