// Restore: a deleted ticket comes back, with `/ticket restore` or the Restore button its card
// shows while it is deleted.
import { quietly } from "../card-controls.js";
import { onTicket } from "../command-options.js";
import type { DiscordAction } from "./types.js";
import { restoreTicket } from "../../../core/index.js";

export const restore = {
  command: onTicket(
    (ctx, ticketId, actor) => restoreTicket(ctx.deps, { ticketId }, actor),
    (t) => `${t.number} restored.`,
  ),
  card: {
    restore: (ctx, i, actor, ticketId) => quietly(ctx, i, () => restoreTicket(ctx.deps, { ticketId }, actor)),
  },
} satisfies DiscordAction;
