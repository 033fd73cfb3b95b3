// The tickets behind a figure (the dashboard's drill-down and its CSV), with the same visibility
// and filters as readKpis, a page at a time in the order of the figure's time column. Pages are
// keyset-paginated on (time, ticket number), so a deep page reads what the first one does.
import { PostgresAdapter, sql } from "kysely";
import type { Queryable } from "../db.js";
import type { Actor, CoreDeps } from "../deps.js";
import { kpiScope, periodTickets, type KpiScope, type PeriodColumn } from "./kpi-scope.js";
import type { KpiFigureName, KpiFilter, KpiTicketPage, KpiTicketRow } from "./kpi-types.js";
import {
  afterInPeriodIndex,
  afterPosition,
  decodePosition,
  encodePosition,
  fromPosition,
  untilInPeriodIndex,
  untilPosition,
  type Between,
  type Position,
} from "./kpi-positions.js";
import { learnNames, toRow, type Names } from "./kpi-ticket-names.js";
import { slaClocksInPeriod } from "./sla-clocks-in-period.js";

const defaultLimit = 50;
/** The most tickets a read gives. */
export const maxLimit = 2_000;

/** Each ticket figure's time column, and what else its tickets have. */
const figures: Record<Exclude<KpiFigureName, "sla_missed">, { column: PeriodColumn; having?: "unresolved" | PresentColumn }> = {
  created: { column: "t.createdAt" },
  resolved: { column: "t.resolvedAt" },
  unresolved: { column: "t.createdAt", having: "unresolved" },
  first_response: { column: "t.firstResponseAt", having: "t.firstResponseSec" },
  resolution: { column: "t.resolvedAt", having: "t.resolutionSec" },
  csat: { column: "t.csatAt", having: "t.csatScore" },
};
type PresentColumn = "t.firstResponseSec" | "t.resolutionSec" | "t.csatScore";

export async function kpiTickets(
  deps: CoreDeps,
  actor: Actor,
  filter: KpiFilter,
  page: { figure: KpiFigureName; limit?: number | undefined; after?: string | null | undefined },
): Promise<KpiTicketPage> {
  const limit = Math.min(Math.max(1, Math.floor(page.limit ?? defaultLimit)), maxLimit);
  const after = page.after ? decodePosition(page.after) : null;
  const reader = await kpiTicketReader(deps, actor, filter, page.figure);
  const read = await reader.read(after, limit);
  return { rows: await reader.shown(read.rows), next: read.next && encodePosition(read.next) };
}

/** A figure's tickets as read, before they are shown (names looked up, statuses named). */
export interface KpiTicketRead {
  rows: ReadRow[];
  /** Where the next page starts; null: this was the last. */
  next: Position | null;
}

export interface KpiTicketReader {
  /**
   * Up to `limit` (at most 2,000) tickets after the position, in the figure's order; with `until`,
   * none past that position (`next` is then null once the read has reached it).
   */
  read(after: Position | null, limit: number, until?: Position): Promise<KpiTicketRead>;
  /**
   * Where each full `chunk` of the list's first `max` tickets ends (its last ticket), for reading
   * the chunks side by side (the rest is read on from the last end); null where they are read one
   * after the other: on SQLite, and for the SLA-missed list (a ticket may be listed there twice,
   * once per target, and is shown once).
   */
  chunkEnds(chunk: number, max: number): Promise<Position[] | null>;
  /**
   * The list's first `limit` tickets read by one statement, `chunk` at a time as the database reads
   * them (SQLite's rows); null where they are read a chunk at a time instead: where the reports do
   * not stream (CoreDeps.reportStreams) or are PostgreSQL's, and for the SLA-missed list.
   */
  streamed(limit: number, chunk: number): AsyncIterable<ReadRow[]> | null;
  /** The tickets as the reader sees them; owners' and teams' names are looked up once per reader. */
  shown(rows: ReadRow[]): Promise<KpiTicketRow[]>;
}

