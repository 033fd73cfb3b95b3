// Holidays from an iCalendar file (RFC 5545), such as a public-holiday feed: every all-day event
// is a closed day, each day of a multi-day one, and recurring ones (a yearly RRULE) within a
// range of years. Timed events are not holidays (a meeting does not close the office) and are
// left out.
import ICAL from "ical.js";

export function holidayDatesFromIcs(
  text: string,
  range: { fromYear: number; toYear: number } = { fromYear: 2000, toYear: 2100 },
): string[] {
  let calendar: ICAL.Component;
  try {
    calendar = new ICAL.Component(ICAL.parse(text));
  } catch (e) {
    throw new Error(`not a readable iCalendar file: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const dates = new Set<string>();
  for (const component of calendar.getAllSubcomponents("vevent")) {
    const event = new ICAL.Event(component);
    const start = event.startDate;
    if (!start?.isDate) continue;
    // DTEND is exclusive: a one-day event ends the next day.
    const length = Math.max(1, Math.round(event.duration.toSeconds() / 86_400));
    const addSpan = (first: ICAL.Time) => {
      for (let k = 0; k < length; k++) {
        const d = first.clone();
        d.adjust(k, 0, 0, 0);
        if (d.year >= range.fromYear && d.year <= range.toYear) dates.add(d.toString().slice(0, 10));
      }
    };
    if (!event.isRecurring()) {
      addSpan(start);
      continue;
    }
    const it = event.iterator();
    for (let next = it.next(); next && next.year <= range.toYear; next = it.next()) addSpan(next);
  }
  return [...dates].sort();
}
