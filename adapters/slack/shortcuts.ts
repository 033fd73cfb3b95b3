// Message shortcuts (message_action): "Create ticket" turns any Slack message into a
// ticket whose requester is the message's author, replies going back to that message's thread;
// "Send as reply" sends a message of a card's thread to the ticket's customer, after a
// confirmation modal. Both ack at once, then work.
// @see https://api.slack.com/interactivity/shortcuts/using#message_shortcuts
// @see https://api.slack.com/reference/interaction-payloads/shortcuts#message_actions
import type { AckFn, App, MessageShortcut, RespondFn, ViewOutput, ViewResponseAction } from "@slack/bolt";
import type { ModalView } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import {
  actorFor,
  deskSpeech,
  errorText,
  fieldErrorTexts,
  refusalText,
  slackReader,
  type SlackContext,
  speech,
  type Speech,
} from "./context.js";
import { escapeText, limits, truncate, utf8Bytes } from "./escape.js";
import { inputValue } from "./modals.js";
import { fieldErrors } from "./submissions.js";
import { cardThreadRoles } from "./target.js";
import {
  type Actor,
  cardLinkAt,
  createTicket,
  msg,
  type Msg,
  replyRecipient,
  replyToTicket,
  showTicket,
  type TicketView,
} from "../../core/index.js";

/** callback_ids of the message shortcuts (declared in the manifest) and of the confirmation modal. */
export const shortcutIds = {
  createTicket: "message.create_ticket",
  sendAsReply: "message.send_as_reply",
} as const;
export const sendAsReplyModalId = "modal.send_as_reply";

/**
 * The manifest's `features.shortcuts` entries. Slack refuses a shortcut `name` over 24 characters
 * when the manifest is applied, so the longer wording goes in the description.
 * @see https://api.slack.com/reference/manifests#features
 */
export const messageShortcuts = [
  {
    name: "Create ticket",
    type: "message",
    callback_id: shortcutIds.createTicket,
    description: "Make this message a help desk ticket; replies go back to its thread.",
  },
  {
    name: "Send as reply",
    type: "message",
    callback_id: shortcutIds.sendAsReply,
    description: "Send this message of a ticket's thread to the customer, after a confirmation.",
  },
] as const;

/** The longest text a plain_text_input holds, hence the longest reply the confirmation can show. */
const inputMax = 3000;
const subjectMax = 80;

const entities: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">" };

/**
 * A Slack message's text as plain text for the ticket: mentions, channel links and URLs lose
 * their markup, and Slack's three escaped characters are restored.
 * @see https://api.slack.com/reference/surfaces/formatting#retrieving-messages
 */
