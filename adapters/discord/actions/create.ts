// Create: a new ticket, by hand with `/ticket new` (the request typed there or in the new-ticket
// modal), or from any person's message with "Create ticket from message", which makes its author
// the requester and sends replies back under that message. Modals open as the first answer; a
// submit defers, then works.
// @see https://discord.com/developers/docs/interactions/application-commands#message-commands
import {
  type APIGuildMember,
  type APIUser,
  ComponentType,
  type Message,
  MessageFlags,
  type ModalSubmitInteraction,
  Routes,
  TextInputStyle,
} from "discord.js";
import { checkEmail, deferPrivately, done, subjectOf } from "../action-helpers.js";
import { priorityOption, teamOption } from "../command-options.js";
import { speech, type Speech, tell, ticketInChannel, type DiscordContext } from "../context.js";
import { modalId } from "../custom-ids.js";
import { fitSafe, oneLine, truncate } from "../escape.js";
import {
  fieldIds,
  label,
  modal,
  modalLimits,
  type Modal,
  option,
  prefill,
  type Say,
  selectValues,
  stringSelect,
  textField,
  textInput,
} from "../modal-views.js";
import type { DiscordAction } from "./types.js";
import { createTicket, invalid, msg, priorities, type Priority, originTicketAt } from "../../../core/index.js";

export interface CreatePrefill {
  subject?: string;
  text?: string;
  priority?: string;
  /** Chosen on the command; kept in the modal's custom id. */
  teamId?: string;
  pipelines?: { id: string; name: string }[];
  defaultPipelineId?: string;
}

/**
 * Open a ticket by hand: subject, the request, who asked, priority and (when there are several) pipeline.
 * @see https://discord.com/developers/docs/components/reference#label
 */
function createModal({ say }: Speech, prefill: CreatePrefill = {}): Modal {
  const pipelines = prefill.pipelines ?? [];
  // A team id too long for the custom id is dropped rather than failing to open the form.
  const team = prefill.teamId && prefill.teamId.length <= 80 ? prefill.teamId : undefined;
  const id = team ? modalId("new", team) : modalId("new");
  return modal(
    id,
    say(msg("compose.newTicketTitle")),
    [
      label(say(msg("compose.subject")), textInput(fieldIds.subject, { required: true, value: prefill.subject, max: 200 })),
      label(say(msg("compose.theRequest")), textInput(fieldIds.text, { long: true, value: prefill.text }), say(msg("compose.requestHint"))),
      label(
        say(msg("compose.requesterEmail")),
        textInput(fieldIds.requester, { max: 320, placeholder: "name@example.com" }),
        say(msg("compose.requesterEmailHint")),
      ),
      label(
        say(msg("compose.priority")),
        stringSelect(
          fieldIds.priority,
          priorities.map((p) => option(say(msg(`card.${p}Priority`)), p, { default: p === (prefill.priority ?? "medium") })),
        ),
      ),
      ...(pipelines.length > 1
        ? [
            label(
              say(msg("compose.pipeline")),
              stringSelect(
                fieldIds.pipeline,
                pipelines.map((p) => option(p.name, p.id, { default: p.id === prefill.defaultPipelineId })),
              ),
            ),
          ]
        : []),
    ],
    say,
  );
}

/** A forum post title holds 100 characters. @see https://discord.com/developers/docs/resources/channel#start-thread-in-forum-or-media-channel */
const subjectMax = 100;
const snowflake = /^\d{17,20}$/;

/** A message's text for a ticket: what it says, and a link to each attachment. */
function messageText(m: Message): string {
  const files = [...m.attachments.values()].map((a) => `📎 ${a.name}: ${a.url}`);
  return [m.content.trim(), ...files].filter(Boolean).join("\n");
}

/** The first line of the message, cut to a subject's length. */
function firstLine(say: Say, text: string, author: string): string {
  const line = text.split("\n").find((l) => l.trim());
  return truncate(line ? oneLine(line) : say(msg("compose.messageFrom", { author })), subjectMax);
}

const nameOf = (u: { globalName?: string | null; global_name?: string | null; username: string }) =>
  u.globalName ?? u.global_name ?? u.username;

/**
 * The ticket from a message, to confirm: who the requester is, the subject and the request. The
 * custom id carries the channel, message and author ids (the submit carries no message, and
 * nothing is kept in memory between the two: another replica may take the submit).
 */
function fromMessageModal({ say }: Speech, m: { channelId: string; id: string; authorId: string }, author: string, text: string): Modal {
  const request = prefill(say, say(msg("compose.theRequest")), text, modalLimits.textInputValue);
  return {
    custom_id: modalId("from_message", m.channelId, m.id, m.authorId),
    title: truncate(say(msg("compose.fromMessageTitle")), modalLimits.title),
    components: [
      {
        type: ComponentType.TextDisplay,
        content: say(msg("compose.fromMessageRequester", { author: fitSafe(oneLine(author), 100) })),
      },
      {
        type: ComponentType.Label,
        label: say(msg("compose.subject")),
        component: {
          type: ComponentType.TextInput,
          custom_id: fieldIds.subject,
          style: TextInputStyle.Short,
          value: firstLine(say, text, author),
          max_length: subjectMax,
          required: true,
        },
      },
      {
        type: ComponentType.Label,
        label: say(msg("compose.theRequest")),
        description: say(msg("compose.requestInTheirWords")),
        component: {
          type: ComponentType.TextInput,
          custom_id: fieldIds.text,
          style: TextInputStyle.Paragraph,
          value: request.value,
          max_length: modalLimits.textInputValue,
          required: true,
        },
      },
      ...(request.notice ? [request.notice] : []),
    ],
  };
}

