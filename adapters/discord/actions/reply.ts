// Reply: an answer to the customer, optionally moving the ticket to another status in the same
// action. `/ticket reply` sends the text typed there, or opens the reply modal (with the agent's
// draft) as the card's Reply button does; "Send as reply" on a message in the ticket's forum post
// sends that message after a confirmation modal. A refused reply is kept as the agent's draft,
// since Discord loses what a modal held.
// @see https://discord.com/developers/docs/interactions/application-commands#message-commands
import { ComponentType, MessageFlags, TextInputStyle } from "discord.js";
import { deferPrivately, done, emailList, subjectOf } from "../action-helpers.js";
import { knownAs, statusIdOf, ticketFor } from "../command-options.js";
import { discordReader, errorText, speech, type Speech, tell, ticketInChannel, type DiscordContext } from "../context.js";
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
import {
  type Actor,
  type Catalog,
  type Formats,
  getReplyForm,
  isHelpdeskError,
  msg,
  replyRecipient,
  replyToTicket,
  saveDraft,
  ticketNames,
  type TicketView,
} from "../../../core/index.js";

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
function replyModal({ say }: Speech, ticketId: number, opts: ReplyModalOptions): Modal {
  const current = { description: say(msg("compose.currentStatus")) };
  const statuses = opts.statuses.map((s) =>
    option(s.name, s.id, { ...(s.id === opts.currentStatusId ? current : {}), default: s.id === opts.statusId }),
  );
  const keep = { required: false, placeholder: say(msg("compose.keepStatus")) };
  return modal(
    modalId("reply", ticketId),
    say(msg("compose.replyTitle", { id: ticketId })),
    [
      label(
        say(msg("compose.replyLabel")),
        textInput(fieldIds.text, { long: true, required: true, value: opts.draft }),
        say(msg("compose.replyHint")),
      ),
      label(say(msg("compose.cc")), textInput(fieldIds.cc, { value: opts.cc?.join(", "), max: 1000 }), say(msg("compose.addressesHint"))),
      label(say(msg("compose.bcc")), textInput(fieldIds.bcc, { value: opts.bcc?.join(", "), max: 1000 })),
      ...(statuses.length ? [label(say(msg("compose.thenSetStatus")), stringSelect(fieldIds.status, statuses, keep))] : []),
    ],
    say,
  );
}

/** A pipeline's statuses by their names in the reader's language. */
function statusChoices(catalog: Catalog, pipelineId: string, f: Formats): { id: string; name: string }[] {
  return (catalog.pipeline(pipelineId)?.statuses ?? []).map((s) => ({ id: s.id, name: f.name(s.names) }));
}

/** "Reply sent on #12.", and the status it is in now when the reply set one. */
function replySent(ctx: DiscordContext, { f, say }: Speech, t: TicketView, statusSet: boolean): string {
  if (!statusSet) return say(msg("compose.replySent", { number: t.number }));
  const status = subjectOf(ticketNames(ctx.deps.catalog, t, f).status);
  return say(msg("compose.replySentNowIn", { number: t.number, status }));
}

/** Keeps a refused reply as the agent's draft (the reply modal opens with it), else quotes it back. */
async function keepReply(
  ctx: DiscordContext,
  actor: Actor,
  reply: { ticketId: number; text: string; cc: string[]; bcc: string[] },
  { say }: Speech,
): Promise<string> {
  // Without the copies too: a bad address may be what was refused.
  for (const attempt of [reply, { ...reply, cc: [], bcc: [] }]) {
    try {
      await saveDraft(ctx.deps, attempt, actor);
      return say(msg("compose.replyKeptCommand", { id: reply.ticketId }));
    } catch (e) {
      if (!isHelpdeskError(e))
        ctx.log.error("discord reply draft not kept", { ticket: reply.ticketId, err: e instanceof Error ? e.message : String(e) });
    }
  }
  const intro = `${say(msg("compose.replyNotSentCopy"))}\n`;
  return `${intro}\`\`\`\n${truncate(reply.text.replace(/```/g, "`\u200b``"), limits.messageContent - 400)}\n\`\`\``;
}

/** Where a reply on the ticket goes, as the confirmation says it; null when the agent cannot see the ticket. */
async function replyGoesTo(ctx: DiscordContext, ticketId: number, actor: Actor, { say }: Speech): Promise<string | null> {
  const r = await replyRecipient(ctx.deps, ticketId, actor);
  if (!r) return null;
  const who = r.contact?.name ?? r.contact?.email ?? say(msg("compose.theCustomer"));
  if (r.originSurface) return say(msg("compose.inTheirChat", { who, surface: r.originSurface === "discord" ? "Discord" : "Slack" }));
  return r.contact?.email && r.contact.name ? `${r.contact.name} (${r.contact.email})` : who;
}

/**
 * "Send this to the customer?": the text (editable); submitting it is the confirmation.
 * @see https://discord.com/developers/docs/components/reference#label
 * @see https://discord.com/developers/docs/components/reference#text-display
 */
