// Queue: one of the ticket queues, as an ephemeral list.
// `/ticket queue [mine|unassigned|team|all|auto|breaching]`.
import { ticketList } from "../render.js";
import type { SlackAction } from "./types.js";
import { invalid, listTickets, msg, type Queue, queues } from "../../../core/index.js";

/** Words agents type for a queue besides its own name. */
const queueAlias: Record<string, Queue> = { all: "all_open", open: "all_open", sla: "breaching" };

export const queue = {
  command: {
    word: "queue",
    usage: "queue [mine|unassigned|team|all|auto|breaching]",
    async run({ deps }, inv) {
      const word = (inv.args[0] ?? "mine").toLowerCase();
      const queue = queueAlias[word] ?? word;
      if (!(queues as readonly string[]).includes(queue)) throw invalid(msg("lists.noSuchQueueSlack", { typed: word }));
      const page = await listTickets(deps, { queue: queue as Queue, limit: 25 }, inv.actor);
      const { say } = inv.speech;
      const title = say(msg("lists.queueTitle", { name: say(msg(`queue.${queue as Queue}`)), typed: word }));
      return ticketList(title, page.tickets, page.nextCursor !== null, inv.speech, deps.catalog);
    },
  },
} satisfies SlackAction;
