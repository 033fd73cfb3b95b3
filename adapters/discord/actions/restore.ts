// Restore: a deleted ticket comes back, with `/ticket restore` or the Restore button its card
// shows while it is deleted.
import { quietly } from "../card-controls.js";
import { deferPrivately, done } from "../action-helpers.js";
import { ticketFor } from "../command-options.js";
import { speech, tell } from "../context.js";
import type { DiscordAction } from "./types.js";
import { restoreTicket, msg } from "../../../core/index.js";

export const restore = {
  async command(ctx, i, actor) {
    await deferPrivately(i);
    const t = await restoreTicket(ctx.deps, { ticketId: await ticketFor(ctx, i) }, actor);
    await tell(i, done(speech(ctx, i).say(msg("manage.restored", { number: t.number }))));
  },
  card: {
    restore: (ctx, i, actor, ticketId) => quietly(ctx, i, () => restoreTicket(ctx.deps, { ticketId }, actor)),
  },
} satisfies DiscordAction;
