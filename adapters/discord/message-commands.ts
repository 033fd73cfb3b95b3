// Message context-menu commands (right-click a message → Apps): "Create ticket from message"
// makes any person's message a ticket whose requester is its author, replies going back under
// that message; "Send as reply" sends a message of a ticket's forum post to the customer after a
// confirmation modal. Each opens its modal as the first answer; the submit defers, then works.
// @see https://discord.com/developers/docs/interactions/application-commands#message-commands
import {
  ComponentType,
  MessageFlags,
  Routes,
  TextInputStyle,
  type APIGuildMember,
  type APIModalInteractionResponseCallbackData,
  type APIUser,
  type Message,
  type MessageContextMenuCommandInteraction,
  type ModalSubmitInteraction,
} from "discord.js";
import { messageCommands } from "./command-names.js";
import { tell, ticketInChannel, type DiscordContext } from "./context.js";
import { modalId } from "./custom-ids.js";
import { prefill } from "./modal-views.js";
import { fitSafe, oneLine, truncate } from "./escape.js";
import { type Actor, createTicket, replyRecipient, replyToTicket, ticketOfChatMessage } from "../../core/index.js";

/** Discord's limits on modals: title 45, label 45, a text input's value 4,000 characters. */
const modalTitleMax = 45;
const inputMax = 4000;
const subjectMax = 100;
const snowflake = /^\d{17,20}$/;

/** The modal fields' custom ids (each inside a Label). @see https://discord.com/developers/docs/components/reference#text-input */
export const fields = { subject: "subject", text: "text" } as const;

/**
 * Routes a message context-menu command by its name.
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-interaction-data
 */
export async function handleMessageCommand(ctx: DiscordContext, i: MessageContextMenuCommandInteraction, actor: Actor): Promise<void> {
  if (i.commandName === messageCommands.createTicket) return openCreateFromMessage(ctx, i);
  if (i.commandName === messageCommands.sendAsReply) return openSendAsReply(ctx, i, actor);
  await tell(i, "⌛ That command no longer works here; use `/ticket`.");
}

/** A message's text for a ticket: what it says, and a link to each attachment. */
function messageText(m: Message): string {
  const files = [...m.attachments.values()].map((a) => `📎 ${a.name}: ${a.url}`);
  return [m.content.trim(), ...files].filter(Boolean).join("\n");
}

/**
 * The first line of the message, cut to a subject's length (a forum post title holds 100).
 * @see https://discord.com/developers/docs/resources/channel#start-thread-in-forum-or-media-channel
 */
export function subjectOf(text: string, author: string): string {
  const line = text.split("\n").find((l) => l.trim());
  return truncate(line ? oneLine(line) : `Discord message from ${author}`, subjectMax);
}

const nameOf = (u: { globalName?: string | null; global_name?: string | null; username: string }) =>
  u.globalName ?? u.global_name ?? u.username;

async function openCreateFromMessage(ctx: DiscordContext, i: MessageContextMenuCommandInteraction): Promise<void> {
  const m = i.targetMessage;
  if (m.author.bot || m.webhookId || m.system) {
    return tell(i, "⚠️ Only a message a person wrote can become a ticket: its author is the requester.");
  }
  const [inPost, made] = await Promise.all([
    ticketInChannel(ctx, m.channelId),
    ticketOfChatMessage(ctx.deps, "discord", m.channelId, m.id),
  ]);
  if (made !== null) return tell(i, `ℹ️ That message is already ticket #${made}.`);
  if (inPost !== null) return tell(i, `ℹ️ That message is in the post of #${inPost}. Use **Send as reply** to send it to the customer.`);
  const text = messageText(m);
  if (!text) return tell(i, "⚠️ That message has no text to make a ticket of.");
  const author = m.member?.nickname ?? nameOf(m.author);
  const request = prefill("The request", text, inputMax);
  const modal: APIModalInteractionResponseCallbackData = {
    custom_id: modalId("from_message", m.channelId, m.id, m.author.id),
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
          custom_id: fields.subject,
          style: TextInputStyle.Short,
          value: subjectOf(text, author),
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
          custom_id: fields.text,
          style: TextInputStyle.Paragraph,
          value: request.value,
          max_length: inputMax,
          required: true,
        },
      },
      ...(request.notice ? [request.notice] : []),
    ],
  };
  await i.showModal(modal);
}

