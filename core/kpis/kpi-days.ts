// Days of a period in the reader's time zone. The day boundaries are computed here with luxon (a
// day when the clocks change is 23 or 25 hours long) and bound as parameters, so the database
// needs no time-zone support and both providers count the same days.
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
