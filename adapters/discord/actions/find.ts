// Find: tickets matching a text, with `/ticket find`, as a private list.
import { deferPrivately, subjectOf } from "../action-helpers.js";
import { showAnswer } from "../command-options.js";
import { ticketList } from "../render.js";
import type { DiscordAction } from "./types.js";
import { findTickets } from "../../../core/index.js";

export const find = {
  async command(ctx, i, actor) {
    await deferPrivately(i);
    const text = i.options.getString("text", true);
    const tickets = await findTickets(ctx.deps, { text, limit: 20 }, actor);
    await showAnswer(i, ticketList(`Tickets matching “${subjectOf(text)}”`, tickets, tickets.length === 20));
  },
} satisfies DiscordAction;