/**
 * The author's name in the server (nickname, else display name), else their global name; none when
 * the API does not answer (the contact is found by user id, and named when they are next seen).
 * @see https://discord.com/developers/docs/resources/guild#get-guild-member
 * @see https://discord.com/developers/docs/resources/user#get-user
 */
async function requesterName(ctx: DiscordContext, i: ModalSubmitInteraction, userId: string): Promise<string | null> {
  try {
    if (i.guildId) {
      const member = (await i.client.rest.get(Routes.guildMember(i.guildId, userId))) as APIGuildMember;
      if (member.user) return member.nick ?? nameOf(member.user);
    }
  } catch {
    // Left the server, or the member could not be read: the user is still there.
  }
  try {
    return nameOf((await i.client.rest.get(Routes.user(userId))) as APIUser);
  } catch (e) {
    ctx.log.info("discord requester name unavailable", { err: e instanceof Error ? e.message : String(e) });
    return null;
  }
}

export const create = {
  async command(ctx, i, actor) {
    const subject = i.options.getString("subject", true);
    const text = i.options.getString("text");
    const priority = priorityOption(i);
    const teamId = teamOption(ctx, i.options.getString("team"));
    const sp = speech(ctx, i);
    const { f, say } = sp;
    if (text === null) {
      // Slash options are one line: the request itself is better written in the modal's box.
      const pipelines = ctx.deps.catalog.config.pipelines.map((p) => ({ id: p.id, name: f.name(p.names) }));
      const prefill = {
        subject,
        pipelines,
        defaultPipelineId: ctx.deps.catalog.defaultPipeline.id,
        ...(priority ? { priority } : {}),
        ...(teamId ? { teamId } : {}),
      };
      return void (await i.showModal(createModal(sp, prefill)));
    }
    await deferPrivately(i);
    const t = await createTicket(ctx.deps, { subject, text, priority, teamId }, actor);
    await tell(i, done(say(msg("compose.created", { number: t.number, subject: subjectOf(t.subject) }))));
  },
  messageCommands: {
    async createTicket(ctx, i) {
      const m = i.targetMessage;
      const sp = speech(ctx, i);
      const { say } = sp;
      if (m.author.bot || m.webhookId || m.system) return tell(i, `⚠️ ${say(msg("compose.personMessagesOnly"))}`);
      const [inPost, made] = await Promise.all([
        ticketInChannel(ctx, m.channelId),
        originTicketAt(ctx.deps, { surface: "discord", channelId: m.channelId, messageId: m.id }),
      ]);
      if (made !== null) return tell(i, `ℹ️ ${say(msg("errors.messageAlreadyTicket", { id: made }))}`);
      if (inPost !== null) return tell(i, `ℹ️ ${say(msg("compose.messageInPostOf", { id: inPost }))}`);
      const text = messageText(m);
      if (!text) return tell(i, `⚠️ ${say(msg("compose.noTextForTicket"))}`);
      const author = m.member?.nickname ?? nameOf(m.author);
      await i.showModal(fromMessageModal(sp, { channelId: m.channelId, id: m.id, authorId: m.author.id }, author, text));
    },
  },
  modals: { new: createModal, from_message: fromMessageModal },
  submit: {
    async new(ctx, i, actor, parts) {
      await deferPrivately(i);
      const { deps } = ctx;
      const { say } = speech(ctx, i);
      const subject = textField(i, fieldIds.subject).trim();
      if (!subject) return void (await tell(i, `⚠️ ${say(msg("compose.subjectNeeded"))}`));
      const requester = textField(i, fieldIds.requester).trim();
      const email = requester ? checkEmail(fieldIds.requester, say(msg("compose.requesterEmail")), requester) : undefined;
      const priority = selectValues(i, fieldIds.priority)[0];
      if (priority !== undefined && !(priorities as readonly string[]).includes(priority))
        throw invalid(msg("chat.priorityChooseOne", { items: priorities }));
      const pipelineId = selectValues(i, fieldIds.pipeline)[0];
      if (pipelineId !== undefined && !deps.catalog.pipeline(pipelineId)) throw invalid(msg("chat.pipelineChooseOne"));
      const text = textField(i, fieldIds.text).trim() || undefined;
      const t = await createTicket(
        deps,
        {
          subject,
          text,
          requester: email ? { email } : undefined,
          priority: priority as Priority | undefined,
          pipelineId,
          teamId: parts[0] || undefined,
        },
        actor,
      );
      await tell(i, done(say(msg("compose.created", { number: t.number, subject: subjectOf(t.subject) }))));
    },
    /** Makes the ticket from the "Create ticket from message" modal; the author's name is read from the API. */
    async from_message(ctx, i, actor, parts) {
      const [channelId, messageId, authorId] = parts;
      const { say } = speech(ctx, i);
      if (!channelId || !messageId || !authorId || ![channelId, messageId, authorId].every((p) => snowflake.test(p))) {
        return tell(i, `⌛ ${say(msg("compose.fromMessageExpired"))}`);
      }
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      const name = await requesterName(ctx, i, authorId);
      const ticket = await createTicket(
        ctx.deps,
        {
          subject: i.fields.getTextInputValue(fieldIds.subject),
          text: i.fields.getTextInputValue(fieldIds.text),
          requester: { surface: "discord", userId: authorId, ...(name ? { name } : {}) },
          source: "discord",
          // Replies go to the channel (or thread) the message is in, answering it; the core's default
          // thread (the message id itself) is a Slack notion and names no Discord channel.
          origin: { surface: "discord", channelId, messageId, threadId: channelId },
        },
        actor,
      );
      const who = fitSafe(name ?? say(msg("compose.itsAuthor")), 100);
      await tell(i, done(say(msg("compose.createdFor", { number: ticket.number, subject: fitSafe(oneLine(ticket.subject), 200), who }))));
    },
  },
} satisfies DiscordAction;
