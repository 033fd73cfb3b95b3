// Release: the owner gives a ticket back to the unassigned queue, with `/ticket release` or the
// card's Release button.
import { quietly } from "../card-controls.js";
import { deferPrivately, done } from "../action-helpers.js";
import { ticketFor } from "../command-options.js";
import { speech, tell } from "../context.js";
import type { DiscordAction } from "./types.js";
import { releaseTicket, msg } from "../../../core/index.js";

export const release = {
  async command(ctx, i, actor) {
    await deferPrivately(i);
    const t = await releaseTicket(ctx.deps, { ticketId: await ticketFor(ctx, i) }, actor);
    await tell(i, done(speech(ctx, i).say(msg("manage.released", { number: t.number }))));
  },
  card: {
    release: (ctx, i, actor, ticketId) => quietly(ctx, i, () => releaseTicket(ctx.deps, { ticketId }, actor)),
  },
} satisfies DiscordAction;
