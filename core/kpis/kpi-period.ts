// A period as agents type it (`/ticket stats 7d`, the dashboard's period filter), turned into whole
// local days of the reader's time zone: from the first day's start to the end of the last day.
import { DateTime } from "luxon";
import { invalid } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { maxPeriodDays } from "./kpi-scope.js";

/** The periods offered by name; any "YYYY-MM-DD..YYYY-MM-DD" (both days included) is taken too. */
export const kpiPeriodNames = ["today", "7d", "30d", "90d", "this_month", "last_month"] as const;
export const defaultKpiPeriod = "30d";

/**
 * The instants [from, to) of the period `spec` as of `now` in `timeZone`: `today`; `7d`, `30d`,
 * `90d`, that many days up to and including today; `this_month`, `last_month`; or two dates.
 * Throws `invalid` (with a catalogue message) for anything else.
 */
export function kpiPeriod(spec: string, now: Date, timeZone: string): { from: Date; to: Date } {
  const typed = spec.trim().toLowerCase() || defaultKpiPeriod;
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf("day");
  const days = (first: DateTime, count: number) => span(first, first.plus({ days: count }));
  const lastDays = /^(\d{1,3})d$/.exec(typed);
  if (typed === "today") return days(today, 1);
  if (lastDays && ["7", "30", "90"].includes(lastDays[1] ?? "")) {
    const n = Number(lastDays[1]);
    return days(today.minus({ days: n - 1 }), n);
  }
  if (typed === "this_month") return span(today.startOf("month"), today.startOf("month").plus({ months: 1 }));
  if (typed === "last_month") return span(today.startOf("month").minus({ months: 1 }), today.startOf("month"));
  const range = /^(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})$/.exec(typed);
  if (range) {
    const first = DateTime.fromISO(range[1] ?? "", { zone: timeZone });
    const last = DateTime.fromISO(range[2] ?? "", { zone: timeZone });
    if (first.isValid && last.isValid) {
      if (last < first) throw invalid(msg("kpis.periodBackwards"));
      const end = last.plus({ days: 1 }).startOf("day");
      if (end.diff(first, "days").days > maxPeriodDays) throw invalid(msg("kpis.periodTooLong", { days: maxPeriodDays }));
      return span(first, end);
    }
  }
  throw invalid(msg("kpis.periodUnknown", { typed: spec.trim().slice(0, 40) }));
}

/** Luxon normalises a local midnight that does not exist (the clocks going forward) to the first instant after it. */
const span = (from: DateTime, to: DateTime) => ({ from: from.startOf("day").toJSDate(), to: to.startOf("day").toJSDate() });
