// bench:kpis's check that the figures it times are right at a million tickets: one period's
// overview (readKpis, as the dashboard reads it) against the same figures worked out here from the
// period's rows, read plainly and counted, sorted and ranked in this process. Only the rules of
// what counts are written again (live tickets: not deleted, not merged away, not filed apart; a
// period by its figure's time column; days of the reader's zone); the sums, ranks and groupings
// are this file's own.
import type { Db } from "../core/db.js";
import type { Actor, CoreDeps } from "../core/deps.js";
import { readKpis, type Durations, type KpiFilter } from "../core/index.js";

type Column = "createdAt" | "firstResponseAt" | "resolvedAt" | "csatAt";

/** The live tickets whose `column` falls in the period, with what the figures need of them. */
async function ticketsIn(db: Db, filter: KpiFilter, column: Column) {
  return db
    .selectFrom("Ticket")
    .select(["createdAt", "resolvedAt", "firstResponseSec", "resolutionSec", "csatScore"])
    .where(column, ">=", filter.from)
    .where(column, "<", filter.to)
    .where("deletedAt", "is", null)
    .where("mergedIntoId", "is", null)
    .where("quarantined", "=", false)
    .execute();
}

/** Count, mean, median (the two middle values' mean when even) and 90th percentile (nearest rank). */
function durations(values: number[]): Pick<Durations, "count" | "mean" | "median" | "p90"> {
  const v = [...values].sort((a, b) => a - b);
  const n = v.length;
  if (!n) return { count: 0, mean: null, median: null, p90: null };
  const mid = n >> 1;
  return {
    count: n,
    mean: v.reduce((s, x) => s + x, 0) / n,
    median: n % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2,
    p90: v[Math.ceil(0.9 * n) - 1]!,
  };
}

/**
 * The differences between the overview `actor` reads for `filter` and the figures worked out here
 * (empty: every figure agrees), and how many tickets the period held.
 */
export async function checkOverview(deps: CoreDeps, actor: Actor, filter: KpiFilter, timeZone: string) {
  const k = await readKpis(deps, actor, filter);
  const db = deps.db;
  const created = await ticketsIn(db, filter, "createdAt");
  const answered = await ticketsIn(db, filter, "firstResponseAt");
  const resolved = await ticketsIn(db, filter, "resolvedAt");
  const rated = (await ticketsIn(db, filter, "csatAt")).filter((r) => r.csatScore !== null);
  const differences: string[] = [];
  const same = (name: string, got: unknown, want: unknown) => {
    const close =
      typeof got === "number" && typeof want === "number" ? Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)) : got === want;
    if (!close) differences.push(`${name}: read ${String(got)}, counted ${String(want)}`);
  };
  same("created", k.created, created.length);
  same("resolved", k.resolved, resolved.length);
  same("resolution rate", k.resolutionRate, created.length ? created.filter((r) => r.resolvedAt !== null).length / created.length : null);
  const firstResponse = durations(answered.flatMap((r) => (r.firstResponseSec === null ? [] : [r.firstResponseSec])));
  const resolution = durations(resolved.flatMap((r) => (r.resolutionSec === null ? [] : [r.resolutionSec])));
  for (const key of ["count", "mean", "median", "p90"] as const) {
    same(`first response ${key}`, k.firstResponse[key], firstResponse[key]);
    same(`resolution ${key}`, k.resolution[key], resolution[key]);
  }
  same("ratings", k.csat.responses, rated.length);
  same("CSAT mean", k.csat.mean, rated.length ? rated.reduce((s, r) => s + r.csatScore!, 0) / rated.length : null);
  // Per local day of the reader's zone, named by Intl (not by the help desk's own wall clock).
  const dayOf = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  const perDay = (rows: { createdAt: Date; resolvedAt: Date | null }[], at: (r: (typeof rows)[number]) => Date) => {
    const days = new Map<string, number>();
    for (const r of rows) {
      const day = dayOf.format(at(r));
      days.set(day, (days.get(day) ?? 0) + 1);
    }
    return days;
  };
  const createdOn = perDay(created, (r) => r.createdAt);
  const resolvedOn = perDay(resolved, (r) => r.resolvedAt!);
  for (const v of k.volume) {
    same(`created on ${v.day}`, v.created, createdOn.get(v.day) ?? 0);
    same(`resolved on ${v.day}`, v.resolved, resolvedOn.get(v.day) ?? 0);
  }
  same(
    "days with tickets outside the volume's days",
    [...createdOn.keys(), ...resolvedOn.keys()].filter((d) => !k.volume.some((v) => v.day === d)).length,
    0,
  );
  return { differences, tickets: created.length };
}

/** An instant within a day before the zone's latest change of UTC offset before `at` (looked for over 400 days), else `at`. */
export function lastClockChange(at: Date, timeZone: string): Date {
  const offset = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
  const offsetAt = (t: number) => offset.formatToParts(new Date(t)).find((p) => p.type === "timeZoneName")?.value;
  const day = 86_400_000;
  for (let t = at.getTime(); t > at.getTime() - 400 * day; t -= day) if (offsetAt(t) !== offsetAt(t - day)) return new Date(t - day);
  return at;
}
