// Claim: the agent takes the ticket. `/ticket claim #n`, or the card's Claim button.
import { cardActions } from "../card.js";
import { ticketArg } from "../context.js";
import { done } from "../render.js";
import type { SlackAction } from "./types.js";
import { claimTicket, msg } from "../../../core/index.js";

export const claim = {
  command: {
    word: "claim",
    usage: "claim <#n>",
    async run({ deps }, inv) {
      const t = await claimTicket(deps, { ticketId: ticketArg(inv.args) }, inv.actor);
      return done(inv.speech.say(msg("manage.youOwn", { number: t.number })));
    },
  },
  card: {
    actionId: cardActions.claim,
    async run({ deps }, click) {
      await claimTicket(deps, { ticketId: click.ticketId() }, click.actor);
    },
  },
} satisfies SlackAction;
