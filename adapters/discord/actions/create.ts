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
import { tell, ticketInChannel, type DiscordContext } from "../context.js";
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
  selectValues,
  stringSelect,
  textField,
  textInput,
} from "../modal-views.js";
import type { DiscordAction } from "./types.js";
import { createTicket, invalid, priorities, type Priority, originTicketAt } from "../../../core/index.js";

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
function createModal(prefill: CreatePrefill = {}): Modal {
  const pipelines = prefill.pipelines ?? [];
  // A team id too long for the custom id is dropped rather than failing to open the form.
  const team = prefill.teamId && prefill.teamId.length <= 80 ? prefill.teamId : undefined;
  return modal(team ? modalId("new", team) : modalId("new"), "New ticket", [
    label("Subject", textInput(fieldIds.subject, { required: true, value: prefill.subject, max: 200 })),
    label("The request", textInput(fieldIds.text, { long: true, value: prefill.text }), "As the customer put it."),
    label(
      "Requester email",
      textInput(fieldIds.requester, { max: 320, placeholder: "name@example.com" }),
      "Leave empty when nobody is to be written to.",
    ),
    label(
      "Priority",
      stringSelect(
        fieldIds.priority,
        priorities.map((p) => option(p, p, { default: p === (prefill.priority ?? "medium") })),
      ),
    ),
    ...(pipelines.length > 1
      ? [
          label(
            "Pipeline",
            stringSelect(
              fieldIds.pipeline,
              pipelines.map((p) => option(p.name, p.id, { default: p.id === prefill.defaultPipelineId })),
            ),
          ),
        ]
      : []),
  ]);
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
function firstLine(text: string, author: string): string {
  const line = text.split("\n").find((l) => l.trim());
  return truncate(line ? oneLine(line) : `Discord message from ${author}`, subjectMax);
}

const nameOf = (u: { globalName?: string | null; global_name?: string | null; username: string }) =>
  u.globalName ?? u.global_name ?? u.username;

/**
 * The ticket from a message, to confirm: who the requester is, the subject and the request. The
 * custom id carries the channel, message and author ids (the submit carries no message, and
 * nothing is kept in memory between the two: another replica may take the submit).
 */
function fromMessageModal(m: { channelId: string; id: string; authorId: string }, author: string, text: string): Modal {
  const request = prefill("The request", text, modalLimits.textInputValue);
  return {
    custom_id: modalId("from_message", m.channelId, m.id, m.authorId),
    title: "New ticket from a message",
    components: [
      {
        type: ComponentType.TextDisplay,
        content: `Requester: **${fitSafe(oneLine(author), 100)}**. Replies to them go back under their message; notes stay in the ticket's post.`,
      },
      {
        type: ComponentType.Label,
        label: "Subject",
        component: {
          type: ComponentType.TextInput,
          custom_id: fieldIds.subject,
          style: TextInputStyle.Short,
          value: firstLine(text, author),
          max_length: subjectMax,
          required: true,
        },
      },
      {
        type: ComponentType.Label,
        label: "The request",
        description: "The ticket's first message, as the requester's own words.",
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
    if (text === null) {
      // Slash options are one line: the request itself is better written in the modal's box.
      const { pipelines } = ctx.deps.catalog.config;
      const prefill = {
        subject,
        pipelines,
        defaultPipelineId: ctx.deps.catalog.defaultPipeline.id,
        ...(priority ? { priority } : {}),
        ...(teamId ? { teamId } : {}),
      };
      return void (await i.showModal(createModal(prefill)));
    }
    await deferPrivately(i);
    const t = await createTicket(ctx.deps, { subject, text, priority, teamId }, actor);
    await tell(i, done(`Created ${t.number}: ${subjectOf(t.subject)}. Its post appears in the forum in a moment.`));
  },
  messageCommands: {
    async createTicket(ctx, i) {
      const m = i.targetMessage;
      if (m.author.bot || m.webhookId || m.system) {
        return tell(i, "⚠️ Only a message a person wrote can become a ticket: its author is the requester.");
      }
      const [inPost, made] = await Promise.all([
        ticketInChannel(ctx, m.channelId),
        originTicketAt(ctx.deps, { surface: "discord", channelId: m.channelId, messageId: m.id }),
      ]);
      if (made !== null) return tell(i, `ℹ️ That message is already ticket #${made}.`);
      if (inPost !== null)
        return tell(i, `ℹ️ That message is in the post of #${inPost}. Use **Send as reply** to send it to the customer.`);
      const text = messageText(m);
      if (!text) return tell(i, "⚠️ That message has no text to make a ticket of.");
      const author = m.member?.nickname ?? nameOf(m.author);
      await i.showModal(fromMessageModal({ channelId: m.channelId, id: m.id, authorId: m.author.id }, author, text));
    },
  },
  modals: { new: createModal, from_message: fromMessageModal },
  submit: {
    async new(ctx, i, actor, parts) {
      await deferPrivately(i);
      const { deps } = ctx;
      const subject = textField(i, fieldIds.subject).trim();
      if (!subject) return void (await tell(i, "⚠️ Subject: a ticket needs one."));
      const requester = textField(i, fieldIds.requester).trim();
      const email = requester ? checkEmail("Requester email", requester) : undefined;
      const priority = selectValues(i, fieldIds.priority)[0];
      if (priority !== undefined && !(priorities as readonly string[]).includes(priority))
        throw invalid(`Priority: choose one of ${priorities.join(", ")}.`);
      const pipelineId = selectValues(i, fieldIds.pipeline)[0];
      if (pipelineId !== undefined && !deps.catalog.pipeline(pipelineId)) throw invalid("Pipeline: choose one of the pipelines.");
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
      await tell(i, done(`Created ${t.number}: ${subjectOf(t.subject)}. Its post appears in the forum in a moment.`));
    },
    /** Makes the ticket from the "Create ticket from message" modal; the author's name is read from the API. */
    async from_message(ctx, i, actor, parts) {
      const [channelId, messageId, authorId] = parts;
      if (!channelId || !messageId || !authorId || ![channelId, messageId, authorId].every((p) => snowflake.test(p))) {
        return tell(i, "⌛ This form no longer works; run **Create ticket from message** again.");
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
      await tell(
        i,
        `✅ Created **${ticket.number}** ${fitSafe(oneLine(ticket.subject), 200)} for ${fitSafe(name ?? "its author", 100)}. Replies to them go back under their message; notes stay in the ticket's forum post.`,
      );
    },
  },
} satisfies DiscordAction;
