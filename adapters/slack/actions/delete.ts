// Delete: the ticket is deleted (an admin can restore it). `/ticket delete #n`, or the card
// overflow's Delete.
import { ticketArg } from "../context.js";
import { done } from "../render.js";
import type { SlackAction } from "./types.js";
import { deleteTicket } from "../../../core/index.js";

const deleteAction = {
  command: {
    word: "delete",
    usage: "delete <#n>",
    async run({ deps }, inv) {
      const t = await deleteTicket(deps, { ticketId: ticketArg(inv.args) }, inv.actor);
      return done(`${t.number} deleted; an admin can restore it.`);
    },
  },
  overflow: {
    item: "delete",
    async run({ deps }, { actor, ticketId }) {
      await deleteTicket(deps, { ticketId }, actor);
      return `:wastebasket: #${ticketId} deleted. An admin can restore it from its card.`;
    },
  },
} satisfies SlackAction;
export { deleteAction as delete };
