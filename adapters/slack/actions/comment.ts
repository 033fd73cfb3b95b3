// Comment: an internal note on the ticket. `/ticket comment #n <text>` (or `note`) saves it at
// once; without text, and from the card's Comment button, a modal asks for it.
import type { ModalView } from "@slack/types";
import { cardActions } from "../card.js";
import { ticketArg } from "../context.js";
import { slackMentions } from "../mentions.js";
import { inputValue, metadataTicket, modal, modalIds, required, textInput } from "../modals.js";
import { quoted } from "../private-notice.js";
import { done } from "../render.js";
import { actionModal, type SlackAction } from "./types.js";
import { commentOnTicket } from "../../../core/index.js";

function commentModal(ticketId: number): ModalView {
  return modal(
    "comment",
    `Note on #${ticketId}`,
    "Save note",
    [textInput("text", "Internal note", { multiline: true, hint: "Only agents see it. @name mentions notify them." })],
    { ticketId },
  );
}

export const comment = {
  command: {
    word: "comment",
    aliases: ["note"],
    usage: "comment <#n> [text]",
    async run(ctx, inv) {
      const ticketId = ticketArg(inv.args);
      if (!inv.rest) return void (await inv.open(commentModal(ticketId)));
      // `<@U…>` in the typed text mentions those agents, as in a card thread.
      const { text, mentionAgentIds } = await slackMentions(ctx, inv.rest);
      await commentOnTicket(ctx.deps, { ticketId, text, mentionAgentIds }, inv.actor);
      return done(`Note saved on #${ticketId}.`);
    },
  },
  card: {
    actionId: cardActions.comment,
    async run(_ctx, { open, ticketId }) {
      await open(commentModal(ticketId()));
    },
  },
  modal: actionModal({
    callbackId: modalIds.comment,
    build: commentModal,
    check: (_ctx, view, meta) => ({
      ticketId: metadataTicket(meta),
      text: required("A comment needs some text.", "text", inputValue(view, "text")),
    }),
    run: ({ deps }, actor, input) => commentOnTicket(deps, input, actor),
    ticket: (input) => input.ticketId,
    rescue: async (_ctx, _actor, input) => quoted("note", input.text),
  }),
} satisfies SlackAction;
