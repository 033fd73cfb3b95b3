// The calendar schema: what an admin may write, and what they are told when it is wrong.
import { describe, expect, it } from "vitest";
import { CalendarDefinition, minutesOf } from "./calendar-config.js";

const weekday = [
  ["09:00", "12:00"],
  ["13:00", "18:00"],
];
const tokyo = {
  id: "tokyo",
  timeZone: "Asia/Tokyo",
  hours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [], sun: [] },
  holidays: ["2027-01-01", "2027-01-11"],
  holidaysIcal: "config/jp-holidays.ics",
};

/** The problems found in `change` applied to the Tokyo calendar, as "path: message". */
const problems = (change: Record<string, unknown>) => {
  const r = CalendarDefinition.safeParse({ ...tokyo, ...change });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};
const monday = (...periods: string[][]) => problems({ hours: { mon: periods } });

describe("calendar definition", () => {
  it("accepts a calendar with a lunch break, closed weekends, holidays and an iCalendar file", () => {
    expect(CalendarDefinition.parse(tokyo)).toEqual(tokyo);
  });

  it("treats days left out as closed, and needs no holidays", () => {
    const c = CalendarDefinition.parse({ id: "night-shift", timeZone: "UTC", hours: { sun: [["00:00", "24:00"]] } });
    expect(c.hours).toEqual({ sun: [["00:00", "24:00"]] });
    expect(c.holidays).toEqual([]);
    expect(c.holidaysIcal).toBeUndefined();
  });

  it("wants a lower-case slug for an id", () => {
    expect(problems({ id: "Tokyo" })).toEqual([
      'id: calendar id "Tokyo" is not a lower-case slug (a-z, 0-9, "-" and "_", starting with a letter)',
    ]);
    expect(problems({ id: "1st" })).toHaveLength(1);
    expect(problems({ id: "tokyo office" })).toHaveLength(1);
    expect(problems({ id: "tokyo-office_2" })).toEqual([]);
  });

  it("wants an IANA time zone", () => {
    expect(problems({ timeZone: "Mars/Olympus" })).toEqual([
      'timeZone: "Mars/Olympus" is not an IANA time zone (e.g. Asia/Tokyo, Europe/London)',
    ]);
    expect(problems({ timeZone: "Europe/London" })).toEqual([]);
  });

  it("wants times written HH:MM from 00:00 to 24:00", () => {
    expect(monday(["9:00", "12:00"])).toEqual(['hours.mon.0.0: "9:00" is not a time: write HH:MM, from 00:00 to 24:00']);
    expect(monday(["09:00", "24:30"])).toEqual(['hours.mon.0.1: "24:30" is not a time: write HH:MM, from 00:00 to 24:00']);
    expect(monday(["09:60", "12:00"])).toHaveLength(1);
    expect(monday(["25:00", "26:00"])).toHaveLength(2);
    expect(monday(["00:00", "24:00"])).toEqual([]);
  });

  it("wants each period to end after it starts", () => {
    expect(monday(["12:00", "09:00"])).toEqual(["hours.mon.0: the period 12:00–09:00 must end after it starts"]);
    expect(monday(["09:00", "09:00"])).toEqual(["hours.mon.0: the period 09:00–09:00 must end after it starts"]);
  });

  it("refuses periods of a day that overlap, in any order, and lets them touch", () => {
    expect(monday(["12:00", "18:00"], ["09:00", "13:00"])).toEqual(["hours.mon: the periods 09:00–13:00 and 12:00–18:00 overlap"]);
    expect(monday(["09:00", "18:00"], ["10:00", "11:00"])).toEqual(["hours.mon: the periods 09:00–18:00 and 10:00–11:00 overlap"]);
    expect(monday(["09:00", "12:00"], ["12:00", "18:00"])).toEqual([]);
  });

  it("refuses a day name it does not know rather than leaving that day closed", () => {
    expect(problems({ hours: { monday: weekday } })).toEqual(['hours: unknown day "monday": days are mon, tue, wed, thu, fri, sat, sun']);
  });

  it("needs at least one working period in the week", () => {
    expect(problems({ hours: {} })).toEqual(["hours: a calendar needs at least one working period in the week"]);
    expect(problems({ hours: { mon: [], sat: [] } })).toEqual(["hours: a calendar needs at least one working period in the week"]);
  });

  it("says what is missing, and copes with something that is not a calendar at all", () => {
    expect(problems({ hours: undefined })).toEqual([expect.stringMatching(/^hours: /)]);
    expect(CalendarDefinition.safeParse(null).success).toBe(false);
    expect(CalendarDefinition.safeParse("tokyo").success).toBe(false);
  });

  it("wants holidays as real dates written YYYY-MM-DD", () => {
    const message = (d: string) => `holidays.0: holiday "${d}" is not a real date written YYYY-MM-DD`;
    for (const d of ["2027-02-30", "2027-02-29", "2027-13-01", "2027-1-11", "2027/01/11", "11 January 2027", "2027-01-11T00:00"])
      expect(problems({ holidays: [d] })).toEqual([message(d)]);
    expect(problems({ holidays: ["2028-02-29"] })).toEqual([]);
  });

  it("wants holidaysIcal, when given, to be a path", () => {
    expect(problems({ holidaysIcal: "" })).toEqual([
      "holidaysIcal: holidaysIcal is a path to an iCalendar file; leave it out when there is none",
    ]);
  });

  it("refuses a key it does not know (a misspelt one would be ignored otherwise)", () => {
    expect(problems({ holiday: ["2027-01-01"] })).toEqual([expect.stringContaining('"holiday"')]);
  });

  it("reads HH:MM as minutes since midnight", () => {
    expect(minutesOf("00:00")).toBe(0);
    expect(minutesOf("13:30")).toBe(810);
    expect(minutesOf("24:00")).toBe(1440);
    expect(minutesOf("9:00")).toBeNaN();
  });
});
