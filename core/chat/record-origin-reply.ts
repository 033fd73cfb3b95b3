// An agent who answers a customer straight in the customer's own chat thread (not from the card)
// has replied: the customer read it where they wrote. The message is recorded on the ticket as the
// agent's reply, with the first-response time and everything a reply sets off (timeline, workflows,
// followers, the card thread's mirror), but it is never sent: it is already where the customer is.
import { loadTicketFor, requireAgent, type ActingParty } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import type { ChatSurface } from "../outbox/delivery.js";
import { lockLiveTicket } from "../tickets/ingest-inbound.js";
import { messageOfRef } from "../tickets/message-refs.js";
import { findAnsweredMessage, recordAgentReply } from "../tickets/record-agent-reply.js";
import { readTicketView, type TicketView } from "../tickets/view.js";

export interface RecordOriginReplyInput {
  /** The ticket whose origin thread the agent wrote in, as the adapter found it (merges are followed). */
  ticketId: number;
  surface: ChatSurface;
  text: string;
  /** The chat message's own id (channel and message): the dedupe key, and what keeps it from being mirrored back there. */
  externalId: string;
}

export interface RecordOriginReplyResult {
  ticket: TicketView;
  messageId: string;
  /** The same chat message was recorded already (an event that came twice). */
  duplicate: boolean;
}

/**
 * Records what an agent wrote in a ticket's origin conversation as their reply; null when the
 * ticket is gone. An agent who may not see the ticket is refused like any action on it.
 */
export async function recordOriginReply(
  deps: CoreDeps,
  input: RecordOriginReplyInput,
  actor: Actor,
): Promise<RecordOriginReplyResult | null> {
  const text = input.text.trim();
  if (!text) return null;
  const ref = { system: input.surface, externalId: input.externalId };
  return withTx(deps, async (tx) => {
    const seen = await messageOfRef(tx, ref.system, ref.externalId);
    if (seen) return { ticket: await readTicketView(tx, deps.catalog, seen.ticketId), messageId: seen.messageId, duplicate: true };
    const agent = await requireAgent(tx, actor);
    const party: ActingParty = { type: "agent", agent };
    const at = deps.now();
    const live = await lockLiveTicket(tx, input.ticketId, at);
    if (live === null) return null;
    const ticket = await loadTicketFor(tx, party, live);
    const inReplyToId = await findAnsweredMessage(tx, ticket.id, undefined);
    // No delivery: the customer has read it already, where it was written.
    const { messageId } = await recordAgentReply(
      deps,
      { tx, at, agent, party, ticket },
      { text, channel: input.surface, inReplyToId, refs: [ref] },
    );
    return { ticket: await readTicketView(tx, deps.catalog, ticket.id), messageId, duplicate: false };
  });
}
