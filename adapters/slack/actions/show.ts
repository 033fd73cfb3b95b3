// Show: one ticket with its messages, ephemerally. `/ticket show #n`.
import { ticketArg } from "../context.js";
import { ticketDetail } from "../render.js";
import type { SlackAction } from "./types.js";
import { showTicket } from "../../../core/index.js";

export const show = {
  command: {
    word: "show",
    usage: "show <#n>",
    async run({ deps }, inv) {
      return ticketDetail(await showTicket(deps, { ticketId: ticketArg(inv.args) }, inv.actor), inv.speech, deps.catalog);
    },
  },
} satisfies SlackAction;
