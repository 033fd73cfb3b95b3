// Working time: how much of a stretch of time counts under a business-hours calendar, and when a
// given amount of it has passed. Periods are wall-clock times in the calendar's zone and luxon
// turns them into instants one local date at a time, so a day when the clocks change still opens
// at 09:00 local time. The SLA code asks this for every ticket at start-up and on every change, so
// each local date is worked out once and kept as plain epoch-millisecond intervals; after that a
// walk over a few weeks is a few dozen map look-ups.
import { DateTime } from "luxon";
import { minutesOf, weekdays, type Weekday } from "./calendar-config.js";

export interface WorkingTime {
  /**
   * The instant at which `ms` of working time has passed, counting from `from`.
   *
   * Counting starts at `from` when it is within working hours, else at the next opening. So
   * `add(from, 0)` is `from` when open and the next opening when closed (a closing instant counts
   * as closed: the period is [opening, closing)). When the amount runs out exactly at a closing,
   * the answer is that closing, not the next opening. A negative amount counts as 0.
   * Throws when the instant is more than about ten years ahead (or the calendar never opens).
   */
  add(from: Date, ms: number): Date;
  /** Working milliseconds within [from, to); 0 when `to` is not after `from`. */
  between(from: Date, to: Date): number;
  /** Whether `at` is within a working period (openings are in, closings out). */
  isOpen(at: Date): boolean;
}

/** Calendar time: every millisecond counts. */
export const alwaysOpen: WorkingTime = {
  add: (from, ms) => new Date(instant(from) + Math.max(0, amount(ms))),
  between: (from, to) => Math.max(0, instant(to) - instant(from)),
  isOpen: () => true,
};

/** What `businessHours` needs of a calendar; a parsed `CalendarDefinition` is one. */
export interface BusinessHoursDefinition {
  /** IANA zone the periods and holidays are read in. */
  timeZone: string;
  /** Working periods per weekday as ["HH:MM", "HH:MM"] wall-clock times ("24:00": end of the day). */
  hours: Partial<Record<Weekday, readonly (readonly [string, string])[]>>;
  /** Local dates (YYYY-MM-DD) closed all day. */
  holidays: Iterable<string>;
}

/** How far `add` walks before giving up: about ten years of local dates. */
const maxDays = 3660;
/** Local dates kept worked out per calendar (about 22 years); the oldest go first beyond that. */
const cacheSize = 8192;
const dayMs = 86_400_000;

/** One local date: its first instant, the next date's first instant, and its working periods. */
interface LocalDay {
  start: number;
  end: number;
  /** Working periods as flat [open, close, open, close, …] epoch milliseconds, in order. */
  open: readonly number[];
}

