// Delete: the ticket is deleted (an admin can restore it). `/ticket delete #n`, or the card
// overflow's Delete.
import { ticketArg } from "../context.js";
import { done } from "../render.js";
import type { SlackAction } from "./types.js";
import { deleteTicket, msg } from "../../../core/index.js";

const deleteAction = {
  command: {
    word: "delete",
    usage: "delete <#n>",
    async run({ deps }, inv) {
      const t = await deleteTicket(deps, { ticketId: ticketArg(inv.args) }, inv.actor);
      return done(inv.speech.say(msg("manage.deleted", { number: t.number })));
    },
  },
  overflow: {
    item: "delete",
    async run({ deps }, { actor, ticketId, speech }) {
      await deleteTicket(deps, { ticketId }, actor);
      return `:wastebasket: ${speech.say(msg("manage.deletedFromCard", { id: ticketId }))}`;
    },
  },
} satisfies SlackAction;
export { deleteAction as delete };
