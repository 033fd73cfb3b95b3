// Delete: a ticket leaves the queues (an admin can restore it), with `/ticket delete` or the
// card's More → Delete, which asks first with a private button.
import { ButtonStyle, ComponentType } from "discord.js";
import { row } from "../card-controls.js";
import { onTicket } from "../command-options.js";
import { tell } from "../context.js";
import { pickCustomId } from "../custom-ids.js";
import type { DiscordAction } from "./types.js";
import { deleteTicket } from "../../../core/index.js";

const deleteAction = {
  command: onTicket(
    (ctx, ticketId, actor) => deleteTicket(ctx.deps, { ticketId }, actor),
    (t) => `${t.number} deleted; an admin can restore it.`,
  ),
  more: {
    delete: (_ctx, i, _actor, ticketId) =>
      tell(i, `Delete #${ticketId}? It leaves the queues; an admin can restore it from its card.`, {
        components: [
          row({
            type: ComponentType.Button,
            style: ButtonStyle.Danger,
            label: `Delete #${ticketId}`,
            custom_id: pickCustomId("delete", ticketId),
          }),
        ],
      }),
  },
  pick: {
    async delete(ctx, _i, actor, ticketId, say) {
      await deleteTicket(ctx.deps, { ticketId }, actor);
      await say(`🗑️ #${ticketId} deleted. An admin can restore it from its card.`);
    },
  },
} satisfies DiscordAction;

// `delete` is a reserved word: the object is exported under the action's name all the same.
export { deleteAction as delete };
