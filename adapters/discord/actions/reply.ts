// Reply: an answer to the customer, optionally moving the ticket to another status in the same
// action. `/ticket reply` sends the text typed there, or opens the reply modal (with the agent's
// draft) as the card's Reply button does; "Send as reply" on a message in the ticket's forum post
// sends that message after a confirmation modal. A refused reply is kept as the agent's draft,
// since Discord loses what a modal held.
// @see https://discord.com/developers/docs/interactions/application-commands#message-commands
import { ComponentType, MessageFlags, TextInputStyle } from "discord.js";
import { deferPrivately, done, emailList, subjectOf } from "../action-helpers.js";
import { statusIdOf, ticketFor } from "../command-options.js";
import { discordReader, errorText, tell, ticketInChannel, type DiscordContext } from "../context.js";
import { modalId } from "../custom-ids.js";
import { fitSafe, limits, oneLine, truncate } from "../escape.js";
import {
  fieldIds,
  label,
  modal,
  modalLimits,
  type Modal,
  option,
  selectValues,
  stringSelect,
  textField,
  textInput,
  ticketPart,
} from "../modal-views.js";
import type { DiscordAction } from "./types.js";
import { type Actor, getReplyForm, isHelpdeskError, replyRecipient, replyToTicket, saveDraft } from "../../../core/index.js";

export interface ReplyModalOptions {
  /** The agent's saved draft, to pick up where they left off. */
  draft?: string | null;
  statuses: { id: string; name: string }[];
  currentStatusId?: string;
  /** The draft's copies and status, when it had them. */
  cc?: string[];
  bcc?: string[];
  statusId?: string | null;
}

/**
 * Reply to the customer, optionally moving the ticket to another status in the same action.
 * @see https://discord.com/developers/docs/components/reference#string-select
 */
function replyModal(ticketId: number, opts: ReplyModalOptions): Modal {
  const statuses = opts.statuses.map((s) =>
    option(s.name, s.id, { ...(s.id === opts.currentStatusId ? { description: "Current status" } : {}), default: s.id === opts.statusId }),
  );
  return modal(modalId("reply", ticketId), `Reply to #${ticketId}`, [
    label(
      "Reply to the customer",
      textInput(fieldIds.text, { long: true, required: true, value: opts.draft }),
      "The customer reads this by email (or where they wrote).",
    ),
    label("Cc", textInput(fieldIds.cc, { value: opts.cc?.join(", "), max: 1000 }), "Email addresses, separated by commas."),
    label("Bcc", textInput(fieldIds.bcc, { value: opts.bcc?.join(", "), max: 1000 })),
    ...(statuses.length
      ? [label("Then set status", stringSelect(fieldIds.status, statuses, { required: false, placeholder: "Keep the status" }))]
      : []),
  ]);
}

/** Keeps a refused reply as the agent's draft (the reply modal opens with it), else quotes it back. */
async function keepReply(
  ctx: DiscordContext,
  actor: Actor,
  reply: { ticketId: number; text: string; cc: string[]; bcc: string[] },
): Promise<string> {
  // Without the copies too: a bad address may be what was refused.
  for (const attempt of [reply, { ...reply, cc: [], bcc: [] }]) {
    try {
      await saveDraft(ctx.deps, attempt, actor);
      return `Your reply was not sent. It is kept as your draft: run \`/ticket reply\` on #${reply.ticketId} again to pick it up.`;
    } catch (e) {
      if (!isHelpdeskError(e))
        ctx.log.error("discord reply draft not kept", { ticket: reply.ticketId, err: e instanceof Error ? e.message : String(e) });
    }
  }
  const intro = "Your reply was not sent; here it is to copy:\n";
  return `${intro}\`\`\`\n${truncate(reply.text.replace(/```/g, "`\u200b``"), limits.messageContent - 400)}\n\`\`\``;
}

/** Where a reply on the ticket goes, as the confirmation says it; null when the agent cannot see the ticket. */
async function replyGoesTo(ctx: DiscordContext, ticketId: number, actor: Actor): Promise<string | null> {
  const r = await replyRecipient(ctx.deps, ticketId, actor);
  if (!r) return null;
  const who = r.contact?.name ?? r.contact?.email ?? "the customer";
  if (r.originSurface) return `${who}, in ${r.originSurface === "discord" ? "Discord" : "Slack"} under the message the ticket came from`;
  return r.contact?.email && r.contact.name ? `${r.contact.name} (${r.contact.email})` : who;
}

/**
 * "Send this to the customer?": the text (editable); submitting it is the confirmation.
 * @see https://discord.com/developers/docs/components/reference#label
 * @see https://discord.com/developers/docs/components/reference#text-display
 */
function sendAsReplyModal(ticketId: number, text: string, goesTo: string): Modal {
  return {
    custom_id: modalId("send_reply", ticketId),
    title: truncate(`Send as reply on #${ticketId}`, modalLimits.title),
    components: [
      {
        type: ComponentType.TextDisplay,
        content: `Send this to **${fitSafe(oneLine(goesTo), 300)}** as a reply on **#${ticketId}**? Edit it first if you like.`,
      },
      {
        type: ComponentType.Label,
        label: "Reply to the customer",
        component: {
          type: ComponentType.TextInput,
          custom_id: fieldIds.text,
          style: TextInputStyle.Paragraph,
          value: text,
          max_length: modalLimits.textInputValue,
          required: true,
        },
      },
    ],
  };
}

