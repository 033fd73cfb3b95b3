import { canSeeTeam, type AgentContext } from "../access.js";
import { newId } from "../ids.js";
import { isCardItem, type OutboxItem } from "../outbox/enqueue.js";
import type { CoreDeps } from "../deps.js";
import { asBool, isUniqueViolation, transientDriverError, type SqlTx } from "../sql.js";
import { ticketSelect, toTicketWithRefs } from "./ticket-rows-sql.js";
import type { TicketWithRefs } from "./view.js";

// The pieces the plain-SQL paths of agent actions (claim-ticket-sql.ts, comment-on-ticket-sql.ts)
// share: the same rows `requireAgent`, `loadTicketFor`, `recordEvent`, `enqueue` and
// `followersToNotify` read and write through Prisma. Each fast path returns null for anything
// but a plain success, so refusals keep their one wording in the Prisma use case.

/**
 * Thrown inside a fast path's transaction when a check made under the ticket's row lock fails
 * after something was written: the transaction rolls back and the Prisma path decides.
 */
export class StepAside extends Error {
  constructor() {
    super("the fast path steps aside");
  }
}

/**
 * Runs a fast path's one transaction. Null (so the caller runs its Prisma path, which refuses with
 * the right message and retries through `withTx`) when the body steps aside (returns null or throws
 * StepAside), hits a unique key (a retried event: the Prisma path decides), or the driver fails in a
 * way that certainly rolled the transaction back (a conflict, a deadlock, a lost connection before
 * COMMIT). A connection lost during COMMIT may have committed, so that error goes to the caller.
 */
export async function runFastPath<T>(deps: Pick<CoreDeps, "sql">, body: (q: SqlTx) => Promise<T | null>): Promise<T | null> {
  let committing = false;
  try {
    return await deps.sql.transaction(async (q) => {
      const result = await body(q);
      committing = true;
      return result;
    });
  } catch (e) {
    if (e instanceof StepAside || isUniqueViolation(e)) return null;
    const transient = transientDriverError(e);
    if (transient === "rolled_back" || (transient === "connection" && !committing)) return null;
    throw e;
  }
}

/** The active agent with its teams, or null (the Prisma path then refuses with its message). */
export async function activeAgentSql(q: SqlTx, agentId: string): Promise<AgentContext | null> {
  const rows = await q.query<{ id: string; name: string; role: string; active: unknown; teamId: string | null }>(
    `SELECT a.id, a.name, a.role, a.active, m."teamId" FROM "Agent" a LEFT JOIN "AgentTeam" m ON m."agentId" = a.id WHERE a.id = ?`,
    [agentId],
  );
  const a = rows[0];
  if (!a || !asBool(a.active)) return null;
  return { id: a.id, name: a.name, role: a.role === "admin" ? "admin" : "agent", teamIds: rows.flatMap((r) => (r.teamId ? [r.teamId] : [])) };
}

/** The ticket with what it refers to, as `readTicketView` reads it; null if there is none. */
export async function ticketRowSql(q: SqlTx, ticketId: number): Promise<TicketWithRefs | null> {
  const [row] = await q.query(`${ticketSelect} WHERE t.id = ?`, [ticketId]);
  return row ? toTicketWithRefs(row) : null;
}

/** What `loadTicketFor` lets an agent act on (visible, not deleted, not merged away). */
export function actionable(agent: AgentContext, t: TicketWithRefs): boolean {
  return canSeeTeam(agent, t.teamId) && t.deletedAt === null && t.mergedIntoId === null;
}

/** `recordEvent` for an agent, in SQL. */
export async function recordAgentEventSql(q: SqlTx, at: Date, ticketId: number, agentId: string, type: string, data: Record<string, unknown>): Promise<void> {
  await q.execute(`INSERT INTO "TimelineEvent" (id, "ticketId", "actorType", "actorId", type, data, "createdAt") VALUES (?, ?, 'agent', ?, ?, ?, ?)`, [
    newId(), ticketId, agentId, type, JSON.stringify(data), at,
  ]);
}

/** `enqueue` in SQL: one pending row per item, due now, in the order given (no card rows for a ticket filed apart). */
export async function enqueueSql(q: SqlTx, at: Date, items: OutboxItem[]): Promise<void> {
  const cardIds = [...new Set(items.filter(isCardItem).map((i) => i.payload.ticketId))];
  if (cardIds.length) {
    const rows = await q.query<{ id: number }>(`SELECT id FROM "Ticket" WHERE id IN (${cardIds.map(() => "?").join(", ")}) AND quarantined = ?`, [...cardIds, true]);
    const apart = new Set(rows.map((r) => Number(r.id)));
    if (apart.size) items = items.filter((i) => !(isCardItem(i) && apart.has(i.payload.ticketId)));
  }
  for (const i of items) {
    await q.execute(
      `INSERT INTO "Outbox" (id, "ticketId", target, topic, payload, status, attempts, "nextAttemptAt", "createdAt") VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)`,
      [newId(), i.payload.ticketId, i.target, i.topic, JSON.stringify(i.payload), at, at],
    );
  }
}

/** `followersToNotify` in SQL: active followers who can see the ticket's team, minus `exclude`, oldest first. */
export async function followersToNotifySql(q: SqlTx, ticket: { id: number; teamId: string | null }, exclude: Iterable<string>): Promise<string[]> {
  const skip = new Set(exclude);
  const rows = await q.query<{ agentId: string; name: string; role: string; active: unknown; teamId: string | null }>(
    `SELECT f."agentId", a.name, a.role, a.active, m."teamId" FROM "Follower" f JOIN "Agent" a ON a.id = f."agentId"
     LEFT JOIN "AgentTeam" m ON m."agentId" = a.id WHERE f."ticketId" = ? ORDER BY f."createdAt", f."agentId"`,
    [ticket.id],
  );
  const ids = [...new Set(rows.map((r) => r.agentId))];
  return ids.filter((id) => {
    if (skip.has(id)) return false;
    const mine = rows.filter((r) => r.agentId === id);
    const a = mine[0]!;
    const teamIds = mine.flatMap((r) => (r.teamId ? [r.teamId] : []));
    return asBool(a.active) && canSeeTeam({ id, name: a.name, role: a.role === "admin" ? "admin" : "agent", teamIds }, ticket.teamId);
  });
}
