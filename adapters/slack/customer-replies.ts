// Replies in a customer channel's threads. A thread is one ticket's conversation: what a customer
// writes there joins it, words or files, and so does a colleague of the requester's (as a cc
// contact, as on an email they were copied on). A reply can arrive before its thread's first
// message is a ticket (opening one asks Slack about the customer and fetches their files first),
// so it opens the thread's ticket itself through the same path, which makes one ticket of the
// message whichever of the two gets there first.
// @see https://api.slack.com/events/message
import type { WebClient } from "@slack/web-api";
import { actorFor, type SlackContext } from "./context.js";
import { customerAttachments, type SlackFile } from "./customer-files.js";
import {
  type CustomerChannelSettings,
  customerCompany,
  messageAt,
  openCustomerMessage,
  type ResolvedCustomerChannel,
} from "./customer-channels.js";
import { customerProfile } from "./customer-profile.js";
import { byPerson } from "./message-events.js";
import { slackToPlain } from "./shortcuts.js";
import { slackRef } from "./target.js";
import { appendChatReply, originTicketAt, systemActor, type AppendChatReplyInput } from "../../core/index.js";

/** A message in a thread as the listeners read it (an event's, or Slack's history's). */
export interface ThreadMessage {
  channel: string;
  ts: string;
  thread_ts: string;
  user: string;
  user_team?: string | undefined;
  team?: string | undefined;
  text?: string | undefined;
  files?: SlackFile[] | undefined;
}

/**
 * The ticket of a thread; in a customer channel, a thread whose first message is a customer's and
 * no ticket yet becomes its ticket now. Null for a thread that is no ticket's (its first message
 * an agent's or a bot's, or outside customer channels).
 */
export async function threadTicket(
  ctx: SlackContext,
  settings: CustomerChannelSettings,
  client: WebClient,
  cc: ResolvedCustomerChannel | null,
  m: { channel: string; thread_ts: string },
  homeTeam: string | undefined,
): Promise<number | null> {
  const known = await originTicketAt(ctx.deps, { surface: "slack", channelId: m.channel, threadId: m.thread_ts });
  if (known !== null || !cc) return known;
  const found = await messageAt(client, m.channel, m.thread_ts);
  const parent = found ? { ...found, channel: m.channel } : null;
  if (!parent || !byPerson(parent) || (!parent.text?.trim() && !parent.files?.length)) return null;
  if (await actorFor(ctx, { id: parent.user, teamId: parent.user_team ?? parent.team, requestTeamId: homeTeam })) return null;
  const { ticket } = await openCustomerMessage(
    ctx,
    settings,
    client,
    cc,
    {
      channel: m.channel,
      ts: parent.ts,
      user: parent.user,
      userTeam: parent.user_team ?? parent.team,
      text: parent.text ?? "",
      files: parent.files ?? [],
    },
    homeTeam,
    systemActor,
  );
  return ticket.id;
}

/**
 * Takes a customer's message in a ticket's thread onto the ticket, with its files. The ticket's
 * own contacts' are taken anywhere; in a customer channel, where agents were told apart already,
 * anyone else's too, who joins the ticket as a cc contact.
 */
export async function takeThreadMessage(
  ctx: SlackContext,
  settings: CustomerChannelSettings,
  client: WebClient,
  cc: ResolvedCustomerChannel | null,
  m: ThreadMessage,
  ticketId: number,
  homeTeam: string | undefined,
) {
  const input: AppendChatReplyInput = {
    ticketId,
    surface: "slack",
    userId: m.user,
    text: slackToPlain(m.text ?? ""),
    externalId: slackRef(m.channel, m.ts),
    ...(m.files?.length ? { attachments: await customerAttachments(ctx, client.token, m.files, settings.fileMaxBytes) } : {}),
  };
  // The requester's own replies need nothing more from Slack; someone new is asked about first.
  const taken = await appendChatReply(ctx.deps, input);
  if (taken || !cc) return taken;
  const profile = await customerProfile(ctx, client, m.user);
  const company = await customerCompany(ctx, client, cc, m.user_team ?? m.team ?? profile.teamId, homeTeam);
  return appendChatReply(ctx.deps, { ...input, newcomer: { name: profile.name, email: profile.email, company } });
}
