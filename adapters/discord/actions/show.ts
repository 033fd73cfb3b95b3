// Show: one ticket in full, with `/ticket show`, privately.
import { deferPrivately } from "../action-helpers.js";
import { showAnswer, ticketFor } from "../command-options.js";
import { speech } from "../context.js";
import { ticketDetail } from "../render.js";
import type { DiscordAction } from "./types.js";
import { showTicket } from "../../../core/index.js";

export const show = {
  async command(ctx, i, actor) {
    await deferPrivately(i);
    const detail = await showTicket(ctx.deps, { ticketId: await ticketFor(ctx, i) }, actor);
    await showAnswer(i, ticketDetail(detail, speech(ctx, i), ctx.deps.catalog));
  },
} satisfies DiscordAction;
