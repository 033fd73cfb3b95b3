// Move: the ticket goes to another pipeline. `/ticket move #n <pipeline>` at once, or the card
// overflow's Move to pipeline… with a modal to pick it.
import type { ModalView } from "@slack/types";
import { ticketArg } from "../context.js";
import { inputValue, metadataTicket, modal, modalIds, option, required, select } from "../modals.js";
import { done } from "../render.js";
import { actionModal, type SlackAction } from "./types.js";
import { type Catalog, invalid, moveTicket, showTicket } from "../../../core/index.js";

function moveModal(catalog: Catalog, ticket: { id: number; pipelineId: string }): ModalView {
  const others = catalog.config.pipelines.filter((p) => p.id !== ticket.pipelineId).map((p) => option(p.name, p.id));
  return modal("move", `Move #${ticket.id}`, "Move", [select("pipeline", "To pipeline", others)], { ticketId: ticket.id });
}

export const move = {
  command: {
    word: "move",
    usage: "move <#n> <pipeline>",
    async run({ deps }, inv) {
      const wanted = inv.rest.trim().toLowerCase();
      const pipeline = deps.catalog.config.pipelines.find((p) => p.id === wanted || p.name.toLowerCase() === wanted);
      const t = await moveTicket(deps, { ticketId: ticketArg(inv.args), pipelineId: pipeline?.id ?? wanted }, inv.actor);
      return done(`${t.number} is in ${t.pipeline.name}, status ${t.status.name}.`);
    },
  },
  overflow: {
    item: "move",
    async run({ deps }, { actor, ticketId, open }) {
      const d = await showTicket(deps, { ticketId }, actor);
      if (deps.catalog.config.pipelines.length < 2) return ":information_source: There is only one pipeline.";
      return open(moveModal(deps.catalog, { id: ticketId, pipelineId: d.ticket.pipeline.id }));
    },
  },
  modal: actionModal({
    callbackId: modalIds.move,
    build: moveModal,
    check({ deps }, view, meta) {
      const pipelineId = required("Choose a pipeline.", "pipeline", inputValue(view, "pipeline"));
      if (!deps.catalog.pipeline(pipelineId)) throw invalid(`There is no pipeline "${pipelineId}".`, { pipeline: "Unknown pipeline." });
      return { ticketId: metadataTicket(meta), pipelineId };
    },
    run: ({ deps }, actor, input) => moveTicket(deps, input, actor),
    ticket: (input) => input.ticketId,
  }),
} satisfies SlackAction;
