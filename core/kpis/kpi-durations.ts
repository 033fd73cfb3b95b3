// Distributions of durations (seconds columns of Ticket) worked out in the database in the pass
// over the period's index: count, sum, how many fall under each bucket bound, median and 90th
// percentile, so no value leaves the database. SQLite runs `kpi_durations` over a column and its
// business-hours pair, which the connection registers (kpi-ranks.ts); PostgreSQL builds the same
// rows from its own aggregates.
import { PostgresAdapter, sql, type AliasedRawBuilder } from "kysely";
import type { Queryable } from "../db.js";
import { bucketBounds, readDistribution } from "./kpi-ranks.js";
import type { Durations } from "./kpi-types.js";

export { bucketBounds };

export type SecondsColumn = "t.firstResponseSec" | "t.firstResponseBizSec" | "t.resolutionSec" | "t.resolutionBizSec";

/**
 * The selections of the distributions of a calendar-time column and its business-hours pair (read
 * them with `durationPair`): on SQLite one aggregate collects both (`kpi_durations(x, y)`, one call
 * per row), on PostgreSQL one row of aggregates each.
 */
export function durationAggregates(q: Queryable, calendar: SecondsColumn, business: SecondsColumn): AliasedRawBuilder<unknown, string>[] {
  if (!(q.getExecutor().adapter instanceof PostgresAdapter))
    return [sql<unknown>`kpi_durations(${sql.ref(calendar)}, ${sql.ref(business)})`.as("pair_dist")];
  return [postgresDistribution(calendar).as("cal_dist"), postgresDistribution(business).as("biz_dist")];
}

function postgresDistribution(column: SecondsColumn) {
  const ref = sql.ref(column);
  // percentile_cont(0.5) is the median as defined (the mean of the two middle values when even);
  // percentile_disc(0.9) the nearest rank. Given the very same sorted input, PostgreSQL sorts once
  // for both: percentile_cont takes double precision, so percentile_disc is given it too (with the
  // column as it is, each sorted its own copy, a third of the statement's time at 100,000 values).
  const sorted = sql`${ref}::float8`;
  return sql<unknown>`json_build_array(count(${ref}), coalesce(sum(${ref}), 0),
    percentile_cont(0.5) within group (order by ${sorted}), percentile_disc(0.9) within group (order by ${sorted}),
    ${sql.join(bucketBounds.map((b) => sql`count(*) filter (where ${ref} < ${sql.lit(b)})`))})`;
}

/** The calendar-time and business-hours distributions `durationAggregates` read into `row`. */
export function durationPair(row: Record<string, unknown> | undefined): { cal: Durations; biz: Durations } {
  const pair = row?.pair_dist;
  // SQLite's one aggregate gives both as JSON text, read once; PostgreSQL's two, each as it is.
  const [cal, biz] = typeof pair === "string" ? (JSON.parse(pair) as unknown[]) : [row?.cal_dist, row?.biz_dist];
  return { cal: durationsOf(cal), biz: durationsOf(biz) };
}

function durationsOf(value: unknown): Durations {
  const d = readDistribution(value);
  const n = d?.[0] ?? 0;
  const under = d?.slice(4) ?? bucketBounds.map(() => 0);
  const buckets = [...bucketBounds, null].map((upToSec, i) => ({
    upToSec,
    count: (i < bucketBounds.length ? (under[i] ?? 0) : n) - (i > 0 ? (under[i - 1] ?? 0) : 0),
  }));
  if (!d) return { count: 0, mean: null, median: null, p90: null, buckets };
  return { count: n, mean: d[1] / n, median: d[2], p90: d[3], buckets };
}
