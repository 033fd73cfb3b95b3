// Follow: the agent is told (by DM) about a ticket's replies and notes, with `/ticket follow` or
// the card's More → Follow / unfollow, which unfollows a ticket already followed.
import { MessageFlags } from "discord.js";
import { onTicket } from "../command-options.js";
import { tell, type DiscordContext } from "../context.js";
import type { DiscordAction } from "./types.js";
import { type Actor, followTicket, isHelpdeskError, unfollowTicket } from "../../../core/index.js";

/** One menu entry for both: follow, or unfollow when already following. */
async function toggleFollow(ctx: DiscordContext, actor: Actor, ticketId: number): Promise<string> {
  try {
    await followTicket(ctx.deps, { ticketId }, actor);
    return `🔔 You now follow #${ticketId}: you get a DM on its replies and notes.`;
  } catch (e) {
    if (!isHelpdeskError(e) || e.code !== "conflict") throw e;
    await unfollowTicket(ctx.deps, { ticketId }, actor);
    return `🔕 You no longer follow #${ticketId}.`;
  }
}

export const follow = {
  command: onTicket(
    (ctx, ticketId, actor) => followTicket(ctx.deps, { ticketId }, actor),
    (t) => `You follow ${t.number}: replies and notes will reach you.`,
  ),
  more: {
    async follow(ctx, i, actor, ticketId) {
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await tell(i, await toggleFollow(ctx, actor, ticketId));
    },
  },
} satisfies DiscordAction;
