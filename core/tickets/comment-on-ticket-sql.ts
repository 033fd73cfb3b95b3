import { canSeeTeam } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { newId } from "../ids.js";
import { messageRefKey } from "../keys/lookup-hash.js";
import { messagePosted, notifyAgents } from "../outbox/enqueue.js";
import type { SqlTx } from "../sql.js";
import { actionable, activeAgentSql, enqueueSql, followersToNotifySql, recordAgentEventSql, runFastPath, StepAside, ticketRowSql } from "./agent-action-sql.js";
import type { CommentOnTicketInput, CommentOnTicketResult } from "./comment-on-ticket.js";
import { extractHandles, matchMentions } from "./mentions.js";
import { toTicketView } from "./view.js";

/**
 * The hot path of an internal note: the same rows `commentOnTicket` writes (the COMMENT message
 * and its chat ref, updatedAt, the "commented" event, the chat mirror and the mention and follower
 * notifications) in one transaction of prepared statements. Returns null for anything but a plain
 * success (not an agent, not visible, a mention that would be refused, a transient driver error):
 * `commentOnTicket` then runs its Prisma path, which refuses with the one message for each case.
 * `text` is trimmed.
 */
export async function commentOnTicketFast(deps: CoreDeps, input: CommentOnTicketInput, text: string, actor: Actor, at: Date): Promise<CommentOnTicketResult | null> {
  if (actor.type !== "agent") return null;
  // A unique key (the chat message was saved as a note already, a retried event) also steps aside.
  return runFastPath(deps, async (q) => {
    const agent = await activeAgentSql(q, actor.agentId);
    if (!agent) return null;
    // The ticket's row lock first, as lockTicket does: on PostgreSQL a note written while the ticket
    // is being merged (or moved, or deleted) waits for that and then reads what it committed, rather
    // than landing on the merged-away ticket under a key-share lock. It also sets updatedAt.
    if ((await q.execute(`UPDATE "Ticket" SET "updatedAt" = ? WHERE id = ?`, [at, input.ticketId])) === 0) return null;
    const ticket = await ticketRowSql(q, input.ticketId);
    if (!ticket || !actionable(agent, ticket)) throw new StepAside();
    const mentioned = await mentionsSql(q, text, input.mentionAgentIds ?? [], ticket.teamId, agent.id);
    if (!mentioned) throw new StepAside();
    const messageId = newId();
    await q.execute(
      `INSERT INTO "Message" (id, "ticketId", kind, "authorAgentId", "authorContactId", text, html, channel, "inReplyToId", cc, bcc, "createdAt")
       VALUES (?, ?, 'COMMENT', ?, NULL, ?, NULL, ?, NULL, '[]', '[]', ?)`,
      [messageId, ticket.id, agent.id, text, input.origin?.channel ?? "manual", at],
    );
    if (input.origin) {
      const ref = messageRefKey(input.origin.ref.system, input.origin.ref.externalId);
      await q.execute(`INSERT INTO "MessageRef" (id, "messageId", system, "externalId", "externalIdHash") VALUES (?, ?, ?, ?, ?)`, [
        newId(), messageId, ref.system, ref.externalId, ref.externalIdHash,
      ]);
    }
    await recordAgentEventSql(q, at, ticket.id, agent.id, "message.commented", { messageId, mentioned });
    // As the Prisma path: followers of a ticket filed apart are not told, mentioned agents are.
    const followers = ticket.quarantined ? [] : await followersToNotifySql(q, ticket, [agent.id, ...mentioned]);
    await enqueueSql(q, at, [
      messagePosted(ticket.id, messageId),
      ...notifyAgents(ticket.id, mentioned, "mention", messageId),
      ...notifyAgents(ticket.id, followers, "follow", messageId),
    ]);
    return { ticket: toTicketView((await ticketRowSql(q, ticket.id))!, deps.catalog), messageId, mentioned };
  });
}

/**
 * `resolveMentions` in SQL: the agents mentioned (explicitly or by `@handle`), minus the author;
 * null when the Prisma path would refuse one (unknown, inactive, outside the ticket's team, an
 * ambiguous handle).
 */
async function mentionsSql(q: SqlTx, text: string, explicitIds: string[], teamId: string | null, author: string): Promise<string[] | null> {
  let found: string[] = [];
  if (extractHandles(text).length) {
    const agents = await q.query<{ id: string; name: string; email: string | null }>(`SELECT id, name, email FROM "Agent" WHERE active = ?`, [true]);
    try {
      found = matchMentions(text, agents);
    } catch {
      return null;
    }
  }
  const ids = [...new Set([...explicitIds, ...found])];
  const out: string[] = [];
  for (const id of ids) {
    const agent = await activeAgentSql(q, id);
    if (!agent || !canSeeTeam(agent, teamId)) return null;
    if (agent.id !== author) out.push(agent.id);
  }
  return out;
}
