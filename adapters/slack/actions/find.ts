// Find: tickets matching a text, as an ephemeral list. `/ticket find <text>` (or `search`).
import { ticketList } from "../render.js";
import type { SlackAction } from "./types.js";
import { findTickets } from "../../../core/index.js";

export const find = {
  command: {
    word: "find",
    aliases: ["search"],
    usage: "find <text>",
    async run({ deps }, inv) {
      const tickets = await findTickets(deps, { text: inv.args.join(" "), limit: 20 }, inv.actor);
      return ticketList(`Tickets matching “${inv.args.join(" ")}”`, tickets, tickets.length === 20);
    },
  },
} satisfies SlackAction;
