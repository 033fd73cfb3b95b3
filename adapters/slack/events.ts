// The Events API: what an agent writes in a card's thread becomes an internal note. That holds in
// the thread of a card the ticket has left (moved to another triage channel) too: it is the same
// ticket, so the note is saved and the agent told where the card went. In the thread a ticket came
// from, the customers' messages (words or files) join the ticket as theirs, and an agent's are
// their reply (the customer reads them there).
// @see https://api.slack.com/events/message
import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { actorFor, handleEventOnce, refusalText, type SlackContext, speech } from "./context.js";
import { type CustomerChannelSettings, customerChannelOf } from "./customer-channels.js";
import { takeThreadMessage, threadTicket } from "./customer-replies.js";
import { slackMentions } from "./mentions.js";
import { byPerson, eventIdOf, inThread, type SlackMessageEvent } from "./message-events.js";
import { slackToPlain } from "./shortcuts.js";
import { cardThreadRoles, movedCardRole, slackRef } from "./target.js";
import { cardLinkAt, cardLinkOf, commentOnTicket, msg, originTicketAt, recordOriginReply } from "../../core/index.js";

type ThreadReply = SlackMessageEvent & { user: string; thread_ts: string; text: string };

export function registerThreadNotes(app: App, ctx: SlackContext, customers: CustomerChannelSettings): void {
  const { deps } = ctx;
  app.event("message", async ({ event, body, client }) => {
    const e = event as unknown as SlackMessageEvent;
    if (!byPerson(e) || !inThread(e) || (!e.text?.trim() && !e.files?.length)) return;
    const reply = { ...e, text: e.text ?? "" } as ThreadReply;
    const requestTeamId = (body as { team_id?: string }).team_id;
    const whisper = (text: string) => client.chat.postEphemeral({ channel: e.channel, user: reply.user, thread_ts: reply.thread_ts, text });
    const link = await cardLinkAt(deps, { surface: "slack", channelId: e.channel, threadId: reply.thread_ts, roles: cardThreadRoles });
    const eventId = eventIdOf(body, `${e.channel}:${e.ts}`);
    if (!link) return wroteInOrigin(ctx, customers, client, reply, eventId, requestTeamId, whisper);
    // A note is words; files alone in a card's thread stay in Slack.
    if (!reply.text.trim()) return;
    await handleEventOnce(
      ctx,
      eventId,
      async () => {
        const actor = await actorFor(ctx, { id: reply.user, teamId: e.user_team, requestTeamId });
        if (!actor) return void (await whisper(refusalText(ctx, reply.user)));
        const { text, mentionAgentIds } = await slackMentions(ctx, reply.text);
        // The same message stored already (an event that came twice under two ids) is the core's
        // duplicate, answered as saved.
        const { ticket, duplicate } = await commentOnTicket(
          deps,
          {
            ticketId: link.ticketId,
            text,
            mentionAgentIds,
            origin: { channel: "slack", ref: { system: "slack", externalId: slackRef(e.channel, e.ts) } },
          },
          actor,
        );
        // The agent was told where the card went when the note was first saved.
        if (link.role === movedCardRole && !duplicate) await whisper(await movedNotice(ctx, reply.user, ticket.id, link.channelId));
      },
      { userId: reply.user, whisper },
    );
  });
}

/**
 * A message in the thread a ticket came from, where the agents' replies reach the requester. The
 * customers' messages join the ticket (outside customer channels only the ticket's own contacts'
 * are taken: anyone may chat in a thread there). An agent who answers there has replied to the
 * customer: recorded as their reply (not sent again) and mirrored to the card's thread. In a
 * customer channel, a thread whose first message is not a ticket yet becomes one first.
 */
async function wroteInOrigin(
  ctx: SlackContext,
  customers: CustomerChannelSettings,
  client: WebClient,
  e: ThreadReply,
  eventId: string,
  requestTeamId: string | undefined,
  whisper: (text: string) => Promise<unknown>,
): Promise<void> {
  const cc = await customerChannelOf(ctx, customers, e.channel);
  // In a customer channel the thread's ticket is read in the event's work, afresh on each try
  // (threadTicket): one made meanwhile, by the thread's first message or an earlier try, is found
  // there without asking Slack again. Elsewhere only a thread that is a ticket's goes on.
  const known = cc ? null : await originTicketAt(ctx.deps, { surface: "slack", channelId: e.channel, threadId: e.thread_ts });
  if (known === null && !cc) return;
  const homeTeam = ctx.teamId ?? requestTeamId;
  const ticketOfThread = async () => known ?? (await threadTicket(ctx, customers, client, cc, e, homeTeam));
  const at = { channel: e.channel, ts: e.ts };
  const actor = await actorFor(ctx, { id: e.user, teamId: e.user_team, requestTeamId });
  if (!actor)
    return handleEventOnce(
      ctx,
      eventId,
      async () => {
        const ticketId = await ticketOfThread();
        if (ticketId !== null) await takeThreadMessage(ctx, customers, client, cc, e, ticketId, homeTeam);
      },
      undefined,
      at,
    );
  const text = slackToPlain(e.text);
  if (!text.trim()) return;
  await handleEventOnce(
    ctx,
    eventId,
    async () => {
      const ticketId = await ticketOfThread();
      if (ticketId !== null)
        await recordOriginReply(ctx.deps, { ticketId, surface: "slack", text, externalId: slackRef(e.channel, e.ts) }, actor);
    },
    { userId: e.user, whisper },
    at,
  );
}

/** What an agent writing in a moved card's thread is told: the note is saved, and where the card is now. */
async function movedNotice(ctx: SlackContext, userId: string, ticketId: number, oldChannel: string): Promise<string> {
  const card = await cardLinkOf(ctx.deps, ticketId, "slack");
  const channel = card && card.channelId !== oldChannel ? `<#${card.channelId}>` : null;
  return `:information_source: ${speech(ctx, userId).say(msg("chat.savedCardMoved", { id: ticketId, channel }))}`;
}
