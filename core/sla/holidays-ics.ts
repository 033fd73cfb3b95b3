// Holidays from an iCalendar file (RFC 5545), such as a public-holiday feed: every all-day event
// is a closed day, each day of a multi-day one (DTEND is exclusive), and recurring ones (RRULE,
// RDATE, less EXDATE and cancelled or moved occurrences) within a range of years.
//
// Timed events are left out on purpose: a meeting or a two-hour maintenance window does not close
// the office, and guessing which timed event means a whole day off would close days by mistake.
// Cancelled events (STATUS:CANCELLED) are left out too.
import ICAL from "ical.js";
import { DateTime } from "luxon";

export interface YearRange {
  fromYear: number;
  toYear: number;
}

/** A century either side of now is plenty for SLA clocks, and a yearly rule stays a few hundred dates. */
const defaultRange: YearRange = { fromYear: 2000, toYear: 2100 };
/**
 * More occurrences of one event than this means a rule that is not a holiday (FREQ=DAILY for
 * ever, say); more dates in all than the other cap means a file that is not a holiday list. Both
 * stop a start-up that would otherwise spend seconds on it.
 */
const maxOccurrences = 20_000;
const maxDates = 200_000;

/** The closed dates (YYYY-MM-DD, sorted, each once) that the all-day events of `text` give within `range`. */
export function holidayDatesFromIcs(text: string, range: YearRange = defaultRange): string[] {
  const { fromYear, toYear } = range;
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear > toYear)
    throw new RangeError(`holiday years ${fromYear}–${toYear} are not a range of whole years`);

  const events = readEvents(text);
  // Occurrences that were moved or cancelled are events of their own, with the UID of the
  // recurring event and a RECURRENCE-ID naming the occurrence they replace.
  const overrides = new Map<string, ICAL.Component[]>();
  const recurring = new Set<string>();
  for (const c of events) {
    const uid = String(c.getFirstPropertyValue("uid") ?? "");
    if (c.hasProperty("recurrence-id")) overrides.set(uid, [...(overrides.get(uid) ?? []), c]);
    else if (c.hasProperty("rrule") || c.hasProperty("rdate")) recurring.add(uid);
  }

  const dates = new Set<string>();
  let datesLeft = maxDates;
  const addDays = (start: ICAL.Time, end: ICAL.Time | null) => {
    const first = DateTime.fromISO(start.toString(), { zone: "utc" });
    const after = end ? DateTime.fromISO(end.toString(), { zone: "utc" }) : first;
    const days = Math.max(1, Math.ceil(after.diff(first, "days").days));
    for (let k = 0; k < days; k++) {
      if (--datesLeft < 0) throw new Error(`more than ${maxDates} holiday dates: this does not look like a holiday calendar`);
      const day = first.plus({ days: k });
      if (day.year > toYear) break;
      if (day.year >= fromYear) dates.add(day.toISODate()!);
    }
  };

  for (const c of events) {
    const uid = String(c.getFirstPropertyValue("uid") ?? "");
    // An override is read with its recurring event, unless there is no such event in the file.
    if (c.hasProperty("recurrence-id") && recurring.has(uid)) continue;
    try {
      checkDates(c);
      if (isCancelled(c)) continue;
      const event = new ICAL.Event(c, { strictExceptions: true, exceptions: recurring.has(uid) ? (overrides.get(uid) ?? []) : [] });
      if (!event.startDate.isDate) continue;
      if (!event.isRecurring()) {
        addDays(event.startDate, event.endDate);
        continue;
      }
      const occurrences = event.iterator();
      let left = maxOccurrences;
      for (let next = occurrences.next(); next && next.year <= toYear; next = occurrences.next()) {
        if (--left < 0) throw new Error(`it recurs more than ${maxOccurrences} times between its start and ${toYear}`);
        const occurrence = event.getOccurrenceDetails(next);
        if (occurrence.item !== event) {
          // Each override is checked as it is met (and only then), like the event itself above.
          checkDates(occurrence.item.component);
          if (isCancelled(occurrence.item.component)) continue;
        }
        if (occurrence.startDate.isDate) addDays(occurrence.startDate, occurrence.endDate);
      }
    } catch (e) {
      throw new Error(`iCalendar event ${describe(c)}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }
  return [...dates].sort();
}

/** The VEVENTs of every VCALENDAR in the text; throws when the text is not iCalendar. */
function readEvents(text: string): ICAL.Component[] {
  let parsed: unknown;
  try {
    parsed = ICAL.parse(text);
  } catch (e) {
    throw new Error(`not a readable iCalendar file: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  // One component parses to its jCal array; several (back-to-back VCALENDARs) to an array of them.
  const roots = (Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed : [parsed]) as unknown[];
  return roots.flatMap((jCal) => {
    const root = Array.isArray(jCal) && typeof jCal[0] === "string" ? new ICAL.Component(jCal) : null;
    if (root?.name !== "vcalendar") throw new Error("not a readable iCalendar file: it does not start with BEGIN:VCALENDAR");
    return root.getAllSubcomponents("vevent");
  });
}

/**
 * ical.js rolls impossible dates over (20271301 becomes 2028-01-01), which would quietly close
 * the wrong day, so the written DTSTART and DTEND dates are checked before it reads them.
 */
function checkDates(c: ICAL.Component): void {
  if (!c.hasProperty("dtstart")) throw new Error("it has no DTSTART");
  for (const name of ["dtstart", "dtend"]) {
    const prop = c.getFirstProperty(name);
    if (prop?.type !== "date") continue;
    for (const raw of prop.jCal.slice(3))
      if (typeof raw !== "string" || !DateTime.fromISO(raw, { zone: "utc" }).isValid || raw.length !== 10)
        throw new Error(`${name.toUpperCase()} ${JSON.stringify(raw)} is not a real date`);
  }
}

function isCancelled(c: ICAL.Component): boolean {
  return String(c.getFirstPropertyValue("status") ?? "").toUpperCase() === "CANCELLED";
}

/** How an admin finds the event in the file: its SUMMARY and UID, as far as it has them. */
function describe(c: ICAL.Component): string {
  const summary = c.getFirstPropertyValue("summary");
  const uid = c.getFirstPropertyValue("uid");
  const parts = [summary ? JSON.stringify(String(summary)) : null, uid ? `(UID ${String(uid)})` : null].filter(Boolean);
  return parts.length > 0 ? parts.join(" ") : "without SUMMARY or UID";
}
