import { requireAgent, type AgentContext } from "../access.js";
import type { Catalog } from "../config.js";
import type { Queryable } from "../db.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { forbidden, invalid } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { priorities, selectTicketsWithRefs, toTicketView, withRefs, type Priority, type TicketView, type TicketWithRefs } from "./view.js";

/**
 * The queues of open tickets. `auto` holds the tickets filed apart (auto-replies and bounces that
 * matched no ticket, see quarantine.ts), which every other queue leaves out. `breaching` ("breaching
 * soon") holds the open tickets whose SLA falls due within a window from now, overdue ones included.
 */
export const queues = ["mine", "unassigned", "team", "all_open", "auto", "breaching"] as const;
export type Queue = (typeof queues)[number];

/**
 * How a queue is ordered: `created`, oldest first; `sla_due`, the tickets with a running SLA clock
 * by due time (overdue first), then those without one, oldest first.
 */
export const ticketSorts = ["created", "sla_due"] as const;
export type TicketSort = (typeof ticketSorts)[number];

export interface ListTicketsInput {
  queue: Queue;
  /** The team queue's team (default: all the actor's teams); in other queues, narrows to it. */
  teamId?: string | undefined;
  statusIds?: string[] | undefined;
  priorities?: Priority[] | undefined;
  /** Only tickets in these pipelines. */
  pipelineIds?: string[] | undefined;
  /** Narrows the team, all-open, auto and breaching queues to one owner. */
  ownerId?: string | undefined;
  /** Default `created`. The breaching queue is always in due order (`created` is refused there). */
  sort?: TicketSort | undefined;
  /** The breaching queue's window: due at most this many minutes from now (default 60). */
  dueWithinMinutes?: number | undefined;
  /** Page size: default 25, at most 100. */
  limit?: number | undefined;
  /** `nextCursor` of the previous page, listed with the same queue and sort. */
  cursor?: string | undefined;
}

