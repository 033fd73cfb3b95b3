// The Events API: what an agent writes in a card's thread becomes an internal note. That holds in
// the thread of a card the ticket has left (moved to another triage channel) too: it is the same
// ticket, so the note is saved and the agent told where the card went. What a chat requester
// writes in the thread their ticket came from joins the ticket as the customer's message.
// @see https://api.slack.com/events/message
import type { App } from "@slack/bolt";
import { actorFor, claimEvent, errorText, refusalText, releaseEvent, slackReader, type SlackContext, speech } from "./context.js";
import { slackMentions } from "./mentions.js";
import { cardThreadRoles, movedCardRole, slackRef } from "./target.js";
import { appendChatReply, cardLinkAt, cardLinkOf, commentOnTicket, isHelpdeskError, msg, originTicketAt } from "../../core/index.js";

/** The fields of a `message` event this listener reads. */
interface ThreadMessageEvent {
  subtype?: string;
  bot_id?: string;
  user?: string;
  user_team?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel: string;
}

export function registerThreadNotes(app: App, ctx: SlackContext): void {
  const { deps } = ctx;
  app.event("message", async ({ event, body, client }) => {
    const e = event as unknown as ThreadMessageEvent;
    // Edits, joins and bot posts (our own mirrors included) are not notes.
    if ((e.subtype && e.subtype !== "thread_broadcast") || e.bot_id || !e.user) return;
    if (!e.thread_ts || e.thread_ts === e.ts || !e.text?.trim()) return;
    const link = await cardLinkAt(deps, { surface: "slack", channelId: e.channel, threadId: e.thread_ts, roles: cardThreadRoles });
    const eventId = String((body as { event_id?: string }).event_id ?? `${e.channel}:${e.ts}`);
    if (!link) return requesterWroteAgain(ctx, e, eventId);
    if (!(await claimEvent(ctx, eventId))) return;
    const whisper = (text: string) => client.chat.postEphemeral({ channel: e.channel, user: e.user!, thread_ts: e.thread_ts!, text });
    try {
      const actor = await actorFor(ctx, { id: e.user, teamId: e.user_team, requestTeamId: (body as { team_id?: string }).team_id });
      if (!actor) return void (await whisper(refusalText(ctx, e.user)));
      const { text, mentionAgentIds } = await slackMentions(ctx, e.text);
      try {
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
        if (link.role === movedCardRole && !duplicate) await whisper(await movedNotice(ctx, e.user, ticket.id, link.channelId));
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

/**
 * A requester who opened a ticket from a Slack message answers in that message's thread, where
 * the agents' replies reach them: their message joins the ticket as the customer's. Anyone else
 * in the thread is not the customer (the core takes only the ticket's own contact).
 */
async function requesterWroteAgain(ctx: SlackContext, e: ThreadMessageEvent, eventId: string): Promise<void> {
  const ticketId = await originTicketAt(ctx.deps, { surface: "slack", channelId: e.channel, threadId: e.thread_ts! });
  if (ticketId === null || !(await claimEvent(ctx, eventId))) return;
  try {
    await appendChatReply(ctx.deps, { ticketId, surface: "slack", userId: e.user!, text: e.text!, externalId: slackRef(e.channel, e.ts) });
  } catch (err) {
    await releaseEvent(ctx, eventId);
    throw err;
  }
}

/** What an agent writing in a moved card's thread is told: the note is saved, and where the card is now. */
async function movedNotice(ctx: SlackContext, userId: string, ticketId: number, oldChannel: string): Promise<string> {
  const card = await cardLinkOf(ctx.deps, ticketId, "slack");
  const channel = card && card.channelId !== oldChannel ? `<#${card.channelId}>` : null;
  return `:information_source: ${speech(ctx, userId).say(msg("chat.savedCardMoved", { id: ticketId, channel }))}`;
}
