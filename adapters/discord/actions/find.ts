// Find: tickets matching a text, with `/ticket find`, as a private list.
import { deferPrivately, subjectOf } from "../action-helpers.js";
import { showAnswer } from "../command-options.js";
import { speech } from "../context.js";
import { ticketList } from "../render.js";
import type { DiscordAction } from "./types.js";
import { findTickets, msg } from "../../../core/index.js";

export const find = {
  async command(ctx, i, actor) {
    await deferPrivately(i);
    const text = i.options.getString("text", true);
    const tickets = await findTickets(ctx.deps, { text, limit: 20 }, actor);
    const s = speech(ctx, i);
    const title = s.say(msg("lists.matching", { text: subjectOf(text) }));
    await showAnswer(i, ticketList(title, tickets, tickets.length === 20, s, ctx.deps.catalog));
  },
} satisfies DiscordAction;
