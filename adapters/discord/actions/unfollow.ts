// Unfollow: the agent stops being told about a ticket's replies and notes, with `/ticket unfollow`
// (on the card, More → Follow / unfollow toggles: follow.ts).
import { onTicket } from "../command-options.js";
import type { DiscordAction } from "./types.js";
import { unfollowTicket } from "../../../core/index.js";

export const unfollow = {
  command: onTicket(
    (ctx, ticketId, actor) => unfollowTicket(ctx.deps, { ticketId }, actor),
    (t) => `You no longer follow ${t.number}.`,
  ),
} satisfies DiscordAction;
