import { canSeeTeam, loadAgent, loadTicketFor, lockTicket, requireAgent, type AgentContext } from "../access.js";
import type { Tx } from "../db.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { messageOfRef } from "./message-refs.js";
import { invalid } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { enqueue, messagePosted, notifyAgents } from "../outbox/enqueue.js";
import { recordEvent } from "../timeline.js";
import { followersToNotify } from "./follow-ticket.js";
import { insertMessage } from "./insert-ticket.js";
import { findMentionedAgentIds } from "./mentions.js";
import { readTicketView, type TicketView } from "./view.js";

export interface CommentOnTicketInput {
  ticketId: number;
  /** The internal note. `@handle` tokens in it mention agents (see mentions.ts). */
  text: string;
  /** Agents mentioned by the adapter, from the platform's own mention syntax. */
  mentionAgentIds?: string[] | undefined;
  /**
   * Where the note was typed, when an agent wrote it in a ticket's chat thread: the surface and
   * the chat message's id, so mirroring can skip the thread it is already in.
   */
  origin?: { channel: "slack" | "discord"; ref: { system: string; externalId: string } } | undefined;
}

export interface CommentOnTicketResult {
  ticket: TicketView;
  messageId: string;
  /** The agents notified as mentioned, in the order they were mentioned. */
  mentioned: string[];
  /**
   * The chat message (`origin.ref`) was saved as a note before (an event delivered twice): nothing
   * was written this time, and `messageId` is the earlier note.
   */
  duplicate: boolean;
}

/**
 * Everyone the comment mentions, checked. An explicit id that is no active agent is refused
 * (the adapter resolved it, so it is a real mistake); a mentioned agent who cannot see the
 * ticket's team is refused by name, since a notification would show them a ticket they may not
 * see and silently dropping them would leave the author waiting for an answer.
 */
async function resolveMentions(
  tx: Tx,
  text: string,
  explicitIds: string[],
  teamId: string | null,
  author: string,
): Promise<AgentContext[]> {
  const ids = [...new Set([...explicitIds, ...(await findMentionedAgentIds(tx, text))])];
  const agents: AgentContext[] = [];
  for (const id of ids) {
    const agent = await loadAgent(tx, id);
    if (!agent) throw invalid(msg("errors.mentionUnknownAgent", { agent: id }), { mentionAgentIds: msg("fields.unknownAgent") });
    if (!canSeeTeam(agent, teamId)) {
      throw invalid(msg("errors.mentionNotInTeam", { agent: agent.name }), {
        text: msg("fields.agentNotInTicketTeam", { agent: agent.name }),
      });
    }
    // Mentioning yourself is harmless but tells nobody anything.
    if (agent.id !== author) agents.push(agent);
  }
  return agents;
}

/**
 * An agent leaves an internal note on a ticket. It is never sent to the customer (no email
 * row), only mirrored to chat; mentioned agents and followers are notified. The ticket's row lock
 * is taken before it is read (see lockTicket), so a note written during a merge waits for it and
 * is refused on the merged-away ticket instead of being stranded there. A chat message saved as a
 * note already (the same event twice, or twice at once: the MessageRef key lets one through and
 * withTx retries the other) answers `duplicate: true`.
 */
export async function commentOnTicket(deps: CoreDeps, input: CommentOnTicketInput, actor: Actor): Promise<CommentOnTicketResult> {
  const text = input.text.trim();
  if (!text) throw invalid(msg("errors.commentEmpty"), { text: msg("fields.required") });
  const at = deps.now();
  return withTx(deps, async (tx) => {
    const agent = await requireAgent(tx, actor);
    const party = { type: "agent" as const, agent };
    const origin = input.origin?.ref;
    if (origin) {
      const seen = await messageOfRef(tx, origin.system, origin.externalId);
      if (seen)
        return { ticket: await readTicketView(tx, deps.catalog, seen.ticketId), messageId: seen.messageId, mentioned: [], duplicate: true };
    }
    await lockTicket(tx, input.ticketId, at);
    const ticket = await loadTicketFor(tx, party, input.ticketId);
    const mentioned = (await resolveMentions(tx, text, input.mentionAgentIds ?? [], ticket.teamId, agent.id)).map((a) => a.id);
    // Comments are never mail: "manual" unless the adapter says which chat thread it came from.
    const message = await insertMessage(tx, at, ticket.id, {
      kind: "COMMENT",
      text,
      channel: input.origin?.channel ?? "manual",
      authorAgentId: agent.id,
      refs: origin ? [origin] : undefined,
    });
    await recordEvent(tx, at, ticket.id, party, "message.commented", { messageId: message.id, mentioned });
    // A mention is the stronger reason; nobody is told twice about the same note. A ticket filed
    // apart tells its followers nothing (a note leaves it apart); a mention is a direct ask.
    const followers = ticket.quarantined ? [] : await followersToNotify(tx, ticket, [agent.id, ...mentioned]);
    await enqueue(
      tx,
      at,
      messagePosted(ticket.id, message.id),
      ...notifyAgents(ticket.id, mentioned, "mention", message.id),
      ...notifyAgents(ticket.id, followers, "follow", message.id),
    );
    return { ticket: await readTicketView(tx, deps.catalog, ticket.id), messageId: message.id, mentioned, duplicate: false };
  });
}
