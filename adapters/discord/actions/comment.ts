// Comment: an internal note on a ticket (`@handle` notifies agents), with `/ticket comment`, whose
// text may be typed there or in the note modal, or with the card's Comment button.
import { deferPrivately, done, withAgentHandles } from "../action-helpers.js";
import { ticketFor } from "../command-options.js";
import { tell, type DiscordContext } from "../context.js";
import { modalId } from "../custom-ids.js";
import { fieldIds, label, modal, type Modal, textField, textInput, ticketPart } from "../modal-views.js";
import type { DiscordAction } from "./types.js";
import { type Actor, commentOnTicket } from "../../../core/index.js";

/**
 * An internal note; `@handle` mentions notify agents.
 * @see https://discord.com/developers/docs/components/reference#text-input
 */
function commentModal(ticketId: number): Modal {
  return modal(modalId("comment", ticketId), `Note on #${ticketId}`, [
    label(
      "Internal note",
      textInput(fieldIds.text, { long: true, required: true }),
      "Only agents see it. @handle (an agent's id or email name) notifies them.",
    ),
  ]);
}

/** Saves the note (Discord mentions of agents become `@handles`) and says who was notified. */
async function saveNote(ctx: DiscordContext, actor: Actor, ticketId: number, text: string): Promise<string> {
  const r = await commentOnTicket(ctx.deps, { ticketId, text: await withAgentHandles(ctx, text) }, actor);
  return done(`Note saved on ${r.ticket.number}.${r.mentioned.length ? ` Mentioned agents are notified (${r.mentioned.length}).` : ""}`);
}

export const comment = {
  async command(ctx, i, actor) {
    const text = i.options.getString("text");
    if (text === null) return void (await i.showModal(commentModal(await ticketFor(ctx, i))));
    await deferPrivately(i);
    await tell(i, await saveNote(ctx, actor, await ticketFor(ctx, i), text));
  },
  card: {
    comment: (_ctx, i, _actor, ticketId) => i.showModal(commentModal(ticketId)),
  },
  modals: { comment: commentModal },
  submit: {
    async comment(ctx, i, actor, parts) {
      await deferPrivately(i);
      const ticketId = ticketPart(parts);
      const text = textField(i, fieldIds.text);
      if (!text.trim()) return void (await tell(i, "⚠️ Internal note: write something to save."));
      await tell(i, await saveNote(ctx, actor, ticketId, text));
    },
  },
} satisfies DiscordAction;
