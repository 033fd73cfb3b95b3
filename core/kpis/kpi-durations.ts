// Distributions of durations (seconds columns of Ticket) worked out in the database, one aggregate
// per column in the pass over the period's index: count, sum, how many fall under each bucket bound,
// median and 90th percentile, so no value leaves the database. SQLite runs `kpi_durations`, which
// the connection registers (kpi-ranks.ts); PostgreSQL builds the same row from its own aggregates.
import { PostgresAdapter, sql, type AliasedRawBuilder } from "kysely";
import type { Queryable } from "../db.js";
import { bucketBounds, readDistribution } from "./kpi-ranks.js";
import type { Durations } from "./kpi-types.js";

export { bucketBounds };

export type SecondsColumn = "t.firstResponseSec" | "t.firstResponseBizSec" | "t.resolutionSec" | "t.resolutionBizSec";

/** The selection of `column`'s distribution, aliased `${prefix}_dist` (read it with `durations`). */
export function durationAggregate(q: Queryable, column: SecondsColumn, prefix: string): AliasedRawBuilder<unknown, string> {
  const ref = sql.ref(column);
  if (!(q.getExecutor().adapter instanceof PostgresAdapter)) return sql<unknown>`kpi_durations(${ref})`.as(`${prefix}_dist`);
  // percentile_cont(0.5) is the median as defined (the mean of the two middle values when even);
  // percentile_disc(0.9) the nearest rank. Given the very same sorted input, PostgreSQL sorts once
  // for both: percentile_cont takes double precision, so percentile_disc is given it too (with the
  // column as it is, each sorted its own copy, a third of the statement's time at 100,000 values).
  const sorted = sql`${ref}::float8`;
  return sql<unknown>`json_build_array(count(${ref}), coalesce(sum(${ref}), 0),
    percentile_cont(0.5) within group (order by ${sorted}), percentile_disc(0.9) within group (order by ${sorted}),
    ${sql.join(bucketBounds.map((b) => sql`count(*) filter (where ${ref} < ${sql.lit(b)})`))})`.as(`${prefix}_dist`);
}

/** The distribution `durationAggregate` read into `row` under `prefix`. */
export function durations(row: Record<string, unknown> | undefined, prefix: string): Durations {
  const d = readDistribution(row?.[`${prefix}_dist`]);
  const n = d?.[0] ?? 0;
  const under = d?.slice(4) ?? bucketBounds.map(() => 0);
  const buckets = [...bucketBounds, null].map((upToSec, i) => ({
    upToSec,
    count: (i < bucketBounds.length ? (under[i] ?? 0) : n) - (i > 0 ? (under[i - 1] ?? 0) : 0),
  }));
  if (!d) return { count: 0, mean: null, median: null, p90: null, buckets };
  return { count: n, mean: d[1] / n, median: d[2], p90: d[3], buckets };
}
