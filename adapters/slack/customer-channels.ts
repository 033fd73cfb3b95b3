// Customers in Slack channels: in a customer channel (configured, or connected by an admin with
// `/ticket connect`), each new top-level message from someone who is not an agent opens a ticket,
// and an agent's reaction (:ticket: by default, customer-reaction.ts) turns an earlier message into
// one; files shared with it are kept on the ticket (customer-files.ts). Replies in its thread join
// the ticket (events.ts, customer-replies.ts). Users of another workspace (Slack Connect) are
// customers whatever they are at home.
// @see https://api.slack.com/events/message
import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { CustomerChannel as ConfiguredChannel } from "./config.js";
import { actorFor, deskSpeech, handleEventOnce, type SlackContext } from "./context.js";
import { customerAttachments, fileName, type SlackFile } from "./customer-files.js";
import { customerProfile, organisationOf } from "./customer-profile.js";
import { byPerson, eventIdOf, inThread, type SlackMessageEvent } from "./message-events.js";
import { slackToPlain, subjectOf } from "./shortcuts.js";
import { slackRef } from "./target.js";
import { type Actor, type CompanyHint, connectedCustomerChannel, msg, openChannelTicket, systemActor } from "../../core/index.js";

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
  /** Files a customer shares larger than this are kept by name and size only (10 MiB by default). */
  fileMaxBytes?: number | undefined;
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

/** What a message turned into a ticket carries. */
export interface CustomerMessage {
  channel: string;
  ts: string;
  threadTs?: string | undefined;
  user: string;
  /** The author's own workspace, when the payload says. */
  userTeam?: string | undefined;
  text: string;
  files: readonly SlackFile[];
}

/** The company a customer belongs to: their organisation when they write from another workspace, else the channel's. */
export async function customerCompany(
  ctx: SlackContext,
  client: WebClient,
  cc: ResolvedCustomerChannel,
  theirTeam: string | null | undefined,
  homeTeam: string | undefined,
): Promise<CompanyHint | null> {
  const organisation = theirTeam && homeTeam && theirTeam !== homeTeam ? await organisationOf(ctx, client, theirTeam) : null;
  return organisation ?? (cc.company ? { domain: cc.company } : null);
}

/**
 * Opens the ticket of a customer's message (or answers the one it is already, or its thread's);
 * the customer's name, address and organisation come from Slack when it tells.
 */
export async function openCustomerMessage(
  ctx: SlackContext,
  settings: CustomerChannelSettings,
  client: WebClient,
  cc: ResolvedCustomerChannel,
  m: CustomerMessage,
  homeTeam: string | undefined,
  actor: Actor,
) {
  const profile = await customerProfile(ctx, client, m.user);
  const company = await customerCompany(ctx, client, cc, m.userTeam ?? profile.teamId, homeTeam);
  const text = slackToPlain(m.text).trim();
  const { say } = deskSpeech(ctx);
  // A message with files only is named after them.
  const named = text || m.files.flatMap((f) => fileName(f) ?? []).join(", ");
  return openChannelTicket(
    ctx.deps,
    {
      surface: "slack",
      channelId: m.channel,
      messageId: m.ts,
      threadId: m.threadTs ?? m.ts,
      externalId: slackRef(m.channel, m.ts),
      subject: named ? subjectOf(named, profile.name, say) : say(msg("customers.attachmentOnly")),
      text,
      userId: m.user,
      name: profile.name,
      email: profile.email,
      company,
      route: { pipelineId: cc.pipelineId, teamId: cc.teamId },
      attachments: await customerAttachments(ctx, client.token, m.files, settings.fileMaxBytes),
    },
    actor,
  );
}

export function registerCustomerChannels(app: App, ctx: SlackContext, settings: CustomerChannelSettings): void {
  const home = (body: unknown) => ctx.teamId ?? (body as { team_id?: string }).team_id;
  const open = (client: WebClient, cc: ResolvedCustomerChannel, m: CustomerMessage, homeTeam: string | undefined, actor: Actor) =>
    openCustomerMessage(ctx, settings, client, cc, m, homeTeam, actor);

  app.event("message", async ({ event, body, client }) => {
    const e = event as unknown as SlackMessageEvent;
    // Only people's new requests, with words or files: thread replies join their ticket (events.ts).
    if (!byPerson(e) || inThread(e) || (!e.text?.trim() && !e.files?.length)) return;
    const cc = await customerChannelOf(ctx, settings, e.channel);
    if (!cc) return;
    // Agents talk with customers here too; only what others write is a request.
    if (await actorFor(ctx, { id: e.user, teamId: e.user_team, requestTeamId: home(body) })) return;
    const source: CustomerMessage = {
      channel: e.channel,
      ts: e.ts,
      user: e.user,
      userTeam: e.user_team ?? e.team,
      text: e.text ?? "",
      files: e.files ?? [],
    };
    await handleEventOnce(
      ctx,
      eventIdOf(body, `${e.channel}:${e.ts}`),
      async () => {
        await open(client, cc, source, home(body), systemActor);
      },
      undefined,
      { channel: e.channel, ts: e.ts },
    );
  });
}

export type HistoryMessage = Omit<SlackMessageEvent, "channel">;

/**
 * The message a reaction was added to: a channel message from the history, else a thread reply.
 * @see https://api.slack.com/methods/conversations.history
 * @see https://api.slack.com/methods/conversations.replies
 */
export async function messageAt(client: WebClient, channel: string, ts: string): Promise<HistoryMessage | null> {
  const history = await client.conversations.history({ channel, latest: ts, oldest: ts, inclusive: true, limit: 1 });
  const top = (history.messages as HistoryMessage[] | undefined)?.find((m) => m.ts === ts);
  if (top) return top;
  const replies = await client.conversations.replies({ channel, ts, latest: ts, oldest: ts, inclusive: true, limit: 1 });
  return (replies.messages as HistoryMessage[] | undefined)?.find((m) => m.ts === ts) ?? null;
}
