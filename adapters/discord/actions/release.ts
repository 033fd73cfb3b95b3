// Release: the owner gives a ticket back to the unassigned queue, with `/ticket release` or the
// card's Release button.
import { quietly } from "../card-controls.js";
import { onTicket } from "../command-options.js";
import type { DiscordAction } from "./types.js";
import { releaseTicket } from "../../../core/index.js";

export const release = {
  command: onTicket(
    (ctx, ticketId, actor) => releaseTicket(ctx.deps, { ticketId }, actor),
    (t) => `${t.number} is back in the unassigned queue.`,
  ),
  card: {
    release: (ctx, i, actor, ticketId) => quietly(ctx, i, () => releaseTicket(ctx.deps, { ticketId }, actor)),
  },
} satisfies DiscordAction;
