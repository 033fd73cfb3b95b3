// Move: a ticket goes to another pipeline, with `/ticket move` or the card's More → Move to
// pipeline…, which opens a private select of the other pipelines.
import { ComponentType, MessageFlags } from "discord.js";
import { deferPrivately, done, subjectOf } from "../action-helpers.js";
import { choice, row, staleNotice } from "../card-controls.js";
import { knownAs, ticketFor } from "../command-options.js";
import { speech, tell } from "../context.js";
import { pickCustomId } from "../custom-ids.js";
import { fitSafe, limits, oneLine, truncate } from "../escape.js";
import type { DiscordAction } from "./types.js";
import { moveTicket, msg, showTicket, ticketNames } from "../../../core/index.js";

export const move = {
  async command(ctx, i, actor) {
    await deferPrivately(i);
    const typed = i.options.getString("pipeline", true);
    const pipeline = ctx.deps.catalog.config.pipelines.find((p) => p.id === typed || knownAs(p, typed.trim().toLowerCase()));
    const t = await moveTicket(ctx.deps, { ticketId: await ticketFor(ctx, i), pipelineId: pipeline?.id ?? typed }, actor);
    const { f, say } = speech(ctx, i);
    const names = ticketNames(ctx.deps.catalog, t, f);
    await tell(
      i,
      done(say(msg("manage.moved", { number: t.number, pipeline: subjectOf(names.pipeline), status: subjectOf(names.status) }))),
    );
  },
  more: {
    /** A private select of the pipelines the ticket can move to. */
    async move(ctx, i, actor, ticketId) {
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      const { ticket } = await showTicket(ctx.deps, { ticketId }, actor);
      const others = ctx.deps.catalog.config.pipelines.filter((p) => p.id !== ticket.pipeline.id).slice(0, limits.selectOptions);
      const { f, say } = speech(ctx, i);
      if (!others.length) return tell(i, `ℹ️ ${say(msg("manage.noOtherPipeline"))}`);
      const from = fitSafe(oneLine(ticketNames(ctx.deps.catalog, ticket, f).pipeline), 100);
      return tell(i, say(msg("manage.moveFrom", { id: ticketId, pipeline: from })), {
        components: [
          row({
            type: ComponentType.StringSelect,
            custom_id: pickCustomId("move", ticketId),
            placeholder: say(msg("manage.pickPipeline")),
            options: others.map((p) => ({ label: truncate(f.name(p.names), limits.selectOptionLabel), value: p.id })),
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
      const sp = speech(ctx, i);
      if (!pipelineId) return void (await say(staleNotice(sp.say)));
      const t = await moveTicket(ctx.deps, { ticketId, pipelineId }, actor);
      const names = ticketNames(ctx.deps.catalog, t, sp.f);
      const moved = { id: ticketId, pipeline: fitSafe(oneLine(names.pipeline), 100), status: fitSafe(names.status, 100) };
      await say(`➡️ ${sp.say(msg("manage.movedTo", moved))}`);
    },
  },
} satisfies DiscordAction;
