// Unfollow: the agent stops being notified of a ticket. `/ticket unfollow #n` (on the card, the
// overflow's Follow / unfollow entry does both; see follow.ts).
import { ticketArg } from "../context.js";
import { done } from "../render.js";
import type { SlackAction } from "./types.js";
import { msg, unfollowTicket } from "../../../core/index.js";

export const unfollow = {
  command: {
    word: "unfollow",
    usage: "unfollow <#n>",
    async run({ deps }, inv) {
      const t = await unfollowTicket(deps, { ticketId: ticketArg(inv.args) }, inv.actor);
      return done(inv.speech.say(msg("manage.unfollowed", { number: t.number })));
    },
  },
} satisfies SlackAction;