export function slackToPlain(text: string): string {
  return text
    .replace(/<([@#!])([^>|]+)(?:\|([^>]*))?>/g, (_all, sigil: string, id: string, label: string | undefined) => {
      if (sigil === "!") return `@${(label || id).replace(/^subteam\^\w+$/, "group")}`;
      return sigil === "@" ? `@${label || id}` : `#${label || id}`;
    })
    .replace(/<([^>|]+)\|([^>]*)>/g, (_all, url: string, label: string) => (label && label !== url ? `${label} (${url})` : url))
    .replace(/<([^>]+)>/g, "$1")
    .replace(/&(amp|lt|gt);/g, (e) => entities[e]!);
}

/**
 * The first line of the message, cut to a subject's length; `say` words the subject of a message
 * with no text line (in the help desk's language: everyone reads the ticket).
 */
export function subjectOf(text: string, author: string | null, say: (m: Msg) => string): string {
  const line = text
    .split("\n")
    .find((l) => l.trim())
    ?.replace(/\s+/g, " ")
    .trim();
  return line ? truncate(line, subjectMax) : say(msg("home.messageFrom", { author }));
}

interface SlackProfile {
  real_name?: string;
  display_name?: string;
  name?: string;
}

const nameOf = (p: SlackProfile | undefined | null) => p?.real_name?.trim() || p?.display_name?.trim() || p?.name?.trim() || null;

/**
 * The author's name: from users.info when the app may read it, else from the profile Slack puts
 * in the message payload. Neither is essential: the contact is found by user id.
 * @see https://api.slack.com/methods/users.info
 */
async function authorName(
  ctx: SlackContext,
  client: WebClient,
  userId: string,
  message: MessageShortcut["message"],
): Promise<string | null> {
  try {
    const res = await client.users.info({ user: userId });
    const u = res.user as (SlackProfile & { profile?: SlackProfile }) | undefined;
    const name = nameOf(u?.profile) ?? nameOf(u);
    if (name) return name;
  } catch (e) {
    ctx.log.info("users.info failed; naming the requester from the message", { err: e instanceof Error ? e.message : String(e) });
  }
  return nameOf(message.user_profile as SlackProfile | undefined);
}

/** What the confirmation modal remembers. */
interface SendAsReplyMetadata {
  ticketId: number;
}

/** Where a reply to this ticket goes, as the confirmation says it. */
async function replyGoesTo(ctx: SlackContext, { say }: Speech, ticket: TicketView, actor: Actor): Promise<string> {
  if (ticket.source === "slack" && (await replyRecipient(ctx.deps, ticket.id, actor))?.originSurface === "slack") {
    const who = ticket.contact?.name;
    return say(msg("home.requesterInSlack", { who: who ? escapeText(who) : null }));
  }
  return ticket.contact?.email ? escapeText(ticket.contact.email) : say(msg("compose.theCustomer"));
}

/** "Send this to the customer?": the text (editable), and Send, in the agent's language. */
export function sendAsReplyModal({ say }: Speech, ticket: TicketView, text: string, goesTo: string): ModalView {
  const meta: SendAsReplyMetadata = { ticketId: ticket.id };
  const metadata = JSON.stringify(meta);
  if (utf8Bytes(metadata) > limits.privateMetadataBytes) throw new Error("private_metadata over Slack's 3,000 bytes");
  return {
    type: "modal",
    callback_id: sendAsReplyModalId,
    title: { type: "plain_text", text: truncate(say(msg("home.sendAsReplyTitle", { number: ticket.number })), limits.modalTitle) },
    submit: { type: "plain_text", text: say(msg("compose.send")) },
    close: { type: "plain_text", text: say(msg("compose.cancel")) },
    private_metadata: metadata,
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: truncate(
            say(msg("home.sendAsReplyAsk", { to: goesTo, number: ticket.number, subject: escapeText(ticket.subject) })),
            limits.sectionText,
          ),
        },
      },
      {
        type: "input",
        block_id: "text",
        label: { type: "plain_text", text: say(msg("compose.replyLabel")) },
        element: { type: "plain_text_input", action_id: "value", multiline: true, max_length: inputMax, initial_value: text },
      },
    ],
  };
}

function ephemeral(respond: RespondFn, text: string): Promise<unknown> {
  return respond({ response_type: "ephemeral", text });
}

