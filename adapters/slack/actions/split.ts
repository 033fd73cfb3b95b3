// Split: chosen messages of a ticket become a new ticket, from a modal listing its messages.
// `/ticket split #n`, or the card overflow's Split….
import type { ModalView } from "@slack/types";
import { type SlackContext, ticketArg } from "../context.js";
import { limits } from "../escape.js";
import { inputValue, inputValues, metadataTicket, modal, modalIds, option, plain, textInput } from "../modals.js";
import { actionModal, type OpenModal, type SlackAction } from "./types.js";
import { type Actor, invalid, type MessageView, showTicket, splitTicket } from "../../../core/index.js";

function splitModal(ticketId: number, messages: MessageView[]): ModalView {
  const options = messages.slice(-limits.selectOptions).map((m) => option(`${m.kind.toLowerCase()}: ${m.text.replace(/\s+/g, " ")}`, m.id));
  return modal(
    "split",
    `Split #${ticketId}`,
    "Split",
    [
      {
        type: "input",
        block_id: "messages",
        label: plain("Messages for the new ticket"),
        element: { type: "multi_static_select", action_id: "value", options },
      },
      textInput("subject", "New ticket's subject", { optional: true }),
    ],
    { ticketId },
  );
}

async function openSplit({ deps }: SlackContext, actor: Actor, ticketId: number, open: OpenModal): Promise<void> {
  const d = await showTicket(deps, { ticketId }, actor);
  await open(splitModal(ticketId, d.messages));
}

export const split = {
  command: {
    word: "split",
    usage: "split <#n>",
    async run(ctx, inv) {
      await openSplit(ctx, inv.actor, ticketArg(inv.args), inv.open);
    },
  },
  overflow: {
    item: "split",
    run: (ctx, { actor, ticketId, open }) => openSplit(ctx, actor, ticketId, open),
  },
  modal: actionModal({
    callbackId: modalIds.split,
    build: splitModal,
    check(_ctx, view, meta) {
      const messageIds = inputValues(view, "messages");
      if (!messageIds.length) throw invalid("Choose at least one message to split off.", { messages: "Required." });
      return { ticketId: metadataTicket(meta), messageIds, subject: inputValue(view, "subject") };
    },
    run: ({ deps }, actor, input) => splitTicket(deps, input, actor),
    ticket: (input) => input.ticketId,
  }),
} satisfies SlackAction;
