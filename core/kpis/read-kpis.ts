// The KPIs of a period as a reader may see them: volume, resolution rate, first response and
// resolution times (calendar and business hours), CSAT and SLA met %. Every figure is aggregated
// by the database over one range of a period index (created, first answered, resolved, rated,
// surveyed, SLA target ended), so a read costs what the period holds, not what the table holds.
import { PostgresAdapter, sql, type AliasedRawBuilder } from "kysely";
import type { Queryable } from "../db.js";
import type { Actor, CoreDeps } from "../deps.js";
import { localDays, type LocalDays } from "./kpi-days.js";
import { durationAggregates, durationPair, type SecondsColumn } from "./kpi-durations.js";
import { kpiScope, periodTickets, ticketConditions, type KpiScope, type PeriodColumn } from "./kpi-scope.js";
import type { Durations, KpiFigures, KpiFilter } from "./kpi-types.js";
import { slaClocksInPeriod } from "./sla-clocks-in-period.js";

export async function readKpis(deps: CoreDeps, actor: Actor, filter: KpiFilter): Promise<KpiFigures> {
  // Plain statements rather than a transaction: a long read holds no write lock and the figures
  // are a moment's picture anyway.
  const q: Queryable = deps.reports ?? deps.db;
  const scope = await kpiScope(q, deps, actor, filter);
  const days = localDays(filter.from, filter.to, scope.formats.timeZone);
  // Independent reads, side by side: on PostgreSQL each takes a connection of the pool, on SQLite
  // a worker of the report pool (without one, the service's connection runs them in turn). The
  // two distributions, the longest, go first, so that they do not end up on the same worker.
  const [answeredRow, resolutionRow, created, resolvedOn, csatFigures, sla] = await Promise.all([
    distributions(q, scope, "t.firstResponseAt", "t.firstResponseSec", "t.firstResponseBizSec"),
    distributions(q, scope, "t.resolvedAt", "t.resolutionSec", "t.resolutionBizSec"),
    createdByDay(q, scope, days),
    resolvedByDay(q, scope, days),
    csat(q, scope),
    slaMet(q, scope),
  ]);
  const answered = durationPair(answeredRow);
  const resolution = durationPair(resolutionRow);
  const createdOn = new Map(created.map((d) => [d.day, d.n]));
  const createdCount = created.reduce((s, d) => s + d.n, 0);
  const resolvedNow = created.reduce((s, d) => s + d.resolvedNow, 0);
  const resolvedCount = [...resolvedOn.values()].reduce((s, n) => s + n, 0);
  return {
    filter,
    targets: deps.catalog.config.kpiTargets,
    created: createdCount,
    resolved: resolvedCount,
    resolutionRate: createdCount ? resolvedNow / createdCount : null,
    firstResponse: answered.cal,
    resolution: resolution.cal,
    firstResponseBusiness: business(answered.biz),
    resolutionBusiness: business(resolution.biz),
    csat: csatFigures,
    sla,
    volume: days.days.map((day, i) => ({
      day,
      created: createdOn.get(i) ?? 0,
      resolved: resolvedOn.get(i) ?? 0,
    })),
  };
}

/** A business-hours distribution, or null when no ticket in it has a value (no calendar applied). */
function business(d: Durations): Durations | null {
  return d.count ? d : null;
}

/**
 * `selections` over the tickets in scope whose `column` falls on each local day of the period, a
 * row per day with its index as `day` (days without tickets may have no row, or a row of zeros).
 *
 * Each day is a range of the period's index of its own, so no row is compared with the day bounds
 * to be grouped. On SQLite, one branch per day in a union. PostgreSQL would plan such a union anew
 * for each period length (its text changes with the number of days), 10–20 ms of planning at 90
 * days: there the days are one array of bounds, each day's range read by a lateral subquery, one
 * statement text whatever the period. (Reading the period's range once and finding each row's day
 * with `width_bucket` cost nearly twice as much at 90 days: 36–48 against 21 ms.)
 */
async function byDay(
  q: Queryable,
  scope: KpiScope,
  days: LocalDays,
  column: PeriodColumn,
  selections: AliasedRawBuilder<unknown, string>[],
) {
  const { from, to } = scope.filter;
  const ranges = days.days.flatMap((_, i) => {
    const range = { day: i, from: maxDate(days.bounds[i]!, from), to: minDate(days.bounds[i + 1]!, to) };
    return range.from < range.to ? [range] : [];
  });
  if (!ranges.length) return [];
  if (q.getExecutor().adapter instanceof PostgresAdapter) {
    const counted = q
      .selectFrom("Ticket as t")
      .where(column, ">=", sql.ref<Date>("d.from"))
      .where(column, "<", sql.ref<Date>("d.to"))
      .where(ticketConditions(scope))
      .select(selections);
    const stamps = (xs: Date[]) => xs.map((d) => d.toISOString());
    const rows = await sql<
      Record<string, unknown>
    >`select ${sql.ref("d.day")}, ${sql.ref("c")}.* from unnest(${ranges.map((r) => r.day)}::int[], ${stamps(ranges.map((r) => r.from))}::timestamp[], ${stamps(ranges.map((r) => r.to))}::timestamp[]) as d("day", "from", "to") cross join lateral ${counted} as c`.execute(
      q,
    );
    return rows.rows;
  }
  const branches = ranges.map((range) =>
    periodTickets(q, scope, column, range).select([sql<number>`${sql.lit(range.day)}`.as("day"), ...selections]),
  );
  const rows = await branches.reduce((all, branch) => all.unionAll(branch)).execute();
  return rows as Record<string, unknown>[];
}

