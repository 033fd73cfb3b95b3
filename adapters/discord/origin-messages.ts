// A requester who opened a ticket from a Discord message writes again where agents' replies reach
// them: a reply to one of those answers (or to their first message), or a message in the thread
// the conversation is in. It joins the ticket as the customer's message, as an email reply would.
// @see https://discord.com/developers/docs/resources/message#message-reference-structure
import type { Message } from "discord.js";
import type { DiscordContext } from "./context.js";
import { discordRef, originRefSystem } from "./rest.js";
import { appendChatReply, messageOfExternalRef, originTicketAt } from "../../core/index.js";

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
 * Takes a message that continues a requester's conversation onto its ticket. The core keeps it
 * only from the ticket's own contact; anyone else's message is left alone (true when taken).
 */
export async function handleOriginMessage(ctx: DiscordContext, m: Message<true>): Promise<boolean> {
  const found = await conversationOf(ctx, m);
  if (!found) return false;
  const text = [m.content, ...m.attachments.map((a) => a.url)].filter(Boolean).join("\n");
  const r = await appendChatReply(ctx.deps, {
    ticketId: found.ticketId,
    surface: "discord",
    userId: m.author.id,
    text,
    externalId: discordRef(m.channelId, m.id),
    inReplyToMessageId: found.inReplyTo,
  });
  if (r && !r.duplicate) ctx.log.info("discord requester wrote again", { ticket: r.ticket.number });
  return r !== null;
}
