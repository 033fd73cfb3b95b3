// Move: the ticket goes to another pipeline. `/ticket move #n <pipeline>` at once, or the card
// overflow's Move to pipeline… with a modal to pick it.
import type { ModalView } from "@slack/types";
import { type Speech, ticketArg } from "../context.js";
import { inputValue, metadataTicket, modal, modalIds, option, required, select } from "../modals.js";
import { done } from "../render.js";
import { actionModal, type SlackAction } from "./types.js";
import { type Catalog, invalid, moveTicket, msg, showTicket, ticketNames } from "../../../core/index.js";

function moveModal({ f, say }: Speech, catalog: Catalog, ticket: { id: number; pipelineId: string }): ModalView {
  const others = catalog.config.pipelines.filter((p) => p.id !== ticket.pipelineId).map((p) => option(f.name(p.names), p.id));
  return modal(
    say,
    "move",
    say(msg("manage.moveTitle", { id: ticket.id })),
    say(msg("manage.move")),
    [select("pipeline", say(msg("manage.toPipeline")), others)],
    {
      ticketId: ticket.id,
    },
  );
}

export const move = {
  command: {
    word: "move",
    usage: "move <#n> <pipeline>",
    async run({ deps }, inv) {
      const wanted = inv.rest.trim().toLowerCase();
      const pipeline = deps.catalog.config.pipelines.find(
        (p) => p.id === wanted || Object.values({ en: p.name, ...p.names }).some((n) => n.toLowerCase() === wanted),
      );
      const t = await moveTicket(deps, { ticketId: ticketArg(inv.args), pipelineId: pipeline?.id ?? wanted }, inv.actor);
      const names = ticketNames(deps.catalog, t, inv.speech.f);
      return done(inv.speech.say(msg("manage.moved", { number: t.number, pipeline: names.pipeline, status: names.status })));
    },
  },
  overflow: {
    item: "move",
    async run({ deps }, { actor, ticketId, open, speech }) {
      const d = await showTicket(deps, { ticketId }, actor);
      if (deps.catalog.config.pipelines.length < 2) return `:information_source: ${speech.say(msg("manage.onlyOnePipeline"))}`;
      return open(moveModal(speech, deps.catalog, { id: ticketId, pipelineId: d.ticket.pipeline.id }));
    },
  },
  modal: actionModal({
    callbackId: modalIds.move,
    build: moveModal,
    check({ deps }, view, meta) {
      const pipelineId = required(msg("manage.choosePipeline"), "pipeline", inputValue(view, "pipeline"));
      if (!deps.catalog.pipeline(pipelineId))
        throw invalid(msg("errors.pipelineUnknown", { pipeline: pipelineId }), { pipeline: msg("fields.unknownPipeline") });
      return { ticketId: metadataTicket(meta), pipelineId };
    },
    run: ({ deps }, actor, input) => moveTicket(deps, input, actor),
    ticket: (input) => input.ticketId,
  }),
} satisfies SlackAction;