export const reply = {
  async command(ctx, i, actor) {
    const text = i.options.getString("text");
    if (text === null) {
      const ticketId = await ticketFor(ctx, i);
      const { draft, pipelineId, statusId: currentStatusId } = await getReplyForm(ctx.deps, { ticketId }, actor);
      const statuses = ctx.deps.catalog.pipeline(pipelineId)?.statuses ?? [];
      const wanted = i.options.getString("status");
      const statusId =
        statuses.find((s) => s.id === wanted || s.name.toLowerCase() === wanted?.toLowerCase())?.id ?? draft?.statusId ?? null;
      const cc = i.options.getString("cc");
      const bcc = i.options.getString("bcc");
      const opts = { draft: draft?.text ?? null, statuses, currentStatusId, statusId };
      return void (await i.showModal(
        replyModal(ticketId, { ...opts, cc: cc ? emailList(cc) : (draft?.cc ?? []), bcc: bcc ? emailList(bcc) : (draft?.bcc ?? []) }),
      ));
    }
    await deferPrivately(i);
    const ticketId = await ticketFor(ctx, i);
    const typed = { ticketId, text, cc: emailList(i.options.getString("cc") ?? ""), bcc: emailList(i.options.getString("bcc") ?? "") };
    const typedStatus = i.options.getString("status");
    const statusId = typedStatus === null ? undefined : await statusIdOf(ctx, ticketId, actor, typedStatus);
    try {
      const r = await replyToTicket(ctx.deps, { ...typed, statusId }, actor);
      await tell(i, done(`Reply sent on ${r.ticket.number}.${statusId ? ` It is **${subjectOf(r.ticket.status.name)}** now.` : ""}`));
    } catch (e) {
      await tell(i, `${errorText(ctx, e, discordReader(i))}\n${await keepReply(ctx, actor, typed)}`);
    }
  },
  card: {
    async reply(ctx, i, actor, ticketId) {
      // The modal must be the first answer: one short read of what it starts from.
      const form = await getReplyForm(ctx.deps, { ticketId }, actor);
      const statuses = (ctx.deps.catalog.pipeline(form.pipelineId)?.statuses ?? []).map((s) => ({ id: s.id, name: s.name }));
      const { draft } = form;
      const fromDraft = draft ? { draft: draft.text, cc: draft.cc, bcc: draft.bcc, statusId: draft.statusId } : {};
      await i.showModal(replyModal(ticketId, { ...fromDraft, statuses, currentStatusId: form.statusId }));
    },
  },
  messageCommands: {
    async sendAsReply(ctx, i, actor) {
      const m = i.targetMessage;
      const ticketId = await ticketInChannel(ctx, m.channelId);
      if (ticketId === null) return tell(i, "ℹ️ **Send as reply** works on a message in a ticket's forum post.");
      if (m.author.bot || m.webhookId || m.system) {
        return tell(
          i,
          `ℹ️ **Send as reply** sends what a person wrote in the post. To write to the customer, use **Reply** on the card of #${ticketId}.`,
        );
      }
      const text = m.content.trim();
      if (!text) return tell(i, "⚠️ That message has no text to send.");
      if (text.length > modalLimits.textInputValue)
        return tell(i, `⚠️ That message is too long to send from here; use **Reply** on the card of #${ticketId}.`);
      const goesTo = await replyGoesTo(ctx, ticketId, actor);
      if (!goesTo) return tell(i, `🔍 Ticket #${ticketId} was not found.`);
      await i.showModal(sendAsReplyModal(ticketId, text, goesTo));
    },
  },
  modals: { reply: replyModal, send_reply: sendAsReplyModal },
  submit: {
    async reply(ctx, i, actor, parts) {
      await deferPrivately(i);
      const ticketId = ticketPart(parts);
      const text = textField(i, fieldIds.text);
      const cc = emailList(textField(i, fieldIds.cc));
      const bcc = emailList(textField(i, fieldIds.bcc));
      const statusId = selectValues(i, fieldIds.status)[0];
      if (!text.trim()) return void (await tell(i, "⚠️ Reply to the customer: write something to send."));
      try {
        const r = await replyToTicket(ctx.deps, { ticketId, text, cc, bcc, statusId }, actor);
        const status = r.ticket.status.id === statusId ? ` It is **${subjectOf(r.ticket.status.name)}** now.` : "";
        await tell(i, done(`Reply sent on ${r.ticket.number}.${status}`));
      } catch (e) {
        await tell(i, `${errorText(ctx, e, discordReader(i))}\n${await keepReply(ctx, actor, { ticketId, text, cc, bcc })}`);
      }
    },
    /** Sends the reply confirmed in the "Send as reply" modal (its custom id carries the ticket). */
    async send_reply(ctx, i, actor, parts) {
      const ticketId = Number(parts[0]);
      if (!Number.isInteger(ticketId) || ticketId <= 0) return tell(i, "⌛ This form no longer works; run **Send as reply** again.");
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      const { ticket } = await replyToTicket(ctx.deps, { ticketId, text: i.fields.getTextInputValue(fieldIds.text) }, actor);
      await tell(i, `📤 Reply on **${ticket.number}** sent; it goes out to the customer in a moment.`);
    },
  },
} satisfies DiscordAction;
