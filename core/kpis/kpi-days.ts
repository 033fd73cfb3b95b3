// Days of a period in the reader's time zone, and which of them an instant falls on, worked out in
// SQL. The day boundaries are computed here with luxon (a day when the clocks change is 23 or 25
// hours long) and bound as parameters, so the database needs no time-zone support and both
// providers count the same days.
import { sql, type RawBuilder } from "kysely";
import { DateTime } from "luxon";

export interface LocalDays {
  /** Each day's date in the zone (YYYY-MM-DD), oldest first. */
  days: string[];
  /** Where each day starts, and after the last one where it ends: `days.length + 1` instants. */
  bounds: Date[];
}

/** The local days the period [from, to) touches, in `timeZone`. */
export function localDays(from: Date, to: Date, timeZone: string): LocalDays {
  const days: string[] = [];
  const bounds: Date[] = [];
  let day = DateTime.fromJSDate(from, { zone: timeZone }).startOf("day");
  while (day.toMillis() < to.getTime()) {
    days.push(day.toISODate() ?? "");
    bounds.push(day.toJSDate());
    day = day.plus({ days: 1 }).startOf("day");
  }
  bounds.push(day.toJSDate());
  return { days, bounds };
}

/**
 * The index in `days` of the day the column's instant falls on (for instants within the days), as
 * a CASE expression that halves the days at each step: about log2(days) comparisons per row.
 */
export function dayIndex(column: string, { bounds }: LocalDays): RawBuilder<number> {
  const ref = sql.ref(column);
  const pick = (lo: number, hi: number): RawBuilder<number> => {
    if (hi - lo <= 1) return sql<number>`${sql.lit(lo)}`;
    const mid = (lo + hi) >> 1;
    return sql<number>`CASE WHEN ${ref} < ${bounds[mid]} THEN ${pick(lo, mid)} ELSE ${pick(mid, hi)} END`;
  };
  return pick(0, Math.max(1, bounds.length - 1));
}
