// Comment: an internal note on a ticket (`@handle` notifies agents), with `/ticket comment`, whose
// text may be typed there or in the note modal, or with the card's Comment button.
import { deferPrivately, done, withAgentHandles } from "../action-helpers.js";
import { ticketFor } from "../command-options.js";
import { speech, type Speech, tell, type DiscordContext } from "../context.js";
import { modalId } from "../custom-ids.js";
import { fieldIds, label, modal, type Modal, textField, textInput, ticketPart } from "../modal-views.js";
import type { DiscordAction } from "./types.js";
import { type Actor, commentOnTicket, msg } from "../../../core/index.js";

/**
 * An internal note; `@handle` mentions notify agents.
 * @see https://discord.com/developers/docs/components/reference#text-input
 */
function commentModal({ say }: Speech, ticketId: number): Modal {
  const note = label(
    say(msg("compose.noteLabel")),
    textInput(fieldIds.text, { long: true, required: true }),
    say(msg("compose.noteHintDiscord")),
  );
  return modal(modalId("comment", ticketId), say(msg("compose.noteTitle", { id: ticketId })), [note], say);
}

/** Saves the note (Discord mentions of agents become `@handles`) and says who was notified. */
async function saveNote(ctx: DiscordContext, actor: Actor, ticketId: number, text: string, { say }: Speech): Promise<string> {
  const r = await commentOnTicket(ctx.deps, { ticketId, text: await withAgentHandles(ctx, text) }, actor);
  return done(say(msg("compose.noteSaved", { number: r.ticket.number, mentioned: r.mentioned.length })));
}

export const comment = {
  async command(ctx, i, actor) {
    const text = i.options.getString("text");
    if (text === null) return void (await i.showModal(commentModal(speech(ctx, i), await ticketFor(ctx, i))));
    await deferPrivately(i);
    await tell(i, await saveNote(ctx, actor, await ticketFor(ctx, i), text, speech(ctx, i)));
  },
  card: {
    comment: (ctx, i, _actor, ticketId) => i.showModal(commentModal(speech(ctx, i), ticketId)),
  },
  modals: { comment: commentModal },
  submit: {
    async comment(ctx, i, actor, parts) {
      await deferPrivately(i);
      const ticketId = ticketPart(parts);
      const text = textField(i, fieldIds.text);
      const sp = speech(ctx, i);
      if (!text.trim()) return void (await tell(i, `⚠️ ${sp.say(msg("compose.noteWriteSomething"))}`));
      await tell(i, await saveNote(ctx, actor, ticketId, text, sp));
    },
  },
} satisfies DiscordAction;
