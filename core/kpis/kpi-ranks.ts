// A distribution of a duration column in one aggregate: how many values, their sum, how many fall
// under each bucket bound, the median and the 90th percentile. SQLite has no percentile functions,
// so the connection registers `kpi_durations(x, y)` below (bot/db/sqlite-connection.ts); PostgreSQL
// computes the same with its own aggregates (kpi-durations.ts). Both follow one definition: the
// median is the middle value, or the mean of the two middle ones; the 90th percentile is by
// nearest rank, the smallest value at least 90% of the values are at or under.

/** The buckets' upper bounds (exclusive): under 1 hour, 1–4 h, 4–8 h, 8–24 h, 1–3 days, and the rest. */
export const bucketBounds = [3_600, 14_400, 28_800, 86_400, 259_200] as const;

/** A column's distribution: `[count, sum, median, p90, ...under each bound]`. */
export type DistributionRow = [number, number, number, number, ...number[]];

/**
 * The k-th smallest of `a[lo..hi]` (0-based), leaving every value before k at most it and every
 * value after at least it. Quickselect: linear on average, where sorting is n log n (and a sort
 * of the 100,000 values of a quarter is what a dashboard read would otherwise spend most on).
 */
function nth(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const x = a[lo]!;
    const y = a[(lo + hi) >>> 1]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/** The median and 90th percentile of `values` (reordered in place); null when there are none. */
export function medianAndP90(values: Float64Array): [number, number] | null {
  const n = values.length;
  if (!n) return null;
  const upper = nth(values, n >> 1);
  let median = upper;
  if (n % 2 === 0) {
    // The values before the upper middle one are all at most it: the lower middle is their largest.
    let lower = values[0]!;
    for (let i = 1; i < n >> 1; i++) if (values[i]! > lower) lower = values[i]!;
    median = (lower + upper) / 2;
  }
  return [median, nth(values, Math.ceil(0.9 * n) - 1)];
}

/** The values an aggregate collects, in a growing typed array (a plain array of numbers costs more per value). */
interface Collected {
  values: Float64Array;
  n: number;
  sum: number;
}

function collect(c: Collected, value: unknown): void {
  if (value === null || value === undefined) return;
  if (c.n === c.values.length) {
    const grown = new Float64Array(c.values.length * 2);
    grown.set(c.values);
    c.values = grown;
  }
  const v = Number(value);
  c.values[c.n++] = v;
  c.sum += v;
}

function distributionOf(c: Collected): DistributionRow | null {
  const values = c.values.subarray(0, c.n);
  // Each value counted once, in the first bucket it falls under (most durations are short), then
  // summed upwards: under a bound are the values of its bucket and of every bucket below it.
  const bounds = bucketBounds.length;
  const inBucket = new Array<number>(bounds + 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let b = 0;
    while (b < bounds && !(v < bucketBounds[b]!)) b++;
    inBucket[b]!++;
  }
  const under = bucketBounds.map(() => 0);
  for (let b = 0, sum = 0; b < bounds; b++) under[b] = sum += inBucket[b]!;
  const ranks = medianAndP90(values);
  return ranks ? [c.n, c.sum, ranks[0], ranks[1], ...under] : null;
}

const collected = (): Collected => ({ values: new Float64Array(1024), n: 0, sum: 0 });

/**
 * `kpi_durations(x, y)` for better-sqlite3's `Database.aggregate`: the distributions of two columns
 * (a calendar-time one and its business-hours pair) in one pass, as JSON text `[x's, y's]`, each a
 * DistributionRow or null over no values; nulls are skipped, as SQL aggregates do. One call per row
 * for both: two aggregates of one column each cost a fifth more at a quarter's 100,000 tickets.
 */
export const kpiDurations = {
  start: (): [Collected, Collected] => [collected(), collected()],
  step(c: [Collected, Collected], x: unknown, y: unknown): [Collected, Collected] {
    collect(c[0], x);
    collect(c[1], y);
    return c;
  },
  result(c: [Collected, Collected]): string {
    return JSON.stringify([distributionOf(c[0]), distributionOf(c[1])]);
  },
};

/** Reads what the distribution aggregate gave (JSON text, or an array from PostgreSQL's json); null over no values. */
export function readDistribution(value: unknown): DistributionRow | null {
  if (value === null || value === undefined) return null;
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  if (!Array.isArray(parsed) || parsed.length !== 4 + bucketBounds.length) return null;
  const row = parsed.map((v) => (v === null ? Number.NaN : Number(v))) as DistributionRow;
  return row[0] > 0 ? row : null;
}
