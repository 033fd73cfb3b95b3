// Find: tickets matching a text, as an ephemeral list. `/ticket find <text>` (or `search`).
import { ticketList } from "../render.js";
import type { SlackAction } from "./types.js";
import { findTickets, msg } from "../../../core/index.js";

export const find = {
  command: {
    word: "find",
    aliases: ["search"],
    usage: "find <text>",
    async run({ deps }, inv) {
      const tickets = await findTickets(deps, { text: inv.args.join(" "), limit: 20 }, inv.actor);
      const title = inv.speech.say(msg("lists.matching", { text: inv.args.join(" ") }));
      return ticketList(title, tickets, tickets.length === 20, inv.speech, deps.catalog);
    },
  },
} satisfies SlackAction;
