// Claim: the agent takes a ticket as its owner, with `/ticket claim` or the card's Claim button.
import { quietly } from "../card-controls.js";
import { onTicket } from "../command-options.js";
import type { DiscordAction } from "./types.js";
import { claimTicket } from "../../../core/index.js";

export const claim = {
  command: onTicket(
    (ctx, ticketId, actor) => claimTicket(ctx.deps, { ticketId }, actor),
    (t) => `You own ${t.number} now.`,
  ),
  card: {
    claim: (ctx, i, actor, ticketId) => quietly(ctx, i, () => claimTicket(ctx.deps, { ticketId }, actor)),
  },
} satisfies DiscordAction;
