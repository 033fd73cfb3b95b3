import type { AgentContext } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { forbidden, invalid } from "../errors.js";
import type { SqlTx } from "../sql.js";
import { requireAgentSql, ticketSelect, toTicketWithRefs } from "./ticket-rows-sql.js";
import { priorities, toTicketView, type Priority, type TicketView } from "./view.js";

/**
 * The queues of open tickets. `auto` holds the tickets filed apart (auto-replies and bounces that
 * matched no ticket, see quarantine.ts), which every other queue leaves out.
 */
export const queues = ["mine", "unassigned", "team", "all_open", "auto"] as const;
export type Queue = (typeof queues)[number];

export interface ListTicketsInput {
  queue: Queue;
  /** The team queue's team (default: all the actor's teams); in other queues, narrows to it. */
  teamId?: string | undefined;
  statusIds?: string[] | undefined;
  priorities?: Priority[] | undefined;
  /** Narrows the team, all-open and auto queues to one owner. */
  ownerId?: string | undefined;
  /** Page size: default 25, at most 100. */
  limit?: number | undefined;
  /** `nextCursor` of the previous page. */
  cursor?: string | undefined;
}

export interface TicketPage {
  tickets: TicketView[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

const defaultLimit = 25;
const maxLimit = 100;

/**
 * A queue of open tickets, oldest first, a page at a time. Pages are keyset-paginated on
 * (createdAt, id), so a deep page costs what the first does, and tickets created or closed
 * between pages neither repeat nor push others out of sight. The where clause keeps the shape
 * of the Ticket queue indexes: equality on open, deletedAt, quarantined, teamId/ownerId, then
 * createdAt.
 */
export async function listTickets(deps: CoreDeps, input: ListTicketsInput, actor: Actor): Promise<TicketPage> {
  const limit = pageSize(input.limit);
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  for (const p of input.priorities ?? []) {
    if (!priorities.includes(p)) throw invalid(`"${String(p)}" is not a priority.`, { priorities: "Unknown priority." });
  }
  if (actor.type !== "agent") throw forbidden("Only help desk agents can do that.");
  // The busiest read there is: one statement through the SQL port rather than an ORM query
  // per relation (see core/sql.ts for why).
  return deps.sql.transaction(async (q) => {
    const agent = await requireAgentSql(q, actor.agentId);
    const queue = await queueFilter(q, agent, input);
    // Tickets filed apart (see Ticket.quarantined) have their own range of every queue index.
    const where = [`t.open = ?`, `t."deletedAt" IS NULL`, `t.quarantined = ?`, `t."mergedIntoId" IS NULL`, ...queue.owner.where];
    const args: unknown[] = [true, input.queue === "auto", ...queue.owner.args];
    if (input.statusIds?.length) {
      where.push(`t."statusId" IN (${input.statusIds.map(() => "?").join(", ")})`);
      args.push(...input.statusIds);
    }
    if (input.priorities?.length) {
      where.push(`t.priority IN (${input.priorities.map(() => "?").join(", ")})`);
      args.push(...input.priorities);
    }
    if (after) {
      // The redundant `>=` gives the index a range to start from; the OR alone is not one.
      where.push(`t."createdAt" >= ? AND (t."createdAt" > ? OR (t."createdAt" = ? AND t.id > ?))`);
      args.push(after.createdAt, after.createdAt, after.createdAt, after.id);
    }
    // Several teams (or "unrestricted or mine") are read one team at a time, each an ordered
    // range of a queue index, and merged: one query with IN/OR would have to sort them all.
    const parts: Record<string, unknown>[][] = [];
    for (const team of queue.teams ?? [undefined]) {
      const w = [...where];
      const a = [...args];
      if (team === null) w.push(`t."teamId" IS NULL`);
      else if (team !== undefined) {
        w.push(`t."teamId" = ?`);
        a.push(team);
      }
      // One transaction is one connection: the statements run one after another.
      parts.push(await q.query(`${ticketSelect} WHERE ${w.join(" AND ")} ORDER BY ${indexOrder(team !== undefined, queue.owner.pinned)} LIMIT ?`, [...a, limit + 1]));
    }
    const rows = parts
      .flat()
      .map(toTicketWithRefs)
      .sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime() || x.id - y.id)
      .slice(0, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      tickets: page.map((t) => toTicketView(t, deps.catalog)),
      nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
    };
  });
}

interface QueueFilter {
  owner: { where: string[]; args: unknown[]; pinned: boolean };
  /** The teams to read (null: unrestricted tickets); undefined: every team, no team condition. */
  teams: (string | null)[] | undefined;
}

/**
 * Oldest first: (createdAt, id). The columns the where clause pins to one value are listed
 * first; that changes nothing in the result, but PostgreSQL does not treat `IS NULL` as pinning
 * a column, and without them it cannot read createdAt order off the queue index: it would sort
 * every open ticket for each page (about 0.5 s at a million tickets instead of a few ms).
 */
function indexOrder(teamPinned: boolean, ownerPinned: boolean): string {
  return [
    `t."deletedAt"`,
    `t.quarantined`,
    ...(teamPinned ? [`t."teamId"`] : []),
    ...(ownerPinned ? [`t."ownerId"`] : []),
    `t."createdAt"`,
    `t.id`,
  ].join(", ");
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return defaultLimit;
  if (!Number.isInteger(limit) || limit < 1) throw invalid("The page size must be a whole number of at least 1.", { limit: "At least 1." });
  return Math.min(limit, maxLimit);
}

/** The queue's owner condition and the teams it covers, with the team visibility rule folded in. */
async function queueFilter(q: SqlTx, agent: AgentContext, input: ListTicketsInput): Promise<QueueFilter> {
  const admin = agent.role === "admin";
  const owner: QueueFilter["owner"] = { where: [], args: [], pinned: false };
  if (input.queue === "mine") {
    owner.where.push(`t."ownerId" = ?`);
    owner.args.push(agent.id);
    owner.pinned = true;
  } else if (input.queue === "unassigned") {
    owner.where.push(`t."ownerId" IS NULL`);
    owner.pinned = true;
  }
  if (input.ownerId !== undefined) {
    if (input.queue === "mine" || input.queue === "unassigned") {
      throw invalid(`The ${input.queue} queue already decides the owner.`, { owner: "Not with this queue." });
    }
    owner.where.push(`t."ownerId" = ?`);
    owner.args.push(input.ownerId);
    owner.pinned = true;
  }

  if (input.teamId !== undefined) {
    if (!(await q.query(`SELECT id FROM "Team" WHERE id = ?`, [input.teamId])).length) {
      throw invalid(`There is no team "${input.teamId}".`, { team: "Unknown team." });
    }
    if (!admin && !agent.teamIds.includes(input.teamId)) throw forbidden(`You are not in team ${input.teamId}.`);
    return { owner, teams: [input.teamId] };
  }
  if (input.queue === "team") {
    // An admin in no team watches every team's queue; anyone else, their own teams'.
    const teamIds = admin && agent.teamIds.length === 0 ? (await q.query<{ id: string }>(`SELECT id FROM "Team"`)).map((t) => t.id) : agent.teamIds;
    return { owner, teams: teamIds };
  }
  if (admin) return { owner, teams: undefined };
  // A team-restricted ticket is invisible to agents outside the team, in listings too.
  return { owner, teams: [null, ...agent.teamIds] };
}

/** Opaque to callers; base64url of "<createdAt ms>.<id>". */
export function encodeCursor(createdAt: Date, id: number): string {
  return Buffer.from(`${createdAt.getTime()}.${id}`).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: number } {
  const m = /^(\d{1,15})\.(\d{1,10})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  const ms = Number(m?.[1]);
  const id = Number(m?.[2]);
  // Ticket ids are 32-bit: a larger one would fail in the database, not here.
  if (!m || id > 2_147_483_647 || Number.isNaN(new Date(ms).getTime())) {
    throw invalid("That page link is not valid; start again from the first page.", { cursor: "Not a valid cursor." });
  }
  return { createdAt: new Date(ms), id };
}
