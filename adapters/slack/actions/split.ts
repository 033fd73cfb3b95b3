// Split: chosen messages of a ticket become a new ticket, from a modal listing its messages.
// `/ticket split #n`, or the card overflow's Split….
import type { ModalView } from "@slack/types";
import { type SlackContext, type Speech, ticketArg } from "../context.js";
import { limits } from "../escape.js";
import { inputValue, inputValues, metadataTicket, modal, modalIds, option, plain, textInput } from "../modals.js";
import { actionModal, type OpenModal, type SlackAction } from "./types.js";
import { type Actor, invalid, type MessageView, messageKind, msg, showTicket, splitTicket } from "../../../core/index.js";

function splitModal({ say }: Speech, ticketId: number, messages: MessageView[]): ModalView {
  const options = messages
    .slice(-limits.selectOptions)
    .map((m) => option(`${say(messageKind(m.kind))}: ${m.text.replace(/\s+/g, " ")}`, m.id));
  return modal(
    say,
    "split",
    say(msg("compose.splitTitle", { id: ticketId })),
    say(msg("compose.split")),
    [
      {
        type: "input",
        block_id: "messages",
        label: plain(say(msg("compose.splitMessages"))),
        element: { type: "multi_static_select", action_id: "value", options },
      },
      textInput("subject", say(msg("compose.newSubject")), { optional: true }),
    ],
    { ticketId },
  );
}

async function openSplit({ deps }: SlackContext, actor: Actor, ticketId: number, open: OpenModal, speech: Speech): Promise<void> {
  const d = await showTicket(deps, { ticketId }, actor);
  await open(splitModal(speech, ticketId, d.messages));
}

export const split = {
  command: {
    word: "split",
    usage: "split <#n>",
    async run(ctx, inv) {
      await openSplit(ctx, inv.actor, ticketArg(inv.args), inv.open, inv.speech);
    },
  },
  overflow: {
    item: "split",
    run: (ctx, { actor, ticketId, open, speech }) => openSplit(ctx, actor, ticketId, open, speech),
  },
  modal: actionModal({
    callbackId: modalIds.split,
    build: splitModal,
    check(_ctx, view, meta) {
      const messageIds = inputValues(view, "messages");
      if (!messageIds.length) throw invalid(msg("errors.splitNeedsMessage"), { messages: msg("fields.required") });
      return { ticketId: metadataTicket(meta), messageIds, subject: inputValue(view, "subject") };
    },
    run: ({ deps }, actor, input) => splitTicket(deps, input, actor),
    ticket: (input) => input.ticketId,
  }),
} satisfies SlackAction;
