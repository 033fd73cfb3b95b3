// Follow: the agent is notified of a ticket's activity. `/ticket follow #n`, or the card
// overflow's Follow / unfollow, which unfollows a ticket already followed.
import { ticketArg } from "../context.js";
import { done } from "../render.js";
import type { SlackAction } from "./types.js";
import { followTicket, isHelpdeskError, msg, unfollowTicket } from "../../../core/index.js";

export const follow = {
  command: {
    word: "follow",
    usage: "follow <#n>",
    async run({ deps }, inv) {
      const t = await followTicket(deps, { ticketId: ticketArg(inv.args) }, inv.actor);
      return done(inv.speech.say(msg("manage.youFollow", { number: t.number })));
    },
  },
  overflow: {
    item: "follow",
    /** One menu entry for both: follow, or unfollow when already following. */
    async run({ deps }, { actor, ticketId, speech }) {
      try {
        await followTicket(deps, { ticketId }, actor);
        return `:bell: ${speech.say(msg("manage.nowFollow", { id: ticketId }))}`;
      } catch (e) {
        if (!isHelpdeskError(e) || e.code !== "conflict") throw e;
        await unfollowTicket(deps, { ticketId }, actor);
        return `:no_bell: ${speech.say(msg("manage.noLongerFollow", { id: ticketId }))}`;
      }
    },
  },
} satisfies SlackAction;
