// An agent's reaction (:ticket: by default) in a customer channel turns a customer's message into a
// ticket: one they wrote before the channel was connected, or that the agent wants apart. A
// message in a thread that is a ticket's already is part of that ticket: the reaction puts it on
// the ticket (when it is not yet) instead of making a second one. The agent is told privately,
// in the message's thread.
// @see https://api.slack.com/events/reaction_added
import type { App } from "@slack/bolt";
import { actorFor, handleEventOnce, type SlackContext, speech } from "./context.js";
import { type CustomerChannelSettings, customerChannelOf, messageAt, openCustomerMessage } from "./customer-channels.js";
import { agentInCustomerChannel } from "./customer-profile.js";
import { takeThreadMessage } from "./customer-replies.js";
import { escapeText } from "./escape.js";
import { eventIdOf } from "./message-events.js";
import { msg, originTicketAt } from "../../core/index.js";

/** The fields of a `reaction_added` event read here. */
interface ReactionEvent {
  user: string;
  /** The reacting user's own workspace, when the payload says. */
  user_team?: string;
  reaction: string;
  item: { type: string; channel?: string; ts?: string };
  item_user?: string;
}

export function registerTicketReaction(app: App, ctx: SlackContext, settings: CustomerChannelSettings): void {
  const home = (body: unknown) => ctx.teamId ?? (body as { team_id?: string }).team_id;
  app.event("reaction_added", async ({ event, body, client }) => {
    const e = event as unknown as ReactionEvent;
    if (e.reaction !== settings.reaction || e.item.type !== "message" || !e.item.channel || !e.item.ts) return;
    const channel = e.item.channel;
    const itemTs = e.item.ts;
    const cc = await customerChannelOf(ctx, settings, channel);
    if (!cc) return;
    // Only agents make tickets by reaction; a customer's reaction (whatever their workspace) is just a reaction.
    const actor = await agentInCustomerChannel(ctx, client, { id: e.user, teamId: e.user_team, requestTeamId: home(body) });
    if (!actor) return;
    // In the message's thread once it is known (where the ticket's conversation is), beside it until then.
    let threadTs = itemTs;
    const whisper = (text: string) => client.chat.postEphemeral({ channel, user: e.user, thread_ts: threadTs, text });
    const { say } = speech(ctx, e.user);
    await handleEventOnce(
      ctx,
      eventIdOf(body, `${channel}:${itemTs}:${e.user}`),
      async () => {
        const m = await messageAt(client, channel, itemTs);
        if (m?.thread_ts) threadTs = m.thread_ts;
        if (!m?.user || m.bot_id || (!m.text?.trim() && !m.files?.length))
          return void (await whisper(`:warning: ${say(msg("compose.personMessagesOnly"))}`));
        const homeTeam = home(body);
        // Agents are never customers: an agent's own message (or a colleague's) is not a request.
        if (await actorFor(ctx, { id: m.user, teamId: m.user_team ?? m.team, requestTeamId: homeTeam }))
          return void (await whisper(`:warning: ${say(msg("customers.agentsMessage"))}`));
        const reply = m.thread_ts && m.thread_ts !== m.ts ? { ...m, channel, user: m.user, thread_ts: m.thread_ts } : null;
        const ofThread = reply ? await originTicketAt(ctx.deps, { surface: "slack", channelId: channel, threadId: reply.thread_ts }) : null;
        if (reply && ofThread !== null) {
          const taken = await takeThreadMessage(ctx, settings, client, cc, reply, ofThread, homeTeam);
          const id = taken?.ticket.id ?? ofThread;
          const told = taken && !taken.duplicate ? "customers.joinedThreadTicket" : "customers.onThreadTicket";
          return void (await whisper(`:information_source: ${say(msg(told, { id }))}`));
        }
        const source = {
          channel,
          ts: m.ts,
          threadTs: m.thread_ts,
          user: m.user,
          userTeam: m.user_team ?? m.team,
          text: m.text ?? "",
          files: m.files ?? [],
        };
        const { ticket } = await openCustomerMessage(ctx, settings, client, cc, source, homeTeam, actor);
        const who = ticket.contact?.name ? escapeText(ticket.contact.name) : null;
        await whisper(
          `:white_check_mark: ${say(msg("home.createdFromMessage", { number: ticket.number, subject: escapeText(ticket.subject), who }))}`,
        );
      },
      { userId: e.user, whisper },
      { channel, ts: itemTs },
    );
  });
}
