// Merge: another ticket is folded into this one, with `/ticket merge` or the card's More → Merge…,
// whose modal asks for the ticket to fold in.
import { deferPrivately, done, subjectOf } from "../action-helpers.js";
import { ticketFor } from "../command-options.js";
import { parseTicketNumber, speech, type Speech, tell } from "../context.js";
import { modalId } from "../custom-ids.js";
import { fieldIds, label, modal, type Modal, textField, textInput, ticketPart } from "../modal-views.js";
import type { DiscordAction } from "./types.js";
import { invalid, mergeTickets, msg } from "../../../core/index.js";

/**
 * Fold another ticket into this one.
 * @see https://discord.com/developers/docs/components/reference#text-input
 */
function mergeModal({ say }: Speech, ticketId: number): Modal {
  const other = textInput(fieldIds.secondary, { required: true, max: 12, placeholder: "#123" });
  const field = label(say(msg("compose.ticketToFoldIn")), other, say(msg("compose.foldInHint", { id: ticketId })));
  return modal(modalId("merge", ticketId), say(msg("compose.mergeTitle", { id: ticketId })), [field], say);
}

export const merge = {
  async command(ctx, i, actor) {
    await deferPrivately(i);
    const typed = i.options.getString("secondary", true);
    const secondaryId = parseTicketNumber(typed);
    const { say } = speech(ctx, i);
    if (secondaryId === null)
      throw invalid(msg("compose.notTicketNumber", { field: say(msg("compose.secondary")), typed: subjectOf(typed) }), {
        secondary: msg("chat.aTicketNumber"),
      });
    const t = await mergeTickets(ctx.deps, { primaryId: await ticketFor(ctx, i, "primary"), secondaryId }, actor);
    await tell(i, done(say(msg("compose.merged", { id: secondaryId, into: t.number }))));
  },
  more: {
    merge: (ctx, i, _actor, ticketId) => i.showModal(mergeModal(speech(ctx, i), ticketId)),
  },
  modals: { merge: mergeModal },
  submit: {
    async merge(ctx, i, actor, parts) {
      await deferPrivately(i);
      const primaryId = ticketPart(parts);
      const typed = textField(i, fieldIds.secondary);
      const secondaryId = parseTicketNumber(typed);
      const { say } = speech(ctx, i);
      if (secondaryId === null) {
        const field = say(msg("compose.ticketToFoldIn"));
        return void (await tell(i, `⚠️ ${say(msg("compose.notTicketNumber", { field, typed: subjectOf(typed) }))}`));
      }
      const t = await mergeTickets(ctx.deps, { primaryId, secondaryId }, actor);
      await tell(i, done(say(msg("compose.merged", { id: secondaryId, into: t.number }))));
    },
  },
} satisfies DiscordAction;
