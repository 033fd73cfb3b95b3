// Move: a ticket goes to another pipeline, with `/ticket move` or the card's More → Move to
// pipeline…, which opens a private select of the other pipelines.
import { ComponentType, MessageFlags } from "discord.js";
import { deferPrivately, done, subjectOf } from "../action-helpers.js";
import { choice, row, staleText } from "../card-controls.js";
import { ticketFor } from "../command-options.js";
import { tell } from "../context.js";
import { pickCustomId } from "../custom-ids.js";
import { fitSafe, limits, oneLine, truncate } from "../escape.js";
import type { DiscordAction } from "./types.js";
import { moveTicket, showTicket } from "../../../core/index.js";

export const move = {
  async command(ctx, i, actor) {
    await deferPrivately(i);
    const typed = i.options.getString("pipeline", true);
    const pipeline = ctx.deps.catalog.config.pipelines.find((p) => p.id === typed || p.name.toLowerCase() === typed.trim().toLowerCase());
    const t = await moveTicket(ctx.deps, { ticketId: await ticketFor(ctx, i), pipelineId: pipeline?.id ?? typed }, actor);
    await tell(i, done(`${t.number} is in ${subjectOf(t.pipeline.name)} now, status ${subjectOf(t.status.name)}.`));
  },
  more: {
    /** A private select of the pipelines the ticket can move to. */
    async move(ctx, i, actor, ticketId) {
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      const { ticket } = await showTicket(ctx.deps, { ticketId }, actor);
      const others = ctx.deps.catalog.config.pipelines.filter((p) => p.id !== ticket.pipeline.id).slice(0, limits.selectOptions);
      if (!others.length) return tell(i, "ℹ️ There is no other pipeline to move it to.");
      return tell(i, `Move #${ticketId} from ${fitSafe(oneLine(ticket.pipeline.name), 100)} to…`, {
        components: [
          row({
            type: ComponentType.StringSelect,
            custom_id: pickCustomId("move", ticketId),
            placeholder: "Choose a pipeline",
            options: others.map((p) => ({ label: truncate(p.name, limits.selectOptionLabel), value: p.id })),
            min_values: 1,
            max_values: 1,
          }),
        ],
      });
    },
  },
  pick: {
    async move(ctx, i, actor, ticketId, say) {
      const pipelineId = choice(i);
      if (!pipelineId) return void (await say(staleText));
      const t = await moveTicket(ctx.deps, { ticketId, pipelineId }, actor);
      await say(`➡️ #${ticketId} moved to ${fitSafe(oneLine(t.pipeline.name), 100)} (${fitSafe(t.status.name, 100)}).`);
    },
  },
} satisfies DiscordAction;
