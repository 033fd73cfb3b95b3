// The median and 90th percentile of a duration column, worked out by the database in the same pass
// as the counts and sums: the aggregate `kpi_ranks(x)` gives `[median, p90]` as JSON text (null
// over no values). PostgreSQL has it from a migration (percentile_cont and percentile_disc over the
// collected values); SQLite has no percentile functions, so the connection registers `kpiRanks`
// below (bot/db/sqlite-connection.ts). Both follow one definition: the median is the middle value,
// or the mean of the two middle ones; the 90th percentile is by nearest rank, the smallest value
// at least 90% of the values are at or under.

/** The median and 90th percentile of `values`, sorted ascending in place; null when there are none. */
export function medianAndP90(values: Float64Array): [number, number] | null {
  const n = values.length;
  if (!n) return null;
  values.sort();
  const median = n % 2 === 1 ? values[(n - 1) / 2]! : (values[n / 2 - 1]! + values[n / 2]!) / 2;
  return [median, values[Math.ceil(0.9 * n) - 1]!];
}

/** The values an aggregate collects, in a growing typed array (a plain array of numbers costs more per value). */
interface Collected {
  values: Float64Array;
  n: number;
}

/** `kpi_ranks(x)` for better-sqlite3's `Database.aggregate`: nulls are skipped, as SQL aggregates do. */
export const kpiRanks = {
  start: (): Collected => ({ values: new Float64Array(1024), n: 0 }),
  step(c: Collected, value: unknown): Collected {
    if (value === null || value === undefined) return c;
    if (c.n === c.values.length) {
      const grown = new Float64Array(c.values.length * 2);
      grown.set(c.values);
      c.values = grown;
    }
    c.values[c.n++] = Number(value);
    return c;
  },
  result(c: Collected): string | null {
    const ranks = medianAndP90(c.values.subarray(0, c.n));
    return ranks ? JSON.stringify(ranks) : null;
  },
};

/** Reads what `kpi_ranks` gave: median and p90, or nulls. */
export function readRanks(value: unknown): { median: number | null; p90: number | null } {
  if (value === null || value === undefined) return { median: null, p90: null };
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  if (!Array.isArray(parsed) || parsed.length !== 2) return { median: null, p90: null };
  const [median, p90] = parsed.map((v) => (v === null ? null : Number(v)));
  return { median: median ?? null, p90: p90 ?? null };
}