/**
 * The reader's view of one figure's tickets, checked once (kpiScope), for reading them page after
 * page: the CSV export reads the next pages while the caller writes this one.
 */
export async function kpiTicketReader(deps: CoreDeps, actor: Actor, filter: KpiFilter, figure: KpiFigureName): Promise<KpiTicketReader> {
  const q: Queryable = deps.reports ?? deps.db;
  const scope = await kpiScope(q, deps, actor, filter);
  const names: Names = { agents: new Map(), teams: new Map() };
  const onPostgres = q.getExecutor().adapter instanceof PostgresAdapter;
  return {
    async read(after, limit, until) {
      const want = Math.min(Math.max(1, Math.floor(limit)), maxLimit);
      // One ticket more than wanted says whether any follows. A ticket that missed two targets at
      // the same instant is listed once (the other figures list a ticket once by their nature): a
      // read that its duplicates left without that one more, though it filled, reads again with
      // as many more rows as they took.
      for (let take = want + 1; ;) {
        const rows =
          figure === "sla_missed"
            ? await slaMissed(q, scope, after, take, until)
            : await ticketFigure(q, scope, figure, { after, until }, take);
        const once =
          figure === "sla_missed"
            ? rows.filter((r, i) => i === 0 || r.id !== rows[i - 1]?.id || r.at.getTime() !== rows[i - 1]?.at.getTime())
            : rows;
        if (once.length > want || rows.length < take) {
          const shown = once.slice(0, want);
          const last = shown[shown.length - 1];
          return { rows: shown, next: once.length > want && last ? { at: last.at, id: last.id } : null };
        }
        take += take - once.length;
      }
    },
    // On PostgreSQL only. SQLite's numbering cost this process more than the reads side by side
    // saved: its reads already run on the report workers, and the caller's own work on the rows
    // is what an export waits for (measured alternately in one process at a million tickets).
    chunkEnds: (chunk, max) => (figure === "sla_missed" || !onPostgres ? Promise.resolve(null) : chunkEnds(q, scope, figure, chunk, max)),
    // The report pool's worker reads the list through and posts each chunk as it is read, so no
    // read waits for this thread to ask for it: the CSV export's p50 went from 104 to 91 ms and
    // from 112 to 97 ms, p99 167 to 139 and 162 to 153 ms (two runs, each alternating the two ways
    // in one process at a million tickets, 20,000 rows).
    streamed: (limit, chunk) =>
      deps.reports && deps.reportStreams && figure !== "sla_missed" && !onPostgres ? streamedFigure(q, scope, figure, limit, chunk) : null,
    async shown(rows) {
      await learnNames(q, rows, deps, scope.formats, names);
      return rows.map((r) => toRow(r, deps, scope.formats, names));
    },
  };
}

/**
 * The tickets of a figure: in its period (or `range`, a part of it), with what its time column
 * alone does not say (nothing selected yet).
 */
function figureTickets(q: Queryable, scope: KpiScope, figure: keyof typeof figures, range: { from: Date; to: Date } = scope.filter) {
  const { column, having } = figures[figure];
  let query = periodTickets(q, scope, column, range);
  // As in ticketConditions: no index on resolvedAt is to serve "unresolved" (most open tickets).
  if (having === "unresolved") query = query.where((eb) => eb.not(eb("t.resolvedAt", "is not", null)));
  else if (having) query = query.where(having, "is not", null);
  return query;
}

/** The figure's tickets between two positions, in its order, `take` at most (nothing selected yet). */
function figureList(q: Queryable, scope: KpiScope, figure: keyof typeof figures, between: Between, take: number) {
  const { column } = figures[figure];
  const { after, until } = between;
  let listed = figureTickets(q, scope, figure, fromPosition(scope, between));
  if (after) listed = listed.where(afterInPeriodIndex(column, after));
  if (until) listed = listed.where(untilInPeriodIndex(column, until));
  return listed.orderBy(column).orderBy("t.id").limit(take);
}

