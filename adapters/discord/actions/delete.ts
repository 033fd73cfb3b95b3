// Delete: a ticket leaves the queues (an admin can restore it), with `/ticket delete` or the
// card's More → Delete, which asks first with a private button.
import { ButtonStyle, ComponentType } from "discord.js";
import { row } from "../card-controls.js";
import { deferPrivately, done } from "../action-helpers.js";
import { ticketFor } from "../command-options.js";
import { speech, tell } from "../context.js";
import { pickCustomId } from "../custom-ids.js";
import type { DiscordAction } from "./types.js";
import { deleteTicket, msg } from "../../../core/index.js";

const deleteAction = {
  async command(ctx, i, actor) {
    await deferPrivately(i);
    const t = await deleteTicket(ctx.deps, { ticketId: await ticketFor(ctx, i) }, actor);
    await tell(i, done(speech(ctx, i).say(msg("manage.deleted", { number: t.number }))));
  },
  more: {
    delete: (ctx, i, _actor, ticketId) => {
      const { say } = speech(ctx, i);
      return tell(i, say(msg("manage.deleteAsk", { id: ticketId })), {
        components: [
          row({
            type: ComponentType.Button,
            style: ButtonStyle.Danger,
            label: say(msg("manage.deleteButton", { id: ticketId })),
            custom_id: pickCustomId("delete", ticketId),
          }),
        ],
      });
    },
  },
  pick: {
    async delete(ctx, i, actor, ticketId, say) {
      await deleteTicket(ctx.deps, { ticketId }, actor);
      await say(`🗑️ ${speech(ctx, i).say(msg("manage.deletedFromCard", { id: ticketId }))}`);
    },
  },
} satisfies DiscordAction;

// `delete` is a reserved word: the object is exported under the action's name all the same.
export { deleteAction as delete };