export interface TicketPage {
  tickets: TicketView[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

const defaultLimit = 25;
const maxLimit = 100;
const defaultDueWithinMinutes = 60;
/** A year: far beyond any SLA target, and well inside what a Date holds. */
const maxDueWithinMinutes = 525_600;

/**
 * Where a page ends, in one of the ranges a queue is read in: `created`, ordered by (createdAt,
 * id), all of a queue in the created order and, in the sla_due order, the tickets without a due
 * time; `due`, ordered by (slaDueAt, id), the tickets with one.
 */
interface Position {
  range: "created" | "due";
  at: Date;
  id: number;
}

/** One ordered range of a queue: its key column, and which tickets it holds. */
interface Range {
  range: Position["range"];
  /** In the created range: only the tickets without a due time (the sla_due order's tail). */
  noDue?: boolean;
  /** In the due range: only the tickets due at or before this (the breaching queue). */
  dueBy?: Date;
  after: Position | null;
}

/**
 * A queue of open tickets, a page at a time, oldest first (or by SLA due time). Pages are
 * keyset-paginated on (createdAt, id), or (slaDueAt, id), so a deep page costs what the first
 * does, and tickets created or closed between pages neither repeat nor push others out of sight.
 * The where clause keeps the shape of the Ticket queue indexes: equality on open, deletedAt,
 * quarantined, teamId/ownerId, then createdAt (or, on the due-time index, slaDueAt).
 */
export async function listTickets(deps: CoreDeps, input: ListTicketsInput, actor: Actor): Promise<TicketPage> {
  const limit = pageSize(input.limit);
  const breaching = input.queue === "breaching";
  if (input.sort !== undefined && !(ticketSorts as readonly string[]).includes(input.sort))
    throw invalid(msg("lists.sortUnknown", { sort: String(input.sort) }));
  if (breaching && input.sort === "created") throw invalid(msg("lists.breachingSortedByDue"));
  const sort: TicketSort = breaching ? "sla_due" : (input.sort ?? "created");
  const after = input.cursor ? decodeCursor(input.cursor, breaching ? "breaching" : sort) : null;
  const within = dueWithin(input.dueWithinMinutes);
  checkTicketFilters(deps.catalog, input);
  if (actor.type !== "agent") throw forbidden(msg("errors.agentsOnly"));
  // The busiest read there is: one statement per team with the names joined in, rather than a
  // query per relation.
  return withTx(deps, async (tx) => {
    const agent = await requireAgent(tx, actor);
    const queue = await queueFilter(tx, agent, input);
    const read = (range: Range, take: number) => readRange(tx, queue, input, range, take);
    let rows: TicketWithRefs[];
    if (sort === "created") rows = await read({ range: "created", after }, limit + 1);
    else {
      // The sla_due order is two ranges, each keyset-paginated on its own index order: first the
      // tickets with a due time by (slaDueAt, id), then those without one by (createdAt, id). A
      // cursor says which range it stops in ("due" or "created"); a page that runs out of the
      // first range goes on at the start of the second, and a cursor in the second never reads
      // the first again. One key (slaDueAt NULLS LAST, id) would not do: among the tickets
      // without a due time the key is null, so `>` cannot say where a page ends (it would need
      // createdAt in the key, and an OR across null and non-null that no index range serves), and
      // SQLite keeps nulls first in an ascending index. The breaching queue is the first
      // range alone, up to now plus the window; as the clock moves between pages only later due
      // times come into it, which sort after the cursor. A ticket whose due time itself changes
      // between pages (a clock started, met or paused) can be shown twice or missed, as with any
      // keyset on a value that moves; the next listing has it in its place.
      const dueBy = breaching ? new Date(deps.now().getTime() + within * 60_000) : undefined;
      rows = after?.range === "created" ? [] : await read({ range: "due", dueBy, after }, limit + 1);
      if (!breaching && rows.length <= limit) {
        const tail = await read(
          { range: "created", noDue: true, after: after?.range === "created" ? after : null },
          limit + 1 - rows.length,
        );
        rows = [...rows, ...tail];
      }
    }
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      tickets: page.map((t) => toTicketView(t, deps.catalog)),
      nextCursor: rows.length > limit && last ? cursorAt(last, sort) : null,
    };
  });
}

/** Up to `take` tickets of one range of the queue, in its order. */
async function readRange(tx: Queryable, queue: QueueFilter, input: ListTicketsInput, r: Range, take: number): Promise<TicketWithRefs[]> {
  const key = r.range === "due" ? "t.slaDueAt" : "t.createdAt";
  // Several teams (or "unrestricted or mine") are read one team at a time, each an ordered
  // range of a queue index, and merged: one query with IN/OR would have to sort them all.
  const parts: TicketWithRefs[][] = [];
  for (const team of queue.teams ?? [undefined]) {
    let query = selectTicketsWithRefs(tx)
      // Tickets filed apart (see Ticket.quarantined) have their own range of every queue index.
      .where("t.open", "=", true)
      .where("t.deletedAt", "is", null)
      .where("t.quarantined", "=", input.queue === "auto")
      .where("t.mergedIntoId", "is", null);
    query = whereTicketFilters(query, queue.owner, input);
    if (r.range === "due") {
      query = query.where("t.slaDueAt", "is not", null);
      if (r.dueBy) query = query.where("t.slaDueAt", "<=", r.dueBy);
    } else if (r.noDue) query = query.where("t.slaDueAt", "is", null);
    const after = r.after;
    if (after) {
      // The redundant `>=` gives the index a range to start from; the OR alone is not one.
      query = query
        .where(key, ">=", after.at)
        .where((eb) => eb.or([eb(key, ">", after.at), eb.and([eb(key, "=", after.at), eb("t.id", ">", after.id)])]));
    }
    if (team === null) query = query.where("t.teamId", "is", null);
    else if (team !== undefined) query = query.where("t.teamId", "=", team);
    // The columns the where clause pins to one value are listed first; that changes nothing in
    // the result, but PostgreSQL does not treat `IS NULL` as pinning a column, and without them it
    // cannot read the key's order off the queue index: it would sort every open ticket for each
    // page (about 0.5 s at a million tickets instead of a few ms). The due-time index is
    // (open, deletedAt, quarantined, slaDueAt): team and owner are not in it, so listing them
    // would only stop PostgreSQL from reading its order; they are checked on the rows it reads.
    query = query.orderBy("t.deletedAt").orderBy("t.quarantined");
    if (r.range === "created") {
      if (team !== undefined) query = query.orderBy("t.teamId");
      if (queue.owner !== undefined) query = query.orderBy("t.ownerId");
    }
    // One transaction is one connection: the statements run one after another.
    parts.push((await query.orderBy(key).orderBy("t.id").limit(take).execute()).map(withRefs));
  }
  const at = r.range === "due" ? (t: TicketWithRefs) => t.slaDueAt?.getTime() ?? 0 : (t: TicketWithRefs) => t.createdAt.getTime();
  return parts
    .flat()
    .sort((x, y) => at(x) - at(y) || x.id - y.id)
    .slice(0, take);
}

export type TicketQuery = ReturnType<typeof selectTicketsWithRefs>;

/** The owner, status, priority and pipeline conditions, as a listing and a search both narrow by them. */
export function whereTicketFilters(
  query: TicketQuery,
  owner: QueueFilter["owner"],
  input: Pick<ListTicketsInput, "statusIds" | "priorities" | "pipelineIds">,
): TicketQuery {
  let q = query;
  if (owner === null) q = q.where("t.ownerId", "is", null);
  else if (owner !== undefined) q = q.where("t.ownerId", "=", owner);
  if (input.statusIds?.length) q = q.where("t.statusId", "in", input.statusIds);
  if (input.priorities?.length) q = q.where("t.priority", "in", input.priorities);
  if (input.pipelineIds?.length) q = q.where("t.pipelineId", "in", input.pipelineIds);
  return q;
}

export interface QueueFilter {
  /** The owner the queue is pinned to (null: unassigned); undefined: any owner. */
  owner: string | null | undefined;
  /** The teams to read (null: unrestricted tickets); undefined: every team, no team condition. */
  teams: (string | null)[] | undefined;
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return defaultLimit;
  if (!Number.isInteger(limit) || limit < 1) throw invalid(msg("errors.pageSizeInvalid"), { limit: msg("fields.atLeastOne") });
  return Math.min(limit, maxLimit);
}

/**
 * Refuses a priority or pipeline that does not exist, rather than listing nothing for a typo.
 * Statuses are not checked: a status id may exist in some pipelines only.
 */
export function checkTicketFilters(catalog: Catalog, input: Pick<ListTicketsInput, "priorities" | "pipelineIds">): void {
  for (const p of input.priorities ?? []) {
    if (!priorities.includes(p))
      throw invalid(msg("errors.priorityUnknown", { priority: String(p) }), { priorities: msg("fields.unknownPriority") });
  }
  for (const p of input.pipelineIds ?? []) {
    if (!catalog.pipeline(p)) throw invalid(msg("errors.pipelineUnknown", { pipeline: p }), { pipeline: msg("fields.unknownPipeline") });
  }
}

/** The queue's owner condition and the teams it covers, with the team visibility rule folded in. */
export async function queueFilter(
  q: Queryable,
  agent: AgentContext,
  input: Pick<ListTicketsInput, "queue" | "teamId" | "ownerId">,
): Promise<QueueFilter> {
  const admin = agent.role === "admin";
  let owner: QueueFilter["owner"] = input.queue === "mine" ? agent.id : input.queue === "unassigned" ? null : undefined;
  if (input.ownerId !== undefined) {
    if (input.queue === "mine" || input.queue === "unassigned") {
      throw invalid(msg("errors.queueDecidesOwner", { queue: input.queue }), { owner: msg("fields.notWithThisQueue") });
    }
    owner = input.ownerId;
  }

  if (input.teamId !== undefined) {
    if (!(await q.selectFrom("Team").select("id").where("id", "=", input.teamId).executeTakeFirst())) {
      throw invalid(msg("errors.teamUnknown", { team: input.teamId }), { team: msg("fields.unknownTeam") });
    }
    if (!admin && !agent.teamIds.includes(input.teamId)) throw forbidden(msg("errors.notInTeam", { team: input.teamId }));
    return { owner, teams: [input.teamId] };
  }
  if (input.queue === "team") {
    // An admin in no team watches every team's queue; anyone else, their own teams'.
    const teamIds =
      admin && agent.teamIds.length === 0 ? (await q.selectFrom("Team").select("id").execute()).map((t) => t.id) : agent.teamIds;
    return { owner, teams: teamIds };
  }
  if (admin) return { owner, teams: undefined };
  // A team-restricted ticket is invisible to agents outside the team, in listings too.
  return { owner, teams: [null, ...agent.teamIds] };
}

function dueWithin(minutes: number | undefined): number {
  if (minutes === undefined) return defaultDueWithinMinutes;
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > maxDueWithinMinutes) throw invalid(msg("lists.dueWithinInvalid"));
  return minutes;
}