export function businessHours(def: BusinessHoursDefinition): WorkingTime {
  const zone = def.timeZone;
  if (!DateTime.now().setZone(zone).isValid) throw new Error(`"${zone}" is not a time zone luxon knows`);
  const holidays = new Set(def.holidays);
  const byWeekday = weekdays.map((d) => weeklyPeriods(d, def.hours[d] ?? []));
  const opensAtAll = byWeekday.some((p) => p.length > 0);

  // Days are numbered like the UTC calendar (0 is 1970-01-01), but each number stands for that
  // date in the calendar's zone. An instant's local date is never more than one away from its UTC
  // date (offsets stay within ±14 hours), which is how `dayOf` finds it without asking luxon.
  const days = new Map<number, LocalDay>();
  const dateOf = (n: number) => DateTime.fromMillis(n * dayMs, { zone: "utc" });
  // Where midnight does not exist (clocks going forward at 00:00) luxon gives the first instant after it.
  const wallTime = (date: DateTime, minutes: number) =>
    DateTime.fromObject(
      { year: date.year, month: date.month, day: date.day, hour: Math.floor(minutes / 60), minute: minutes % 60 },
      { zone },
    ).toMillis();
  const dayAt = (n: number): LocalDay => {
    const known = days.get(n);
    if (known) return known;
    const date = dateOf(n);
    const start = wallTime(date, 0);
    // Never before `start`: a date skipped entirely (Samoa, 30 December 2011) is an empty day.
    const end = Math.max(start, wallTime(dateOf(n + 1), 0));
    const open: number[] = [];
    if (!holidays.has(date.toISODate()!)) {
      // "24:00" is the next date's first instant; anything else is kept within the date.
      const wall = (minutes: number) => (minutes >= 24 * 60 ? end : Math.min(end, Math.max(start, wallTime(date, minutes))));
      for (const [from, to] of byWeekday[date.weekday - 1]!) {
        // A wall time the clocks skip is moved on by luxon, and of the hour repeated in autumn it
        // takes one reading, so a period may come out shorter or longer than it reads. One that
        // comes out empty is dropped, and one that now meets the previous period is joined to it.
        const [s, e] = [wall(from), wall(to)];
        const last = open.length - 1;
        if (e <= s) continue;
        if (last > 0 && s <= open[last]!) open[last] = Math.max(open[last]!, e);
        else open.push(s, e);
      }
    }
    if (days.size >= cacheSize) days.delete(days.keys().next().value!);
    const day = { start, end, open };
    days.set(n, day);
    return day;
  };
  const dayOf = (t: number) => {
    let n = Math.floor(t / dayMs);
    while (t < dayAt(n).start) n--;
    while (t >= dayAt(n).end) n++;
    return n;
  };

  return {
    add(from, ms) {
      const t = instant(from);
      let left = Math.max(0, amount(ms));
      if (opensAtAll) {
        const first = dayOf(t);
        for (let n = first; n < first + maxDays; n++) {
          const open = dayAt(n).open;
          for (let k = 0; k < open.length; k += 2) {
            const e = open[k + 1]!;
            if (e <= t) continue;
            const s = Math.max(open[k]!, t);
            if (left <= e - s) return new Date(s + left);
            left -= e - s;
          }
        }
      }
      throw new Error(
        `the ${zone} business-hours calendar has no working time left within ${maxDays} days of ${from.toISOString()} (no opening hours, or an amount too large)`,
      );
    },
    between(from, to) {
      const a = instant(from);
      const b = instant(to);
      if (b <= a) return 0;
      let sum = 0;
      for (let n = dayOf(a); ; n++) {
        const { start, end, open } = dayAt(n);
        if (start >= b) break;
        for (let k = 0; k < open.length; k += 2) sum += Math.max(0, Math.min(open[k + 1]!, b) - Math.max(open[k]!, a));
        if (end >= b) break;
      }
      return sum;
    },
    isOpen(at) {
      const t = instant(at);
      const open = dayAt(dayOf(t)).open;
      for (let k = 0; k < open.length; k += 2) if (open[k]! <= t && t < open[k + 1]!) return true;
      return false;
    },
  };
}

/** One weekday's periods in minutes since midnight, sorted, with overlapping or touching ones merged. */
function weeklyPeriods(day: Weekday, periods: readonly (readonly [string, string])[]): [number, number][] {
  const spans = periods.map(([from, to]): [number, number] => {
    const span: [number, number] = [minutesOf(from), minutesOf(to)];
    // The config schema refuses these; this guards a calendar built some other way.
    if (!(span[0] < span[1])) throw new Error(`${day}: "${from}"–"${to}" is not a period of HH:MM times ending after they start`);
    return span;
  });
  spans.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push(span);
  }
  return merged;
}

/** Epoch milliseconds of a valid Date; an invalid one is a caller's bug that would otherwise walk for ever. */
function instant(d: Date): number {
  const t = d.getTime();
  if (Number.isNaN(t)) throw new RangeError("working time of an invalid Date");
  return t;
}

function amount(ms: number): number {
  if (!Number.isFinite(ms)) throw new RangeError(`working time amount ${ms} is not a finite number of milliseconds`);
  return ms;
}