/** A list's rows as SQLite reads them: the columns shown, and the figure's time (`at`) where it is not createdAt. */
function sqliteSelection(listed: ReturnType<typeof figureList>, figure: keyof typeof figures) {
  const { column } = figures[figure];
  // The created figure's time is createdAt, already among the columns: not sent and parsed twice.
  const at = column === "t.createdAt" ? sql<Date | null>`null` : sql<Date | null>`${sql.ref(column)}`;
  return listed.select(shownColumns).select(at.as("at"));
}

type SqliteRow = Awaited<ReturnType<ReturnType<typeof sqliteSelection>["execute"]>>[number];
type Row = Omit<SqliteRow, "at"> & { at: Date };

/** Each row's `at` filled in where SQLite left it to createdAt. */
function withTimes(rows: SqliteRow[]): Row[] {
  // In place: a CSV reads thousands of rows, and a copy of each is as much garbage again.
  for (const r of rows) r.at ??= r.createdAt;
  return rows as Row[];
}

async function ticketFigure(q: Queryable, scope: KpiScope, figure: keyof typeof figures, between: Between, take: number): Promise<Row[]> {
  const { column } = figures[figure];
  const listed = figureList(q, scope, figure, between, take);
  if (q.getExecutor().adapter instanceof PostgresAdapter) {
    // The page as one JSON array of rows, each a JSON array: the driver decodes one value instead
    // of thirteen a row (half the client's time on a CSV's 2,000-row reads), and one message
    // instead of a message a row (a third less of this process's CPU for a CSV, measured
    // alternately in one process). Times come as epoch milliseconds: numbers, where reading them
    // as text cost about a tenth of the client's time more.
    // Rounded: before PostgreSQL 14 `extract` gives a double, whose thousandfold can fall short
    // of the whole millisecond (a position a millisecond early would list its ticket again).
    const epochMs = (c: PeriodColumn) => sql`round(extract(epoch from ${sql.ref(c)}) * 1000)::float8`;
    const values = [
      ...shownColumns.map((c) => (c === "t.createdAt" ? epochMs(c) : sql.ref(c))),
      column === "t.createdAt" ? sql`null` : epochMs(column),
    ];
    // Put in order by the aggregate itself: a subquery's order is not promised to carry into one.
    const each = listed.select([sql<unknown[]>`json_build_array(${sql.join(values)})`.as("r"), sql.ref(column).as("k"), "t.id as i"]);
    const page = await q
      .selectFrom(each.as("s"))
      .select(sql<unknown[][] | null>`json_agg(${sql.ref("s.r")} order by ${sql.ref("s.k")}, ${sql.ref("s.i")})`.as("rows"))
      .executeTakeFirst();
    const utc = (v: unknown) => (typeof v === "number" ? new Date(v) : null);
    // Each value's place in a row, from shownColumns' order (looked up once a read, not per row).
    const { id, subject, pipelineId, statusId, priority, teamId, ownerId, source, createdAt, firstResponseSec, resolutionSec, csatScore } =
      placeInRow;
    return (page?.rows ?? []).map((r): Row => {
      const created = utc(r[createdAt])!;
      return {
        id: r[id] as number,
        subject: r[subject] as string,
        pipelineId: r[pipelineId] as string,
        statusId: r[statusId] as string,
        priority: r[priority] as Row["priority"],
        teamId: r[teamId] as string | null,
        ownerId: r[ownerId] as string | null,
        source: r[source] as string,
        createdAt: created,
        firstResponseSec: r[firstResponseSec] as number | null,
        resolutionSec: r[resolutionSec] as number | null,
        csatScore: r[csatScore] as number | null,
        at: utc(r[shownColumns.length]) ?? created,
      };
    });
  }
  return withTimes(await sqliteSelection(listed, figure).execute());
}

/**
 * The figure's first `limit` tickets by one statement, its rows `chunk` at a time as the report
 * connection reads them (SQLite's report pool).
 */
