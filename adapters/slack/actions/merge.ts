// Merge: another ticket is folded into this one. `/ticket merge #other into #n` at once;
// `/ticket merge #n` alone, and the card overflow's Merge…, ask for the other ticket in a modal.
import type { ModalView } from "@slack/types";
import { parseTicketNumber, ticketArg } from "../context.js";
import { inputValue, metadataTicket, modal, modalIds, textInput } from "../modals.js";
import { done } from "../render.js";
import { actionModal, type SlackAction } from "./types.js";
import { invalid, mergeTickets } from "../../../core/index.js";

function mergeModal(ticketId: number): ModalView {
  return modal(
    "merge",
    `Merge into #${ticketId}`,
    "Merge",
    [textInput("secondary", "Ticket to fold in", { hint: `Its messages move to #${ticketId}, and it is closed.` })],
    { ticketId },
  );
}

export const merge = {
  command: {
    word: "merge",
    usage: "merge <#other> into <#n>",
    async run({ deps }, inv) {
      if (inv.args.length === 1) return void (await inv.open(mergeModal(ticketArg(inv.args))));
      if (inv.args[1]?.toLowerCase() !== "into") throw invalid("Say which ticket goes into which: `/ticket merge #other into #n`.");
      const t = await mergeTickets(deps, { primaryId: ticketArg(inv.args, 2), secondaryId: ticketArg(inv.args) }, inv.actor);
      return done(`#${ticketArg(inv.args)} was merged into ${t.number}.`);
    },
  },
  overflow: {
    item: "merge",
    run: (_ctx, { ticketId, open }) => open(mergeModal(ticketId)),
  },
  modal: actionModal({
    callbackId: modalIds.merge,
    build: mergeModal,
    check(_ctx, view, meta) {
      const primaryId = metadataTicket(meta);
      const secondaryId = parseTicketNumber(inputValue(view, "secondary"));
      if (secondaryId === null) throw invalid("Give the other ticket's number, e.g. #123.", { secondary: "A ticket number such as #123." });
      if (secondaryId === primaryId) throw invalid(`#${primaryId} cannot be merged into itself.`, { secondary: "Pick another ticket." });
      return { primaryId, secondaryId };
    },
    run: ({ deps }, actor, input) => mergeTickets(deps, input, actor),
    ticket: (input) => input.primaryId,
  }),
} satisfies SlackAction;
