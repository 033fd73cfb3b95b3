// Split: chosen messages of a ticket become a new ticket, with `/ticket split` or the card's
// More → Split…; both open the modal listing the newest messages that can be split off.
import { deferPrivately, done, splitCandidates, subjectOf, type SplitCandidate } from "../action-helpers.js";
import { ticketFor } from "../command-options.js";
import { tell, type DiscordContext } from "../context.js";
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
import { type Actor, splitTicket } from "../../../core/index.js";

/**
 * Choose messages (the latest 25) that become a new ticket.
 * @see https://discord.com/developers/docs/components/reference#string-select
 */
function splitModal(ticketId: number, messages: SplitCandidate[]): Modal {
  const options = messages.slice(-limits.selectOptions).map((m) =>
    option(`${m.kind.toLowerCase()}: ${m.text}`, m.id, {
      description: m.createdAt.toISOString().slice(0, 16).replace("T", " ") + " UTC",
    }),
  );
  return modal(modalId("split", ticketId), `Split #${ticketId}`, [
    label(
      "Messages for the new ticket",
      stringSelect(fieldIds.messages, options, { many: true, placeholder: "Choose messages" }),
      "They move to a new ticket, with their email threading.",
    ),
    label("New ticket's subject", textInput(fieldIds.subject, { max: 200, placeholder: "Defaults to this ticket's subject with (split)" })),
  ]);
}

/** The modal as the first answer, after the one read it needs; a ticket with nothing to split off is told so. */
async function openSplit(ctx: DiscordContext, i: ModalOpener, actor: Actor, ticketId: number): Promise<void> {
  const messages = await splitCandidates(ctx, ticketId, actor);
  if (!messages.length) return tell(i, `⚠️ #${ticketId} has no messages to split off.`);
  await i.showModal(splitModal(ticketId, messages));
}

export const split = {
  command: async (ctx, i, actor) => openSplit(ctx, i, actor, await ticketFor(ctx, i)),
  more: { split: openSplit },
  modals: { split: splitModal },
  submit: {
    async split(ctx, i, actor, parts) {
      await deferPrivately(i);
      const messageIds = [...selectValues(i, fieldIds.messages)];
      if (!messageIds.length) return void (await tell(i, "⚠️ Messages for the new ticket: choose at least one."));
      const subject = textField(i, fieldIds.subject).trim() || undefined;
      const r = await splitTicket(ctx.deps, { ticketId: ticketPart(parts), messageIds, subject }, actor);
      await tell(
        i,
        done(`${messageIds.length} message(s) of ${r.original.number} are now ${r.created.number}: ${subjectOf(r.created.subject)}.`),
      );
    },
  },
} satisfies DiscordAction;
