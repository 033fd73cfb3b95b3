// Distributions of durations (seconds columns of Ticket) worked out in the database: count, sum and
// how many fall under each bucket bound as aggregates (summable across rows grouped by day), and
// the median and 90th percentile by the `kpi_ranks` aggregate, so no value leaves the database.
import { sql, type AliasedRawBuilder } from "kysely";
import { readRanks } from "./kpi-ranks.js";
import type { Durations } from "./kpi-types.js";

/** The distribution's buckets: under 1 hour, 1–4 h, 4–8 h, 8–24 h, 1–3 days, and the rest. */
export const bucketBounds = [3_600, 14_400, 28_800, 86_400, 259_200] as const;

export type SecondsColumn = "t.firstResponseSec" | "t.firstResponseBizSec" | "t.resolutionSec" | "t.resolutionBizSec";

/** What the aggregates give for one column: rows with a value, their sum, and how many are under each bound. */
export interface DurationSums {
  count: number;
  sum: number;
  under: number[];
}

export const noSums = (): DurationSums => ({ count: 0, sum: 0, under: bucketBounds.map(() => 0) });

/** The aggregate selections for `column`, aliased with `prefix`. */
export function durationAggregates(column: SecondsColumn, prefix: string): AliasedRawBuilder<number, string>[] {
  const ref = sql.ref(column);
  return [
    sql<number>`count(${ref})`.as(`${prefix}_n`),
    sql<number>`coalesce(sum(${ref}), 0)`.as(`${prefix}_sum`),
    // FILTER rather than sum(CASE ...): SQLite skips the aggregate's step for the rows left out.
    ...bucketBounds.map((b, i) => sql<number>`count(*) filter (where ${ref} < ${sql.lit(b)})`.as(`${prefix}_u${i}`)),
  ];
}

/** Adds one result row's aggregates for `prefix` to `into` (PostgreSQL gives sums and counts as text). */
export function addSums(into: DurationSums, row: Record<string, unknown>, prefix: string): void {
  into.count += Number(row[`${prefix}_n`] ?? 0);
  into.sum += Number(row[`${prefix}_sum`] ?? 0);
  bucketBounds.forEach((_, i) => (into.under[i] = (into.under[i] ?? 0) + Number(row[`${prefix}_u${i}`] ?? 0)));
}

/** The selection of `column`'s median and 90th percentile (kpi-ranks.ts), aliased `${prefix}_ranks`. */
export function rankAggregate(column: SecondsColumn, prefix: string): AliasedRawBuilder<unknown, string> {
  const ref = sql.ref(column);
  return sql<unknown>`kpi_ranks(${ref}) filter (where ${ref} is not null)`.as(`${prefix}_ranks`);
}

/** The distribution of a column: the sums already read (addSums) and its `${prefix}_ranks` from `row`. */
export function durations(sums: DurationSums, row: Record<string, unknown> | undefined, prefix: string): Durations {
  const n = sums.count;
  const buckets = [...bucketBounds, null].map((upToSec, i) => ({
    upToSec,
    count: (i < bucketBounds.length ? (sums.under[i] ?? 0) : n) - (i > 0 ? (sums.under[i - 1] ?? 0) : 0),
  }));
  if (n === 0) return { count: 0, mean: null, median: null, p90: null, buckets };
  return { count: n, mean: sums.sum / n, ...readRanks(row?.[`${prefix}_ranks`]), buckets };
}
