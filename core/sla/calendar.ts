// Working time: how much of a stretch of time counts under a business-hours calendar, and when a
// given amount of it has passed. Periods are wall-clock times in the calendar's zone, turned into
// instants with luxon day by day (so a day when clocks change still opens at 09:00 local time).
import { DateTime } from "luxon";
import { minutesOf, weekdays, type CalendarDefinition } from "./calendar-config.js";

export interface WorkingTime {
  /**
   * The instant at which `ms` of working time has passed, counting from `from`. Outside working
   * hours counting starts at the next opening, so `add(from, 0)` is `from` when open, else the
   * next opening; an amount that ends exactly at a closing gives that closing.
   */
  add(from: Date, ms: number): Date;
  /** Working milliseconds within [from, to); 0 when `to` is not after `from`. */
  between(from: Date, to: Date): number;
  isOpen(at: Date): boolean;
}

/** Calendar time: every millisecond counts. */
export const alwaysOpen: WorkingTime = {
  add: (from, ms) => new Date(from.getTime() + ms),
  between: (from, to) => Math.max(0, to.getTime() - from.getTime()),
  isOpen: () => true,
};

/** How far ahead `add` looks for opening hours before deciding the calendar never opens. */
const maxDays = 3660;

export function businessHours(def: Pick<CalendarDefinition, "timeZone" | "hours" | "holidays">): WorkingTime {
  const zone = def.timeZone;
  const holidays = new Set(def.holidays);
  const byWeekday = weekdays.map((d) => (def.hours[d] ?? []).map(([a, b]) => [minutesOf(a), minutesOf(b)] as const));
  // A local day's periods as [start, end) epoch milliseconds, by the day's first instant.
  const days = new Map<number, readonly (readonly [number, number])[]>();

  const periodsOf = (day: DateTime): readonly (readonly [number, number])[] => {
    const key = day.toMillis();
    const known = days.get(key);
    if (known) return known;
    const at = (minutes: number) =>
      minutes === 24 * 60 ? day.plus({ days: 1 }).toMillis() : day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toMillis();
    const periods = holidays.has(day.toISODate()!) ? [] : byWeekday[day.weekday - 1]!.map(([a, b]) => [at(a), at(b)] as const);
    if (days.size >= 4096) days.clear();
    days.set(key, periods);
    return periods;
  };
  const dayOf = (ms: number) => DateTime.fromMillis(ms, { zone }).startOf("day");

  return {
    add(from, ms) {
      let left = Math.max(0, ms);
      const cursor = from.getTime();
      let day = dayOf(cursor);
      for (let i = 0; i < maxDays; i++, day = day.plus({ days: 1 })) {
        for (const [s, e] of periodsOf(day)) {
          if (e <= cursor) continue;
          const start = Math.max(s, cursor);
          if (left <= e - start) return new Date(start + left);
          left -= e - start;
        }
      }
      throw new Error(`the ${zone} calendar has no working hours in the next ${maxDays} days`);
    },
    between(from, to) {
      const a = from.getTime();
      const b = to.getTime();
      let sum = 0;
      for (let day = dayOf(a); day.toMillis() < b; day = day.plus({ days: 1 })) {
        for (const [s, e] of periodsOf(day)) sum += Math.max(0, Math.min(e, b) - Math.max(s, a));
      }
      return sum;
    },
    isOpen(at) {
      const t = at.getTime();
      return periodsOf(dayOf(t)).some(([s, e]) => s <= t && t < e);
    },
  };
}