const maxDate = (a: Date, b: Date) => (a > b ? a : b);
const minDate = (a: Date, b: Date) => (a < b ? a : b);

/** Tickets created per local day, and how many of them are resolved by now. */
async function createdByDay(q: Queryable, scope: KpiScope, days: LocalDays) {
  const rows = await byDay(q, scope, days, "t.createdAt", [
    sql<number>`count(*)`.as("n"),
    sql<number>`count(${sql.ref("t.resolvedAt")})`.as("resolvedNow"),
  ]);
  return rows.map((r) => ({ day: Number(r.day), n: Number(r.n), resolvedNow: Number(r.resolvedNow) }));
}

/** Tickets resolved per local day, by day index. */
async function resolvedByDay(q: Queryable, scope: KpiScope, days: LocalDays): Promise<Map<number, number>> {
  const rows = await byDay(q, scope, days, "t.resolvedAt", [sql<number>`count(*)`.as("n")]);
  return new Map(rows.map((r) => [Number(r.day), Number(r.n)]));
}

/**
 * The distributions of a seconds column and its business-hours pair over the tickets whose
 * `period` column falls in the period (first answered, or resolved): one pass over its index.
 */
async function distributions(
  q: Queryable,
  scope: KpiScope,
  period: "t.firstResponseAt" | "t.resolvedAt",
  calendar: SecondsColumn,
  businessHours: SecondsColumn,
): Promise<Record<string, unknown> | undefined> {
  return (await periodTickets(q, scope, period)
    .select(durationAggregates(q, calendar, businessHours))
    .executeTakeFirst()) as Record<string, unknown> | undefined;
}

/** Ratings given in the period (the ticket's latest), and of the surveys sent in it, how many were answered. */
async function csat(q: Queryable, scope: KpiScope): Promise<KpiFigures["csat"]> {
  const score = sql.ref("t.csatScore");
  const rated = await periodTickets(q, scope, "t.csatAt")
    .where("t.csatScore", "is not", null)
    .select([
      sql<number>`count(*)`.as("n"),
      sql<number>`coalesce(sum(${score}), 0)`.as("total"),
      ...[1, 2, 3, 4, 5].map((k) => sql<number>`count(*) filter (where ${score} = ${sql.lit(k)})`.as(`s${k}`)),
    ])
    .executeTakeFirst();
  // A ticket gets one survey at most, and only its answer sets csatAt.
  const sent = await periodTickets(q, scope, "t.csatSentAt")
    .select([sql<number>`count(*)`.as("n"), sql<number>`count(${sql.ref("t.csatAt")})`.as("answered")])
    .executeTakeFirst();
  const r = (rated ?? {}) as Record<string, unknown>;
  const responses = Number(r.n ?? 0);
  const surveys = Number(sent?.n ?? 0);
  const scores = [1, 2, 3, 4, 5].map((k) => Number(r[`s${k}`] ?? 0)) as [number, number, number, number, number];
  return {
    responses,
    surveys,
    mean: responses ? Number(r.total ?? 0) / responses : null,
    responseRate: surveys ? Number(sent?.answered ?? 0) / surveys : null,
    scores,
  };
}

/** SLA targets that ended in the period (slaClocksInPeriod): met in time, or missed (met late or never). */
async function slaMet(q: Queryable, scope: KpiScope): Promise<KpiFigures["sla"]> {
  const clocks = slaClocksInPeriod(q, scope);
  const met = await clocks.met
    .select([sql<number>`count(*)`.as("n"), sql<number>`count(${sql.ref("c.breachedAt")})`.as("late")])
    .executeTakeFirst();
  const unmet = await clocks.unmet.select(sql<number>`count(*)`.as("n")).executeTakeFirst();
  const inTime = Number(met?.n ?? 0) - Number(met?.late ?? 0);
  const missed = Number(met?.late ?? 0) + Number(unmet?.n ?? 0);
  return { met: inTime, missed, rate: inTime + missed ? inTime / (inTime + missed) : null };
}
