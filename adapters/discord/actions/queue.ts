// Queue: a queue's tickets (mine, unassigned, team, all open, auto), with `/ticket queue`, as a
// private list.
import { deferPrivately, subjectOf } from "../action-helpers.js";
import { showAnswer } from "../command-options.js";
import { ticketList } from "../render.js";
import type { DiscordAction } from "./types.js";
import { invalid, listTickets, type Queue, queues } from "../../../core/index.js";

export const queue = {
  async command(ctx, i, actor) {
    await deferPrivately(i);
    const queue = i.options.getString("queue") ?? "mine";
    if (!(queues as readonly string[]).includes(queue))
      throw invalid(`There is no queue “${subjectOf(queue)}”: choose mine, unassigned, team, all open or auto.`);
    const page = await listTickets(ctx.deps, { queue: queue as Queue, limit: 25 }, actor);
    await showAnswer(i, ticketList(`Queue: ${queue.replace(/_/g, " ")}`, page.tickets, page.nextCursor !== null));
  },
} satisfies DiscordAction;