/**
 * Opaque to callers; base64url of "<createdAt ms>.<id>" in the created order. In the sla_due order
 * the range comes first: "d<slaDueAt ms>.<id>" among the tickets with a due time,
 * "c<createdAt ms>.<id>" among those without.
 */
export function encodeCursor(createdAt: Date, id: number): string {
  return Buffer.from(`${createdAt.getTime()}.${id}`).toString("base64url");
}

function cursorAt(t: TicketWithRefs, sort: TicketSort): string {
  if (sort === "created") return encodeCursor(t.createdAt, t.id);
  const [range, at] = t.slaDueAt ? ["d", t.slaDueAt] : ["c", t.createdAt];
  return Buffer.from(`${range}${at.getTime()}.${t.id}`).toString("base64url");
}

/** A cursor of the same order, or an `invalid` refusal (one from another order included). */
function decodeCursor(cursor: string, order: TicketSort | "breaching"): Position {
  const m = /^([dc]?)(\d{1,15})\.(\d{1,10})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  const ms = Number(m?.[2]);
  const id = Number(m?.[3]);
  const range = m?.[1] === "d" ? "due" : "created";
  // Ticket ids are 32-bit: a larger one would fail in the database, not here.
  const ranges = { created: [""], sla_due: ["d", "c"], breaching: ["d"] }[order];
  if (!m || !ranges.includes(m[1] ?? "") || id > 2_147_483_647 || Number.isNaN(new Date(ms).getTime())) {
    throw invalid(msg("errors.cursorInvalid"), { cursor: msg("fields.invalidCursor") });
  }
  return { range, at: new Date(ms), id };
}
