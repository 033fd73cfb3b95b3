// Split: chosen messages of a ticket become a new ticket, with `/ticket split` or the card's
// More → Split…; both open the modal listing the newest messages that can be split off.
import { deferPrivately, done, splitCandidates, subjectOf, type SplitCandidate } from "../action-helpers.js";
import { ticketFor } from "../command-options.js";
import { speech, type Speech, tell, type DiscordContext } from "../context.js";
import { modalId } from "../custom-ids.js";
import { limits } from "../escape.js";
import {
  fieldIds,
  label,
  modal,
  type Modal,
  type ModalOpener,
  option,
  selectValues,
  stringSelect,
  textField,
  textInput,
  ticketPart,
} from "../modal-views.js";
import type { DiscordAction } from "./types.js";
import { type Actor, messageKind, msg, splitTicket } from "../../../core/index.js";

/**
 * Choose messages (the latest 25) that become a new ticket.
 * @see https://discord.com/developers/docs/components/reference#string-select
 */
function splitModal({ f, say }: Speech, ticketId: number, messages: SplitCandidate[]): Modal {
  const options = messages
    .slice(-limits.selectOptions)
    .map((m) => option(`${say(messageKind(m.kind))}: ${m.text}`, m.id, { description: f.dateTime(m.createdAt) }));
  const chosen = stringSelect(fieldIds.messages, options, { many: true, placeholder: say(msg("compose.chooseMessages")) });
  const subject = textInput(fieldIds.subject, { max: 200, placeholder: say(msg("compose.newSubjectHint")) });
  return modal(
    modalId("split", ticketId),
    say(msg("compose.splitTitle", { id: ticketId })),
    [label(say(msg("compose.splitMessages")), chosen, say(msg("compose.splitHint"))), label(say(msg("compose.newSubject")), subject)],
    say,
  );
}

/** The modal as the first answer, after the one read it needs; a ticket with nothing to split off is told so. */
async function openSplit(ctx: DiscordContext, i: ModalOpener, actor: Actor, ticketId: number): Promise<void> {
  const messages = await splitCandidates(ctx, ticketId, actor);
  const sp = speech(ctx, i);
  if (!messages.length) return tell(i, `⚠️ ${sp.say(msg("compose.nothingToSplit", { id: ticketId }))}`);
  await i.showModal(splitModal(sp, ticketId, messages));
}

export const split = {
  command: async (ctx, i, actor) => openSplit(ctx, i, actor, await ticketFor(ctx, i)),
  more: { split: openSplit },
  modals: { split: splitModal },
  submit: {
    async split(ctx, i, actor, parts) {
      await deferPrivately(i);
      const messageIds = [...selectValues(i, fieldIds.messages)];
      const { say } = speech(ctx, i);
      if (!messageIds.length) return void (await tell(i, `⚠️ ${say(msg("compose.chooseOneMessage"))}`));
      const subject = textField(i, fieldIds.subject).trim() || undefined;
      const r = await splitTicket(ctx.deps, { ticketId: ticketPart(parts), messageIds, subject }, actor);
      const split = { count: messageIds.length, from: r.original.number, to: r.created.number, subject: subjectOf(r.created.subject) };
      await tell(i, done(say(msg("compose.splitDone", split))));
    },
  },
} satisfies DiscordAction;