async function* streamedFigure(q: Queryable, scope: KpiScope, figure: keyof typeof figures, limit: number, chunk: number) {
  const query = sqliteSelection(figureList(q, scope, figure, { after: null }, limit), figure).compile();
  for await (const result of q.getExecutor().stream(query, chunk)) yield withTimes(result.rows);
}

/**
 * The positions that end each full `chunk` of the figure's first `max` tickets, numbered by the
 * database over the list's first `max` entries of the period index, of which only the ends come
 * back. A last part shorter than a chunk has no end here: the export reads on past the last end
 * (giving that end too took a count over the whole list: the statement took 30–45 ms at 20,000
 * entries against 8–12 ms without, timed alternately).
 */
async function chunkEnds(q: Queryable, scope: KpiScope, figure: keyof typeof figures, chunk: number, max: number): Promise<Position[]> {
  const { column } = figures[figure];
  const first = figureTickets(q, scope, figure)
    .select([sql<Date>`${sql.ref(column)}`.as("at"), "t.id as id"])
    .orderBy(column)
    .orderBy("t.id")
    .limit(max);
  const ranked = q
    .selectFrom(first.as("f"))
    .select(["f.at", "f.id", sql<number>`row_number() over (order by ${sql.ref("f.at")}, ${sql.ref("f.id")})`.as("n")]);
  const rows = await q
    .selectFrom(ranked.as("r"))
    .select(["r.at", "r.id"])
    .where(sql`${sql.ref("r.n")} % ${chunk}`, "=", 0)
    .orderBy("r.n")
    .execute();
  // PostgreSQL's driver gives a timestamp as a Date, read as UTC (bot/db/postgres-pool.ts).
  return rows.map((r) => ({ at: r.at, id: Number(r.id) }));
}

/**
 * The tickets of the SLA targets missed (slaClocksInPeriod): met late, listed at metAt, and never
 * met, at breachedAt; each read in its own index's order, then merged.
 */
async function slaMissed(q: Queryable, scope: KpiScope, after: Position | null, take: number, until: Position | undefined) {
  const clocks = slaClocksInPeriod(q, scope, fromPosition(scope, { after, until }));
  const shown = <Q extends typeof clocks.met>(query: Q, at: "c.metAt" | "c.breachedAt") => {
    let read = query.innerJoin("Ticket as t", "t.id", "c.ticketId").select(shownColumns).select(`${at} as at`);
    if (after) read = read.where(afterPosition(at, "c.ticketId", after));
    if (until) read = read.where(untilPosition(at, "c.ticketId", until));
    return read.orderBy(at).orderBy("c.ticketId").limit(take).execute();
  };
  const late = await shown(clocks.met.where("c.breachedAt", "is not", null), "c.metAt");
  const never = await shown(clocks.unmet, "c.breachedAt");
  return [...late, ...never]
    .map((r) => ({ ...r, at: r.at ?? r.createdAt }))
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id)
    .slice(0, take);
}

/**
 * The ticket's columns a row shows. Owners' and teams' names are looked up once per page
 * (`names`), not joined per row: a page holds a few of them, and a CSV thousands of rows.
 */
const shownColumns = [
  "t.id",
  "t.subject",
  "t.pipelineId",
  "t.statusId",
  "t.priority",
  "t.teamId",
  "t.ownerId",
  "t.source",
  "t.createdAt",
  "t.firstResponseSec",
  "t.resolutionSec",
  "t.csatScore",
] as const;

type ShownName = (typeof shownColumns)[number] extends `t.${infer N}` ? N : never;
/** Where each shown column sits in a PostgreSQL row's JSON array (shownColumns' order; the figure's time after them). */
const placeInRow = Object.fromEntries(shownColumns.map((c, i) => [c.slice("t.".length), i])) as Record<ShownName, number>;

/** A ticket as read, before it is shown. */
export type ReadRow = Awaited<ReturnType<typeof ticketFigure>>[number];