function sendAsReplyModal({ say }: Speech, ticketId: number, text: string, goesTo: string): Modal {
  return {
    custom_id: modalId("send_reply", ticketId),
    title: truncate(say(msg("compose.sendAsReplyTitle", { id: ticketId })), modalLimits.title),
    components: [
      {
        type: ComponentType.TextDisplay,
        content: say(msg("compose.sendAsReplyAsk", { to: fitSafe(oneLine(goesTo), 300), id: ticketId })),
      },
      {
        type: ComponentType.Label,
        label: say(msg("compose.replyLabel")),
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
    const sp = speech(ctx, i);
    if (text === null) {
      const ticketId = await ticketFor(ctx, i);
      const { draft, pipelineId, statusId: currentStatusId } = await getReplyForm(ctx.deps, { ticketId }, actor);
      const wanted = i.options.getString("status");
      const pipeline = ctx.deps.catalog.pipeline(pipelineId);
      const statuses = statusChoices(ctx.deps.catalog, pipelineId, sp.f);
      const typedStatus = wanted === null ? undefined : pipeline?.statuses.find((s) => s.id === wanted || knownAs(s, wanted.toLowerCase()));
      const statusId = typedStatus?.id ?? draft?.statusId ?? null;
      const cc = i.options.getString("cc");
      const bcc = i.options.getString("bcc");
      const opts = { draft: draft?.text ?? null, statuses, currentStatusId, statusId };
      return void (await i.showModal(
        replyModal(sp, ticketId, { ...opts, cc: cc ? emailList(cc) : (draft?.cc ?? []), bcc: bcc ? emailList(bcc) : (draft?.bcc ?? []) }),
      ));
    }
    await deferPrivately(i);
    const ticketId = await ticketFor(ctx, i);
    const typed = { ticketId, text, cc: emailList(i.options.getString("cc") ?? ""), bcc: emailList(i.options.getString("bcc") ?? "") };
    const typedStatus = i.options.getString("status");
    const statusId = typedStatus === null ? undefined : await statusIdOf(ctx, ticketId, actor, typedStatus);
    try {
      const r = await replyToTicket(ctx.deps, { ...typed, statusId }, actor);
      await tell(i, done(replySent(ctx, sp, r.ticket, !!statusId)));
    } catch (e) {
      await tell(i, `${errorText(ctx, e, discordReader(i))}\n${await keepReply(ctx, actor, typed, sp)}`);
    }
  },
  card: {
    async reply(ctx, i, actor, ticketId) {
      // The modal must be the first answer: one short read of what it starts from.
      const form = await getReplyForm(ctx.deps, { ticketId }, actor);
      const sp = speech(ctx, i);
      const statuses = statusChoices(ctx.deps.catalog, form.pipelineId, sp.f);
      const { draft } = form;
      const fromDraft = draft ? { draft: draft.text, cc: draft.cc, bcc: draft.bcc, statusId: draft.statusId } : {};
      await i.showModal(replyModal(sp, ticketId, { ...fromDraft, statuses, currentStatusId: form.statusId }));
    },
  },
  messageCommands: {
    async sendAsReply(ctx, i, actor) {
      const m = i.targetMessage;
      const sp = speech(ctx, i);
      const { say } = sp;
      const ticketId = await ticketInChannel(ctx, m.channelId);
      if (ticketId === null) return tell(i, `ℹ️ ${say(msg("compose.sendAsReplyInPostOnly"))}`);
      if (m.author.bot || m.webhookId || m.system) return tell(i, `ℹ️ ${say(msg("compose.sendAsReplyPeopleOnly", { id: ticketId }))}`);
      const text = m.content.trim();
      if (!text) return tell(i, `⚠️ ${say(msg("compose.noTextToSend"))}`);
      if (text.length > modalLimits.textInputValue) return tell(i, `⚠️ ${say(msg("compose.tooLongToSend", { id: ticketId }))}`);
      const goesTo = await replyGoesTo(ctx, ticketId, actor, sp);
      if (!goesTo) return tell(i, `🔍 ${say(msg("errors.ticketNotFound", { id: ticketId }))}`);
      await i.showModal(sendAsReplyModal(sp, ticketId, text, goesTo));
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
      const sp = speech(ctx, i);
      if (!text.trim()) return void (await tell(i, `⚠️ ${sp.say(msg("compose.replyWriteSomething"))}`));
      try {
        const r = await replyToTicket(ctx.deps, { ticketId, text, cc, bcc, statusId }, actor);
        await tell(i, done(replySent(ctx, sp, r.ticket, r.ticket.status.id === statusId)));
      } catch (e) {
        await tell(i, `${errorText(ctx, e, discordReader(i))}\n${await keepReply(ctx, actor, { ticketId, text, cc, bcc }, sp)}`);
      }
    },
    /** Sends the reply confirmed in the "Send as reply" modal (its custom id carries the ticket). */
    async send_reply(ctx, i, actor, parts) {
      const ticketId = Number(parts[0]);
      const { say } = speech(ctx, i);
      if (!Number.isInteger(ticketId) || ticketId <= 0) return tell(i, `⌛ ${say(msg("compose.formExpired"))}`);
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      const { ticket } = await replyToTicket(ctx.deps, { ticketId, text: i.fields.getTextInputValue(fieldIds.text) }, actor);
      await tell(i, `📤 ${say(msg("compose.replyGoingOut", { number: ticket.number }))}`);
    },
  },
} satisfies DiscordAction;