/**
 * Makes the ticket from the "Create ticket from message" modal. Its custom id carries the
 * channel, message and author ids (the submit carries no message, and nothing is kept in memory
 * between the two: another replica may take the submit); the author's name is read from the API.
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-modal
 */
export async function submitCreateFromMessage(
  ctx: DiscordContext,
  i: ModalSubmitInteraction,
  actor: Actor,
  parts: string[],
): Promise<void> {
  const [channelId, messageId, authorId] = parts;
  if (!channelId || !messageId || !authorId || ![channelId, messageId, authorId].every((p) => snowflake.test(p))) {
    return tell(i, "⌛ This form no longer works; run **Create ticket from message** again.");
  }
  await i.deferReply({ flags: MessageFlags.Ephemeral });
  const name = await requesterName(ctx, i, authorId);
  const ticket = await createTicket(
    ctx.deps,
    {
      subject: i.fields.getTextInputValue(fields.subject),
      text: i.fields.getTextInputValue(fields.text),
      requester: { discordUserId: authorId, ...(name ? { name } : {}) },
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

/** Where a reply on the ticket goes, as the confirmation says it; null when the agent cannot see the ticket. */
async function replyGoesTo(ctx: DiscordContext, ticketId: number, actor: Actor): Promise<string | null> {
  const r = await replyRecipient(ctx.deps, ticketId, actor);
  if (!r) return null;
  const who = r.contact?.name ?? r.contact?.email ?? "the customer";
  if (r.originSurface) return `${who}, in ${r.originSurface === "discord" ? "Discord" : "Slack"} under the message the ticket came from`;
  return r.contact?.email && r.contact.name ? `${r.contact.name} (${r.contact.email})` : who;
}

async function openSendAsReply(ctx: DiscordContext, i: MessageContextMenuCommandInteraction, actor: Actor): Promise<void> {
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
  if (text.length > inputMax) return tell(i, `⚠️ That message is too long to send from here; use **Reply** on the card of #${ticketId}.`);
  const goesTo = await replyGoesTo(ctx, ticketId, actor);
  if (!goesTo) return tell(i, `🔍 Ticket #${ticketId} was not found.`);
  await i.showModal(sendAsReplyModal(ticketId, text, goesTo));
}

/**
 * "Send this to the customer?": the text (editable); submitting it is the confirmation.
 * @see https://discord.com/developers/docs/components/reference#label
 * @see https://discord.com/developers/docs/components/reference#text-display
 */
export function sendAsReplyModal(ticketId: number, text: string, goesTo: string): APIModalInteractionResponseCallbackData {
  return {
    custom_id: modalId("send_reply", ticketId),
    title: truncate(`Send as reply on #${ticketId}`, modalTitleMax),
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
          custom_id: fields.text,
          style: TextInputStyle.Paragraph,
          value: text,
          max_length: inputMax,
          required: true,
        },
      },
    ],
  };
}

/**
 * Sends the reply confirmed in the "Send as reply" modal (its custom id carries the ticket).
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-modal
 */
export async function submitSendAsReply(ctx: DiscordContext, i: ModalSubmitInteraction, actor: Actor, parts: string[]): Promise<void> {
  const ticketId = Number(parts[0]);
  if (!Number.isInteger(ticketId) || ticketId <= 0) return tell(i, "⌛ This form no longer works; run **Send as reply** again.");
  await i.deferReply({ flags: MessageFlags.Ephemeral });
  const { ticket } = await replyToTicket(ctx.deps, { ticketId, text: i.fields.getTextInputValue(fields.text) }, actor);
  await tell(i, `📤 Reply on **${ticket.number}** sent; it goes out to the customer in a moment.`);
}
