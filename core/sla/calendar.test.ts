// Working-time arithmetic: lunch breaks, weekends, holidays, starts outside hours, clock changes,
// and holidays read from an iCalendar file.
import { describe, expect, it } from "vitest";
import { alwaysOpen, businessHours } from "./calendar.js";
import { CalendarDefinition } from "./calendar-config.js";
import { holidayDatesFromIcs } from "./holidays-ics.js";

const hour = 3_600_000;
const weekday = [
  ["09:00", "12:00"],
  ["13:00", "18:00"],
] as [string, string][];
const hours = { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday };
const tokyo = businessHours({ timeZone: "Asia/Tokyo", hours, holidays: ["2027-01-11"] });
// 2027-01-04 is a Monday; Tokyo is UTC+9 all year.
const jst = (local: string) => new Date(`${local}+09:00`);

describe("business hours", () => {
  it("counts around the lunch break", () => {
    expect(tokyo.add(jst("2027-01-04T11:00:00"), 4 * hour)).toEqual(jst("2027-01-04T16:00:00"));
    expect(tokyo.between(jst("2027-01-04T11:00:00"), jst("2027-01-04T16:00:00"))).toBe(4 * hour);
  });

  it("goes on after the weekend, and starts at the next opening when closed", () => {
    expect(tokyo.add(jst("2027-01-08T17:00:00"), 2 * hour)).toEqual(jst("2027-01-12T10:00:00"));
    expect(tokyo.add(jst("2027-01-09T10:00:00"), 0)).toEqual(jst("2027-01-12T09:00:00"));
    expect(tokyo.add(jst("2027-01-04T12:30:00"), 30 * 60_000)).toEqual(jst("2027-01-04T13:30:00"));
    expect(tokyo.between(jst("2027-01-08T17:00:00"), jst("2027-01-12T10:00:00"))).toBe(2 * hour);
  });

  it("skips holidays (Monday 11 January 2027, Coming of Age Day)", () => {
    expect(tokyo.isOpen(jst("2027-01-11T10:00:00"))).toBe(false);
    expect(tokyo.isOpen(jst("2027-01-12T10:00:00"))).toBe(true);
    expect(tokyo.isOpen(jst("2027-01-12T12:30:00"))).toBe(false);
  });

  it("keeps wall-clock hours on the days the clocks change", () => {
    const ny = businessHours({ timeZone: "America/New_York", hours, holidays: [] });
    // Sunday 14 March 2027 the clocks go forward; Friday closes at 18:00 EST (23:00 UTC), Monday opens at 09:00 EDT (13:00 UTC).
    expect(ny.add(new Date("2027-03-12T23:00:00Z"), 0)).toEqual(new Date("2027-03-15T13:00:00Z"));
    expect(ny.add(new Date("2027-03-12T13:00:00Z"), hour)).toEqual(new Date("2027-03-12T15:00:00Z"));
    const london = businessHours({ timeZone: "Europe/London", hours: { sun: [["00:00", "24:00"]] }, holidays: [] });
    // Sunday 28 March 2027 is 23 hours long in London.
    expect(london.between(new Date("2027-03-27T00:00:00Z"), new Date("2027-03-29T00:00:00Z"))).toBe(23 * hour);
  });

  it("counts calendar time around the clock", () => {
    expect(alwaysOpen.add(new Date(0), hour)).toEqual(new Date(hour));
    expect(alwaysOpen.between(new Date(hour), new Date(0))).toBe(0);
  });

  it("refuses calendars that make no sense, naming the problem", () => {
    const issues = (input: unknown) => {
      const r = CalendarDefinition.safeParse(input);
      return r.success ? [] : r.error.issues.map((i) => i.message);
    };
    expect(issues({ id: "ok", timeZone: "Asia/Tokyo", hours })).toEqual([]);
    expect(issues({ id: "x", timeZone: "Mars/Olympus", hours })).toEqual([expect.stringContaining("is not an IANA time zone")]);
    expect(issues({ id: "x", timeZone: "UTC", hours: { mon: [["25:00", "26:00"]] } })).toEqual(
      expect.arrayContaining([expect.stringContaining("HH:MM")]),
    );
    expect(issues({ id: "x", timeZone: "UTC", hours: { mon: [["12:00", "09:00"]] } })).toEqual(["a period must end after it starts"]);
    expect(
      issues({
        id: "x",
        timeZone: "UTC",
        hours: {
          mon: [
            ["09:00", "13:00"],
            ["12:00", "18:00"],
          ],
        },
      }),
    ).toEqual(["periods 09:00–13:00 and 12:00–18:00 overlap"]);
    expect(issues({ id: "x", timeZone: "UTC", hours: {} })).toEqual(["a calendar needs at least one working period in the week"]);
    expect(issues({ id: "x", timeZone: "UTC", hours, holidays: ["2027-02-30"] })).toEqual(["holidays are dates written YYYY-MM-DD"]);
  });
});

describe("holidays from iCalendar", () => {
  const ics = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//helpdesk test//EN",
    "BEGIN:VEVENT",
    "UID:ganjitsu",
    "DTSTART;VALUE=DATE:20270101",
    "DTEND;VALUE=DATE:20270102",
    "SUMMARY:元日",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "UID:seijin",
    "DTSTART;VALUE=DATE:20270111",
    "DTEND;VALUE=DATE:20270112",
    "SUMMARY:成人の日",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "UID:kenpo",
    "DTSTART;VALUE=DATE:20260503",
    "DTEND;VALUE=DATE:20260504",
    "RRULE:FREQ=YEARLY",
    "SUMMARY:憲法記念日",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "UID:closing",
    "DTSTART;VALUE=DATE:20261230",
    "DTEND;VALUE=DATE:20270101",
    "SUMMARY:Year-end closing",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "UID:meeting",
    "DTSTART:20270105T100000Z",
    "DTEND:20270105T110000Z",
    "SUMMARY:All-hands",
    "END:VEVENT",
    "END:VCALENDAR",
  ].join("\r\n");

  it("reads all-day events, each day of a long one and yearly ones within the range, and leaves timed ones out", () => {
    expect(holidayDatesFromIcs(ics, { fromYear: 2026, toYear: 2028 })).toEqual([
      "2026-05-03",
      "2026-12-30",
      "2026-12-31",
      "2027-01-01",
      "2027-01-11",
      "2027-05-03",
      "2028-05-03",
    ]);
  });

  it("says when the text is not iCalendar", () => {
    expect(() => holidayDatesFromIcs("hello")).toThrow(/not a readable iCalendar file/);
  });
});
