import type { CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { lookupHash } from "../keys/lookup-hash.js";
import type { ChatSurface } from "../outbox/delivery.js";
import { appendToTicket, lockLiveTicket, type InboundResult } from "./ingest-inbound.js";
import { mergeChain } from "./resolve-merged.js";
import { readTicketView } from "./view.js";

export interface AppendChatReplyInput {
  /** The ticket the conversation belongs to, as the adapter found it (before following merges). */
  ticketId: number;
  surface: ChatSurface;
  /** The chat user who wrote. */
  userId: string;
  text: string;
  /** The chat message's own id (channel and message), the dedupe key. */
  externalId: string;
  /** The ticket's message this one answers, when the adapter knows it. */
  inReplyToMessageId?: string | null | undefined;
}

/**
 * A requester who opened a ticket from chat writes again where the agents' replies reach them
 * (under a reply, or in the conversation's thread): the message joins the ticket as the customer's,
 * as an email reply would, moving the status on and telling the owner. Only a contact of the
 * ticket (or of a ticket merged into it) is taken; anyone else's message is not the customer's,
 * and null is returned. The same chat message twice is stored once.
 */
export async function appendChatReply(deps: CoreDeps, input: AppendChatReplyInput): Promise<InboundResult | null> {
  const text = input.text.trim();
  if (!text) return null;
  return withTx(deps, async (tx) => {
    const ref = { system: input.surface, externalId: input.externalId };
    const key = { system: ref.system, externalIdHash: lookupHash(ref.externalId) };
    const seen = await tx.messageRef.findUnique({ where: { system_externalIdHash: key }, select: { messageId: true, message: { select: { ticketId: true } } } });
    if (seen) return { ticket: await readTicketView(tx, deps.catalog, seen.message.ticketId), messageId: seen.messageId, created: false, duplicate: true };
    const contact = await tx.contact.findUnique({ where: input.surface === "slack" ? { slackUserId: input.userId } : { discordUserId: input.userId }, select: { id: true } });
    if (!contact) return null;
    const linked = await tx.ticketContact.findFirst({ where: { contactId: contact.id, ticketId: { in: await mergeChain(tx, input.ticketId) } } });
    if (!linked) return null;
    const at = deps.now();
    const target = await lockLiveTicket(tx, input.ticketId, at);
    if (!target) return null;
    const inReplyTo = input.inReplyToMessageId ? await tx.message.findUnique({ where: { id: input.inReplyToMessageId }, select: { id: true } }) : null;
    const messageId = await appendToTicket(deps, tx, at, target, { channel: input.surface, from: {}, text }, contact, [ref], inReplyTo?.id ?? null);
    return { ticket: await readTicketView(tx, deps.catalog, target), messageId, created: false, duplicate: false };
  });
}
