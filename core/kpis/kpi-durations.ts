// Distributions of durations (seconds columns of Ticket) worked out in the database: count, sum and
// how many fall under each bucket bound as aggregates (summable across rows grouped by day), and
// the median and 90th percentile by rank, read with a window function so only those rows come back.
import { sql, type AliasedRawBuilder } from "kysely";
import type { Queryable } from "../db.js";
import type { PeriodTickets } from "./kpi-scope.js";
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
    ...bucketBounds.map((b, i) => sql<number>`sum(case when ${ref} < ${sql.lit(b)} then 1 else 0 end)`.as(`${prefix}_u${i}`)),
  ];
}

/** Adds one result row's aggregates for `prefix` to `into` (PostgreSQL gives sums and counts as text). */
export function addSums(into: DurationSums, row: Record<string, unknown>, prefix: string): void {
  into.count += Number(row[`${prefix}_n`] ?? 0);
  into.sum += Number(row[`${prefix}_sum`] ?? 0);
  bucketBounds.forEach((_, i) => (into.under[i] = (into.under[i] ?? 0) + Number(row[`${prefix}_u${i}`] ?? 0)));
}

/**
 * The distribution of `column` over the tickets of `base`: the sums already read, and the median
 * (the middle value, or the mean of the two middle ones) and 90th percentile (nearest rank: the
 * smallest value at least 90% of the values are at or under) read by rank in one query.
 */
export async function durations(q: Queryable, base: PeriodTickets, column: SecondsColumn, sums: DurationSums): Promise<Durations> {
  const n = sums.count;
  const buckets = [...bucketBounds, null].map((upToSec, i) => ({
    upToSec,
    count: (i < bucketBounds.length ? (sums.under[i] ?? 0) : n) - (i > 0 ? (sums.under[i - 1] ?? 0) : 0),
  }));
  if (n === 0) return { count: 0, mean: null, median: null, p90: null, buckets };
  const middle = n % 2 === 1 ? [(n + 1) / 2] : [n / 2, n / 2 + 1];
  const p90Rank = Math.ceil(0.9 * n);
  const ref = sql.ref(column);
  const ranked = base
    .where(column, "is not", null)
    .select([sql<number>`${ref}`.as("sec"), sql<number>`row_number() over (order by ${ref})`.as("rn")]);
  const rows = await q
    .selectFrom(ranked.as("r"))
    .select(["r.sec", "r.rn"])
    .where("r.rn", "in", [...new Set([...middle, p90Rank])])
    .execute();
  const at = new Map(rows.map((r) => [Number(r.rn), Number(r.sec)]));
  // The counts and the ranks are separate reads: a ticket resolved or reopened between them can
  // leave a rank with no row, and then the figure is unknown rather than 0.
  const values = (ranks: number[]) => {
    const found = ranks.map((r) => at.get(r));
    return found.every((v): v is number => v !== undefined) ? found.reduce((s, v) => s + v, 0) / found.length : null;
  };
  return { count: n, mean: sums.sum / n, median: values(middle), p90: values([p90Rank]), buckets };
}
