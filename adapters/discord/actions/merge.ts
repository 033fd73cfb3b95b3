// Merge: another ticket is folded into this one, with `/ticket merge` or the card's More → Merge…,
// whose modal asks for the ticket to fold in.
import { deferPrivately, done, subjectOf } from "../action-helpers.js";
import { ticketFor } from "../command-options.js";
import { parseTicketNumber, tell } from "../context.js";
import { modalId } from "../custom-ids.js";
import { fieldIds, label, modal, type Modal, textField, textInput, ticketPart } from "../modal-views.js";
import type { DiscordAction } from "./types.js";
import { invalid, mergeTickets } from "../../../core/index.js";

/**
 * Fold another ticket into this one.
 * @see https://discord.com/developers/docs/components/reference#text-input
 */
function mergeModal(ticketId: number): Modal {
  return modal(modalId("merge", ticketId), `Merge into #${ticketId}`, [
    label(
      "Ticket to fold in",
      textInput(fieldIds.secondary, { required: true, max: 12, placeholder: "#123" }),
      `Its messages move to #${ticketId}, and it is closed.`,
    ),
  ]);
}

export const merge = {
  async command(ctx, i, actor) {
    await deferPrivately(i);
    const typed = i.options.getString("secondary", true);
    const secondaryId = parseTicketNumber(typed);
    if (secondaryId === null)
      throw invalid(`Secondary: “${subjectOf(typed)}” is not a ticket number; write it like #123.`, { secondary: "A ticket number." });
    const t = await mergeTickets(ctx.deps, { primaryId: await ticketFor(ctx, i, "primary"), secondaryId }, actor);
    await tell(i, done(`#${secondaryId} was merged into ${t.number}.`));
  },
  more: {
    merge: (_ctx, i, _actor, ticketId) => i.showModal(mergeModal(ticketId)),
  },
  modals: { merge: mergeModal },
  submit: {
    async merge(ctx, i, actor, parts) {
      await deferPrivately(i);
      const primaryId = ticketPart(parts);
      const typed = textField(i, fieldIds.secondary);
      const secondaryId = parseTicketNumber(typed);
      if (secondaryId === null)
        return void (await tell(i, `⚠️ Ticket to fold in: “${subjectOf(typed)}” is not a ticket number; write it like #123.`));
      const t = await mergeTickets(ctx.deps, { primaryId, secondaryId }, actor);
      await tell(i, done(`#${secondaryId} was merged into ${t.number}.`));
    },
  },
} satisfies DiscordAction;
