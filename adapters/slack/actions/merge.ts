// Merge: another ticket is folded into this one. `/ticket merge #other into #n` at once;
// `/ticket merge #n` alone, and the card overflow's Merge…, ask for the other ticket in a modal.
import type { ModalView } from "@slack/types";
import { parseTicketNumber, type Speech, ticketArg } from "../context.js";
import { inputValue, metadataTicket, modal, modalIds, textInput } from "../modals.js";
import { done } from "../render.js";
import { actionModal, type SlackAction } from "./types.js";
import { invalid, mergeTickets, msg } from "../../../core/index.js";

function mergeModal({ say }: Speech, ticketId: number): ModalView {
  return modal(
    say,
    "merge",
    say(msg("compose.mergeTitle", { id: ticketId })),
    say(msg("compose.merge")),
    [textInput("secondary", say(msg("compose.ticketToFoldIn")), { hint: say(msg("compose.foldInHint", { id: ticketId })) })],
    { ticketId },
  );
}

export const merge = {
  command: {
    word: "merge",
    usage: "merge <#other> into <#n>",
    async run({ deps }, inv) {
      if (inv.args.length === 1) return void (await inv.open(mergeModal(inv.speech, ticketArg(inv.args))));
      if (inv.args[1]?.toLowerCase() !== "into") throw invalid(msg("compose.mergeWhich"));
      const t = await mergeTickets(deps, { primaryId: ticketArg(inv.args, 2), secondaryId: ticketArg(inv.args) }, inv.actor);
      return done(inv.speech.say(msg("compose.merged", { id: ticketArg(inv.args), into: t.number })));
    },
  },
  overflow: {
    item: "merge",
    run: (_ctx, { ticketId, open, speech }) => open(mergeModal(speech, ticketId)),
  },
  modal: actionModal({
    callbackId: modalIds.merge,
    build: mergeModal,
    check(_ctx, view, meta) {
      const primaryId = metadataTicket(meta);
      const secondaryId = parseTicketNumber(inputValue(view, "secondary"));
      if (secondaryId === null) throw invalid(msg("compose.giveOtherNumber"), { secondary: msg("compose.aTicketNumber") });
      if (secondaryId === primaryId)
        throw invalid(msg("errors.mergeIntoItself", { id: primaryId }), { secondary: msg("fields.pickAnotherTicket") });
      return { primaryId, secondaryId };
    },
    run: ({ deps }, actor, input) => mergeTickets(deps, input, actor),
    ticket: (input) => input.primaryId,
  }),
} satisfies SlackAction;
