import type { CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { contactIdFor } from "../chat/identities.js";
import type { ChatSurface } from "../outbox/delivery.js";
import { appendToTicket, lockLiveTicket, type InboundResult } from "./ingest-inbound.js";
import { mergeChain } from "./resolve-merged.js";
import { readTicketView } from "./view.js";
import { messageOfRef } from "./message-refs.js";

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
    const seen = await messageOfRef(tx, ref.system, ref.externalId);
    if (seen)
      return { ticket: await readTicketView(tx, deps.catalog, seen.ticketId), messageId: seen.messageId, created: false, duplicate: true };
    const contactId = await contactIdFor(tx, input.surface, input.userId);
    if (contactId === null) return null;
    const contact = { id: contactId };
    const chain = await mergeChain(tx, input.ticketId);
    const linked = await tx
      .selectFrom("TicketContact")
      .select("ticketId")
      .where("contactId", "=", contact.id)
      .where("ticketId", "in", chain)
      .executeTakeFirst();
    if (!linked) return null;
    const at = deps.now();
    const target = await lockLiveTicket(tx, input.ticketId, at);
    if (!target) return null;
    const inReplyTo = input.inReplyToMessageId
      ? await tx.selectFrom("Message").select("id").where("id", "=", input.inReplyToMessageId).executeTakeFirst()
      : null;
    const messageId = await appendToTicket(
      deps,
      tx,
      at,
      target,
      { channel: input.surface, from: {}, text },
      contact,
      [ref],
      inReplyTo?.id ?? null,
    );
    return { ticket: await readTicketView(tx, deps.catalog, target), messageId, created: false, duplicate: false };
  });
}
