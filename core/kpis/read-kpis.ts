// The KPIs of a period as a reader may see them: volume, resolution rate, first response and
// resolution times (calendar and business hours), CSAT and SLA met %. Every figure is aggregated
// by the database over one range of a period index (created, first answered, resolved, rated,
// surveyed, SLA target ended), so a read costs what the period holds, not what the table holds.
import { sql } from "kysely";
import type { Queryable } from "../db.js";
import type { Actor, CoreDeps } from "../deps.js";
import { dayIndex, localDays, type LocalDays } from "./kpi-days.js";
import { addSums, durationAggregates, durations, noSums, type DurationSums } from "./kpi-durations.js";
import { kpiScope, periodTickets, ticketConditions, type KpiScope } from "./kpi-scope.js";
import type { Durations, KpiFigures, KpiFilter } from "./kpi-types.js";
import { slaClocksInPeriod } from "./sla-clocks-in-period.js";

export async function readKpis(deps: CoreDeps, actor: Actor, filter: KpiFilter): Promise<KpiFigures> {
  // Plain statements rather than a transaction: a long read holds no write lock (SQLite has one
  // connection) and the figures are a moment's picture anyway.
  const q: Queryable = deps.db;
  const scope = await kpiScope(q, deps, actor, filter);
  const days = localDays(filter.from, filter.to, scope.formats.timeZone);
  const created = await createdByDay(q, scope, days);
  const resolved = await resolvedByDay(q, scope, days);
  const answered = await firstResponses(q, scope);
  const resolvedBase = periodTickets(q, scope, "t.resolvedAt");
  const answeredBase = periodTickets(q, scope, "t.firstResponseAt");
  const createdOn = new Map(created.map((d) => [d.day, d.n]));
  const createdCount = created.reduce((s, d) => s + d.n, 0);
  const resolvedNow = created.reduce((s, d) => s + d.resolvedNow, 0);
  return {
    filter,
    targets: deps.catalog.config.kpiTargets,
    created: createdCount,
    resolved: resolved.count,
    resolutionRate: createdCount ? resolvedNow / createdCount : null,
    firstResponse: await durations(q, answeredBase, "t.firstResponseSec", answered.calendar),
    resolution: await durations(q, resolvedBase, "t.resolutionSec", resolved.calendar),
    firstResponseBusiness: await business(() => durations(q, answeredBase, "t.firstResponseBizSec", answered.business)),
    resolutionBusiness: await business(() => durations(q, resolvedBase, "t.resolutionBizSec", resolved.business)),
    csat: await csat(q, scope),
    sla: await slaMet(q, scope),
    volume: days.days.map((day, i) => ({
      day,
      created: createdOn.get(i) ?? 0,
      resolved: resolved.byDay.get(i) ?? 0,
    })),
  };
}

/** A business-hours distribution, or null when no ticket in it has a value (no calendar applied). */
async function business(read: () => Promise<Durations>): Promise<Durations | null> {
  const d = await read();
  return d.count ? d : null;
}

/** Tickets created per local day, and how many of them are resolved by now. */
async function createdByDay(q: Queryable, scope: KpiScope, days: LocalDays) {
  const rows = await periodTickets(q, scope, "t.createdAt")
    .select([
      dayIndex("t.createdAt", days).as("day"),
      sql<number>`count(*)`.as("n"),
      sql<number>`count(${sql.ref("t.resolvedAt")})`.as("resolvedNow"),
    ])
    .groupBy(sql`1`)
    .execute();
  return rows.map((r) => ({ day: Number(r.day), n: Number(r.n), resolvedNow: Number(r.resolvedNow) }));
}

/** Tickets resolved per local day, with their resolution times summed up. */
async function resolvedByDay(q: Queryable, scope: KpiScope, days: LocalDays) {
  const rows = await periodTickets(q, scope, "t.resolvedAt")
    .select([
      dayIndex("t.resolvedAt", days).as("day"),
      sql<number>`count(*)`.as("n"),
      ...durationAggregates("t.resolutionSec", "cal"),
      ...durationAggregates("t.resolutionBizSec", "biz"),
    ])
    .groupBy(sql`1`)
    .execute();
  const calendar = noSums();
  const businessSums = noSums();
  const byDay = new Map<number, number>();
  for (const r of rows as Record<string, unknown>[]) {
    byDay.set(Number(r.day), Number(r.n));
    addSums(calendar, r, "cal");
    addSums(businessSums, r, "biz");
  }
  return { count: [...byDay.values()].reduce((s, n) => s + n, 0), byDay, calendar, business: businessSums };
}

/** First response times of the tickets first answered in the period, summed up. */
async function firstResponses(q: Queryable, scope: KpiScope): Promise<{ calendar: DurationSums; business: DurationSums }> {
  const row = (await periodTickets(q, scope, "t.firstResponseAt")
    .select([...durationAggregates("t.firstResponseSec", "cal"), ...durationAggregates("t.firstResponseBizSec", "biz")])
    .executeTakeFirst()) as Record<string, unknown> | undefined;
  const calendar = noSums();
  const businessSums = noSums();
  if (row) {
    addSums(calendar, row, "cal");
    addSums(businessSums, row, "biz");
  }
  return { calendar, business: businessSums };
}

/** Ratings given in the period (the ticket's latest), and of the surveys sent in it, how many were answered. */
async function csat(q: Queryable, scope: KpiScope): Promise<KpiFigures["csat"]> {
  const score = sql.ref("t.csatScore");
  const rated = await periodTickets(q, scope, "t.csatAt")
    .where("t.csatScore", "is not", null)
    .select([
      sql<number>`count(*)`.as("n"),
      sql<number>`coalesce(sum(${score}), 0)`.as("total"),
      ...[1, 2, 3, 4, 5].map((k) => sql<number>`sum(case when ${score} = ${sql.lit(k)} then 1 else 0 end)`.as(`s${k}`)),
    ])
    .executeTakeFirst();
  const sent = await q
    .selectFrom("CsatSurvey as s")
    // CROSS JOIN: SQLite reads the surveys first, by time; PostgreSQL plans it as any join.
    .crossJoin("Ticket as t")
    .whereRef("t.id", "=", "s.ticketId")
    .where("s.sentAt", ">=", scope.filter.from)
    .where("s.sentAt", "<", scope.filter.to)
    .where(ticketConditions(scope))
    .select([sql<number>`count(*)`.as("n"), sql<number>`count(${sql.ref("s.answeredAt")})`.as("answered")])
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
