// Claim: the agent takes a ticket as its owner, with `/ticket claim` or the card's Claim button.
import { quietly } from "../card-controls.js";
import { deferPrivately, done } from "../action-helpers.js";
import { ticketFor } from "../command-options.js";
import { speech, tell } from "../context.js";
import type { DiscordAction } from "./types.js";
import { claimTicket, msg } from "../../../core/index.js";

export const claim = {
  async command(ctx, i, actor) {
    await deferPrivately(i);
    const t = await claimTicket(ctx.deps, { ticketId: await ticketFor(ctx, i) }, actor);
    await tell(i, done(speech(ctx, i).say(msg("manage.youOwn", { number: t.number }))));
  },
  card: {
    claim: (ctx, i, actor, ticketId) => quietly(ctx, i, () => claimTicket(ctx.deps, { ticketId }, actor)),
  },
} satisfies DiscordAction;
