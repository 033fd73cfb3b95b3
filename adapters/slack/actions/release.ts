// Release: the owner gives the ticket back to the unassigned queue. `/ticket release #n`, or the
// card's Release button.
import { cardActions } from "../card.js";
import { ticketArg } from "../context.js";
import { done } from "../render.js";
import type { SlackAction } from "./types.js";
import { msg, releaseTicket } from "../../../core/index.js";

export const release = {
  command: {
    word: "release",
    usage: "release <#n>",
    async run({ deps }, inv) {
      const t = await releaseTicket(deps, { ticketId: ticketArg(inv.args) }, inv.actor);
      return done(inv.speech.say(msg("manage.released", { number: t.number })));
    },
  },
  card: {
    actionId: cardActions.release,
    async run({ deps }, click) {
      await releaseTicket(deps, { ticketId: click.ticketId() }, click.actor);
    },
  },
} satisfies SlackAction;
