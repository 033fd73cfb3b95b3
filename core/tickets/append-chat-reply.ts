import type { CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import type { CompanyHint } from "../chat/customer-company.js";
import { customerContact } from "../chat/customer-contact.js";
import { contactIdFor } from "../chat/identities.js";
import type { ChatSurface } from "../outbox/delivery.js";
import { appendToTicket, lockLiveTicket, type InboundResult } from "./ingest-inbound.js";
import type { NewMessageRecord } from "./insert-ticket.js";
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
  /** Files shared with the message, kept on it as an email's are. */
  attachments?: NewMessageRecord["attachments"];
  /** The chat message's own id (channel and message), the dedupe key. */
  externalId: string;
  /** The ticket's message this one answers, when the adapter knows it. */
  inReplyToMessageId?: string | null | undefined;
  /**
   * Where everyone writing is a customer (a customer channel: agents were told apart before),
   * someone not on the ticket yet is taken too and joins it as a cc contact, as a colleague cc'd
   * on an email does; what the platform tells of them. Without it, their message is not taken.
   */
  newcomer?: { name?: string | null | undefined; email?: string | null | undefined; company?: CompanyHint | null | undefined } | undefined;
}

/**
 * A requester who opened a ticket from chat writes again where the agents' replies reach them
 * (under a reply, or in the conversation's thread): the message joins the ticket as the customer's,
 * as an email reply would, moving the status on and telling the owner. Only a contact of the
 * ticket (or of a ticket merged into it) is taken, or a `newcomer`; anyone else's message is not
 * the customer's, and null is returned. The same chat message twice is stored once.
 */
export async function appendChatReply(deps: CoreDeps, input: AppendChatReplyInput): Promise<InboundResult | null> {
  const text = input.text.trim();
  if (!text && !input.attachments?.length) return null;
  return withTx(deps, async (tx) => {
    const ref = { system: input.surface, externalId: input.externalId };
    const seen = await messageOfRef(tx, ref.system, ref.externalId);
    if (seen)
      return { ticket: await readTicketView(tx, deps.catalog, seen.ticketId), messageId: seen.messageId, created: false, duplicate: true };
    const at = deps.now();
    const held = await contactIdFor(tx, input.surface, input.userId);
    const chain = await mergeChain(tx, input.ticketId);
    const linked =
      held !== null &&
      (await tx
        .selectFrom("TicketContact")
        .select("ticketId")
        .where("contactId", "=", held)
        .where("ticketId", "in", chain)
        .executeTakeFirst()) !== undefined;
    if (!linked && !input.newcomer) return null;
    // A newcomer becomes a cc contact of the ticket (appendToTicket adds whoever writes).
    const contact = {
      id:
        linked && held !== null
          ? held
          : (await customerContact(tx, { surface: input.surface, userId: input.userId, ...input.newcomer }, at)).id,
    };
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
      { channel: input.surface, from: {}, text, attachments: input.attachments },
      contact,
      [ref],
      inReplyTo?.id ?? null,
    );
    return { ticket: await readTicketView(tx, deps.catalog, target), messageId, created: false, duplicate: false };
  });
}
