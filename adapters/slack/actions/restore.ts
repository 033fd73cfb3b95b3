// Restore: a deleted ticket comes back. `/ticket restore #n`, or the deleted card's Restore button.
import { cardActions } from "../card.js";
import { ticketArg } from "../context.js";
import { done } from "../render.js";
import type { SlackAction } from "./types.js";
import { msg, restoreTicket } from "../../../core/index.js";

export const restore = {
  command: {
    word: "restore",
    usage: "restore <#n>",
    async run({ deps }, inv) {
      const t = await restoreTicket(deps, { ticketId: ticketArg(inv.args) }, inv.actor);
      return done(inv.speech.say(msg("manage.restored", { number: t.number })));
    },
  },
  card: {
    actionId: cardActions.restore,
    async run({ deps }, click) {
      await restoreTicket(deps, { ticketId: click.ticketId() }, click.actor);
    },
  },
} satisfies SlackAction;
