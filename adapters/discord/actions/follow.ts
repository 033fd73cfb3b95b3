// Follow: the agent is told (by DM) about a ticket's replies and notes, with `/ticket follow` or
// the card's More → Follow / unfollow, which unfollows a ticket already followed.
import { MessageFlags } from "discord.js";
import { deferPrivately, done } from "../action-helpers.js";
import { ticketFor } from "../command-options.js";
import { speech, tell, type DiscordContext } from "../context.js";
import type { DiscordAction } from "./types.js";
import { type Actor, followTicket, isHelpdeskError, msg, type Msg, unfollowTicket } from "../../../core/index.js";

/** One menu entry for both: follow, or unfollow when already following. */
async function toggleFollow(ctx: DiscordContext, actor: Actor, ticketId: number, say: (m: Msg) => string): Promise<string> {
  try {
    await followTicket(ctx.deps, { ticketId }, actor);
    return `🔔 ${say(msg("manage.nowFollowDm", { id: ticketId }))}`;
  } catch (e) {
    if (!isHelpdeskError(e) || e.code !== "conflict") throw e;
    await unfollowTicket(ctx.deps, { ticketId }, actor);
    return `🔕 ${say(msg("manage.noLongerFollow", { id: ticketId }))}`;
  }
}

export const follow = {
  async command(ctx, i, actor) {
    await deferPrivately(i);
    const t = await followTicket(ctx.deps, { ticketId: await ticketFor(ctx, i) }, actor);
    await tell(i, done(speech(ctx, i).say(msg("manage.youFollowDm", { number: t.number }))));
  },
  more: {
    async follow(ctx, i, actor, ticketId) {
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await tell(i, await toggleFollow(ctx, actor, ticketId, speech(ctx, i).say));
    },
  },
} satisfies DiscordAction;
