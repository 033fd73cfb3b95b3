// Unfollow: the agent stops being told about a ticket's replies and notes, with `/ticket unfollow`
// (on the card, More → Follow / unfollow toggles: follow.ts).
import { deferPrivately, done } from "../action-helpers.js";
import { ticketFor } from "../command-options.js";
import { speech, tell } from "../context.js";
import type { DiscordAction } from "./types.js";
import { unfollowTicket, msg } from "../../../core/index.js";

export const unfollow = {
  async command(ctx, i, actor) {
    await deferPrivately(i);
    const t = await unfollowTicket(ctx.deps, { ticketId: await ticketFor(ctx, i) }, actor);
    await tell(i, done(speech(ctx, i).say(msg("manage.unfollowed", { number: t.number }))));
  },
} satisfies DiscordAction;
