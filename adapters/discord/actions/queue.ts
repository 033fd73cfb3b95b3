// Queue: a queue's tickets (mine, unassigned, team, all open, auto), with `/ticket queue`, as a
// private list.
import { deferPrivately, subjectOf } from "../action-helpers.js";
import { showAnswer } from "../command-options.js";
import { speech } from "../context.js";
import { ticketList } from "../render.js";
import type { DiscordAction } from "./types.js";
import { invalid, listTickets, msg, type Queue, queues } from "../../../core/index.js";

export const queue = {
  async command(ctx, i, actor) {
    await deferPrivately(i);
    const queue = i.options.getString("queue") ?? "mine";
    if (!(queues as readonly string[]).includes(queue)) throw invalid(msg("lists.noSuchQueueDiscord", { typed: subjectOf(queue) }));
    const page = await listTickets(ctx.deps, { queue: queue as Queue, limit: 25 }, actor);
    const s = speech(ctx, i);
    const title = s.say(msg("lists.queueTitle", { name: s.say(msg(`queue.${queue as Queue}`)) }));
    await showAnswer(i, ticketList(title, page.tickets, page.nextCursor !== null, s, ctx.deps.catalog));
  },
} satisfies DiscordAction;
