// Comment: an internal note on the ticket. `/ticket comment #n <text>` (or `note`) saves it at
// once; without text, and from the card's Comment button, a modal asks for it.
import type { ModalView } from "@slack/types";
import { cardActions } from "../card.js";
import { type Speech, ticketArg } from "../context.js";
import { slackMentions } from "../mentions.js";
import { inputValue, metadataTicket, modal, modalIds, required, textInput } from "../modals.js";
import { quoted } from "../private-notice.js";
import { done } from "../render.js";
import { actionModal, type SlackAction } from "./types.js";
import { commentOnTicket, msg } from "../../../core/index.js";

function commentModal({ say }: Speech, ticketId: number): ModalView {
  return modal(
    say,
    "comment",
    say(msg("compose.noteTitle", { id: ticketId })),
    say(msg("compose.saveNote")),
    [textInput("text", say(msg("compose.noteLabel")), { multiline: true, hint: say(msg("compose.noteHintSlack")) })],
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
      if (!inv.rest) return void (await inv.open(commentModal(inv.speech, ticketId)));
      // `<@U…>` in the typed text mentions those agents, as in a card thread.
      const { text, mentionAgentIds } = await slackMentions(ctx, inv.rest);
      const r = await commentOnTicket(ctx.deps, { ticketId, text, mentionAgentIds }, inv.actor);
      return done(inv.speech.say(msg("compose.noteSaved", { number: r.ticket.number, mentioned: r.mentioned.length })));
    },
  },
  card: {
    actionId: cardActions.comment,
    async run(_ctx, { open, ticketId, speech }) {
      await open(commentModal(speech, ticketId()));
    },
  },
  modal: actionModal({
    callbackId: modalIds.comment,
    build: commentModal,
    check: (_ctx, view, meta) => ({
      ticketId: metadataTicket(meta),
      text: required(msg("errors.commentEmpty"), "text", inputValue(view, "text")),
    }),
    run: ({ deps }, actor, input) => commentOnTicket(deps, input, actor),
    ticket: (input) => input.ticketId,
    rescue: async (_ctx, _actor, input, { say }) => quoted(say(msg("compose.noteNotSavedCopy")), input.text),
  }),
} satisfies SlackAction;
