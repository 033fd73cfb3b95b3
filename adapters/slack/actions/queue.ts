// Queue: one of the ticket queues, as an ephemeral list. `/ticket queue [mine|unassigned|team|all]`.
import { ticketList } from "../render.js";
import type { SlackAction } from "./types.js";
import { invalid, listTickets, type Queue, queues } from "../../../core/index.js";

/** Words agents type for a queue besides its own name. */
const queueAlias: Record<string, Queue> = { all: "all_open", open: "all_open" };

export const queue = {
  command: {
    word: "queue",
    usage: "queue [mine|unassigned|team|all]",
    async run({ deps }, inv) {
      const word = (inv.args[0] ?? "mine").toLowerCase();
      const queue = queueAlias[word] ?? word;
      if (!(queues as readonly string[]).includes(queue))
        throw invalid(`There is no queue "${word}": try mine, unassigned, team, all or auto.`);
      const page = await listTickets(deps, { queue: queue as Queue, limit: 25 }, inv.actor);
      return ticketList(`Queue: ${word}`, page.tickets, page.nextCursor !== null);
    },
  },
} satisfies SlackAction;
