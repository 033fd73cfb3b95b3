// A requester who opened a ticket from a Discord message writes again where agents' replies reach
// them: a reply to one of those answers (or to their first message), or a message in the thread
// the conversation is in (a support panel's private thread). It joins the ticket as the customer's
// message, as an email reply would. An agent who writes there answers the customer where they read:
// that is the agent's reply on the ticket (first response, the card's mirror), never posted again.
// @see https://discord.com/developers/docs/resources/message#message-reference-structure
import { ChannelType, Routes, type Message } from "discord.js";
import { speech, type DiscordContext } from "./context.js";
import { discordRef, originRefSystem } from "./rest.js";
import { writerActor } from "./thread-messages.js";
import {
  appendChatReply,
  firstNoticeWithin,
  isHelpdeskError,
  messageOfExternalRef,
  msg,
  originTicketAt,
  recordOriginReply,
} from "../../core/index.js";

/** The ticket (and the message of it) a requester's message answers, or null. */
async function conversationOf(ctx: DiscordContext, m: Message<true>): Promise<{ ticketId: number; inReplyTo: string | null } | null> {
  const answered = m.reference?.messageId;
  if (answered) {
    // An agent's reply as the bot posted it here, or the message the ticket was made from.
    const reply = await messageOfExternalRef(ctx.deps, originRefSystem, discordRef(m.channelId, answered));
    if (reply) return { ticketId: reply.ticketId, inReplyTo: reply.messageId };
    const origin = await originTicketAt(ctx.deps, { surface: "discord", channelId: m.channelId, messageId: answered });
    if (origin !== null) return { ticketId: origin, inReplyTo: null };
  }
  if (!m.channel.isThread()) return null;
  // In a thread the ticket was made from, the requester need not reply to anything in particular.
  const inThread = await originTicketAt(ctx.deps, { surface: "discord", channelId: m.channelId });
  return inThread !== null ? { ticketId: inThread, inReplyTo: null } : null;
}

/**
 * Takes a message that continues a requester's conversation onto its ticket: the customer's (the
 * core keeps it only from the ticket's own contact) or an agent's, as their reply. Anyone else's
 * message is left alone (true when taken).
 */
export async function handleOriginMessage(ctx: DiscordContext, m: Message<true>): Promise<boolean> {
  const found = await conversationOf(ctx, m);
  if (!found) return false;
  const text = [m.content, ...m.attachments.map((a) => a.url)].filter(Boolean).join("\n");
  const externalId = discordRef(m.channelId, m.id);
  const r = await appendChatReply(ctx.deps, {
    ticketId: found.ticketId,
    surface: "discord",
    userId: m.author.id,
    text,
    externalId,
    inReplyToMessageId: found.inReplyTo,
  }).catch(async (e: unknown) => {
    // Logged by the caller; the customer, who sees their message posted, learns it was not kept.
    if (!isHelpdeskError(e)) await answerUnder(ctx, m, "panel.notSaved");
    throw e;
  });
  if (r && !r.duplicate) ctx.log.info("discord requester wrote again", { ticket: r.ticket.number });
  if (r) return true;
  if (await agentReply(ctx, m, found.ticketId, text, externalId)) return true;
  // In a panel ticket's private thread, whoever writes expects the ticket to read it: when it
  // cannot (the ticket was deleted, its requester changed), they are told so, once a month.
  if (
    m.channel.type === ChannelType.PrivateThread &&
    (await firstNoticeWithin(ctx.deps, `discord:not-taken:${m.channelId}:${m.author.id}`, noticeKeepMs))
  )
    await answerUnder(ctx, m, "panel.notTaken");
  return false;
}

/** How long a "your messages here reach no ticket" notice keeps its writer from being told again. */
const noticeKeepMs = 30 * 24 * 3600_000;

/** A short answer under the writer's message, pinging nobody (not even them); best effort. */
async function answerUnder(ctx: DiscordContext, m: Message<true>, key: "panel.notSaved" | "panel.notTaken"): Promise<void> {
  const body = {
    content: `⚠️ ${speech(ctx, m).say(msg(key))}`,
    message_reference: { message_id: m.id, fail_if_not_exists: false },
    allowed_mentions: { parse: [], replied_user: false },
  };
  await m.client.rest
    .post(Routes.channelMessages(m.channelId), { body })
    .catch((e: unknown) => ctx.log.warn("discord: notice under a customer's message not posted", { err: String(e) }));
}

/** An agent's message in the customer's conversation, recorded as their reply; false only when the writer is no agent (refused, it is logged). */
async function agentReply(ctx: DiscordContext, m: Message<true>, ticketId: number, text: string, externalId: string): Promise<boolean> {
  const actor = await writerActor(ctx, m);
  if (!actor) return false;
  try {
    const r = await recordOriginReply(ctx.deps, { ticketId, surface: "discord", text, externalId }, actor);
    if (r && !r.duplicate) ctx.log.info("discord agent answered in the customer's conversation", { ticket: r.ticket.number });
    else if (!r) ctx.log.warn("discord agent's message in a customer's conversation not recorded: no live ticket", { ticketId });
  } catch (e) {
    if (!isHelpdeskError(e)) throw e;
    ctx.log.warn("discord agent's message in a customer's conversation not recorded", { ticketId, err: e.message });
  }
  // An agent's message is never answered where the customer reads (no "reaches no ticket" notice
  // under it): recorded or not, it stays there as the agent wrote it.
  return true;
}