export function registerShortcuts(app: App, ctx: SlackContext): void {
  const { deps } = ctx;
  /** The agent acting, with their client language learnt for what they are told next; null for anyone else. */
  const agentOf = async (s: MessageShortcut, client: WebClient) => {
    const actor = await actorFor(ctx, { id: s.user.id, teamId: s.user.team_id, requestTeamId: s.team?.id });
    if (actor) await ctx.locales?.learn(client, s.user.id);
    return actor;
  };
  /** The card whose thread (or card message) this is, if any. */
  const cardOf = (channelId: string, m: MessageShortcut["message"]) =>
    // A card the ticket has left (moved to another channel) still names the ticket of its thread.
    cardLinkAt(deps, { surface: "slack", channelId, threadId: String(m.thread_ts ?? m.ts), messageId: m.ts, roles: cardThreadRoles });

  app.shortcut<MessageShortcut>(
    { callback_id: shortcutIds.createTicket, type: "message_action" },
    async ({ ack, shortcut, respond, client }) => {
      await ack();
      const actor = await agentOf(shortcut, client);
      if (!actor) return void (await ephemeral(respond, refusalText(ctx, shortcut.user.id)));
      const { say } = speech(ctx, shortcut.user.id);
      const m = shortcut.message;
      if (!m.user || m.bot_id) return void (await ephemeral(respond, `:warning: ${say(msg("compose.personMessagesOnly"))}`));
      const card = await cardOf(shortcut.channel.id, m);
      if (card) {
        return void (await ephemeral(respond, `:information_source: ${say(msg("home.alreadyOnTicket", { id: card.ticketId }))}`));
      }
      const text = slackToPlain(String(m.text ?? "")).trim();
      if (!text) return void (await ephemeral(respond, `:warning: ${say(msg("compose.noTextForTicket"))}`));
      try {
        const name = await authorName(ctx, client, m.user, m);
        const ticket = await createTicket(
          deps,
          {
            subject: subjectOf(text, name, deskSpeech(ctx).say),
            text,
            requester: { surface: "slack", userId: m.user, ...(name ? { name } : {}) },
            source: "slack",
            origin: { surface: "slack", channelId: shortcut.channel.id, messageId: m.ts, threadId: String(m.thread_ts ?? m.ts) },
          },
          actor,
        );
        const who = name ? escapeText(name) : null;
        const created = msg("home.createdFromMessage", { number: ticket.number, subject: escapeText(ticket.subject), who });
        await ephemeral(respond, `:white_check_mark: ${say(created)}`);
      } catch (e) {
        await ephemeral(respond, errorText(ctx, e, slackReader(shortcut.user.id)));
      }
    },
  );

  app.shortcut<MessageShortcut>(
    { callback_id: shortcutIds.sendAsReply, type: "message_action" },
    async ({ ack, shortcut, respond, client }) => {
      await ack();
      const actor = await agentOf(shortcut, client);
      if (!actor) return void (await ephemeral(respond, refusalText(ctx, shortcut.user.id)));
      const sp = speech(ctx, shortcut.user.id);
      const { say } = sp;
      const m = shortcut.message;
      const inThread = !!m.thread_ts && m.thread_ts !== m.ts;
      const card = inThread ? await cardOf(shortcut.channel.id, m) : null;
      if (!card) return void (await ephemeral(respond, `:information_source: ${say(msg("home.sendAsReplyInThreadOnly"))}`));
      const text = slackToPlain(String(m.text ?? "")).trim();
      if (!text) return void (await ephemeral(respond, `:warning: ${say(msg("compose.noTextToSend"))}`));
      if ([...text].length > inputMax) {
        return void (await ephemeral(respond, `:warning: ${say(msg("home.tooLongToSend", { id: card.ticketId }))}`));
      }
      try {
        const { ticket } = await showTicket(deps, { ticketId: card.ticketId }, actor);
        await client.views.open({
          trigger_id: shortcut.trigger_id,
          view: sendAsReplyModal(sp, ticket, text, await replyGoesTo(ctx, sp, ticket, actor)),
        });
      } catch (e) {
        await ephemeral(respond, errorText(ctx, e, slackReader(shortcut.user.id)));
      }
    },
  );

  // Send: like the reply modal, the work is done before the ack so errors land on the field.
  app.view(sendAsReplyModalId, async ({ ack, body, view }) => {
    const done = ack as AckFn<ViewResponseAction | void>;
    const actor = await actorFor(ctx, { id: body.user.id, teamId: body.user.team_id, requestTeamId: body.team?.id });
    if (!actor) return done({ response_action: "errors", errors: { text: refusalText(ctx, body.user.id) } });
    let meta: Partial<SendAsReplyMetadata> = {};
    try {
      meta = JSON.parse(view.private_metadata || "{}") as Partial<SendAsReplyMetadata>;
    } catch {
      // Falls through to the error below.
    }
    try {
      if (!Number.isInteger(meta.ticketId)) throw new Error("send-as-reply modal without its ticket");
      await replyToTicket(deps, { ticketId: meta.ticketId!, text: inputValue(view as ViewOutput, "text") ?? "" }, actor);
      await done();
    } catch (e) {
      await done({
        response_action: "errors",
        errors: fieldErrors(
          view as ViewOutput,
          errorText(ctx, e, slackReader(body.user.id)),
          fieldErrorTexts(ctx, e, slackReader(body.user.id)),
        ),
      });
    }
  });
}
