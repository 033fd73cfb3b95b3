// Working-time arithmetic: lunch breaks, weekends, holidays, starts outside hours, the days the
// clocks change, and calendar time.
import { describe, expect, it } from "vitest";
import { alwaysOpen, businessHours } from "./calendar.js";

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const weekday = [
  ["09:00", "12:00"],
  ["13:00", "18:00"],
] as const;
const hours = { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday };
// Monday 11 January 2027 is Coming of Age Day; Tokyo is UTC+9 all year.
const tokyo = businessHours({ timeZone: "Asia/Tokyo", hours, holidays: new Set(["2027-01-11"]) });
const jst = (local: string) => new Date(`${local}+09:00`);

describe("business hours", () => {
  it("counts around the lunch break", () => {
    // Monday 4 January 2027.
    expect(tokyo.add(jst("2027-01-04T11:00"), 4 * hour)).toEqual(jst("2027-01-04T16:00"));
    expect(tokyo.between(jst("2027-01-04T11:00"), jst("2027-01-04T16:00"))).toBe(4 * hour);
    expect(tokyo.between(jst("2027-01-04T11:00"), jst("2027-01-04T14:00"))).toBe(2 * hour);
    expect(tokyo.between(jst("2027-01-04T12:10"), jst("2027-01-04T12:50"))).toBe(0);
  });

  it("goes on after the weekend", () => {
    // Friday 15 January 2027 to Monday the 18th.
    expect(tokyo.add(jst("2027-01-15T17:00"), 2 * hour)).toEqual(jst("2027-01-18T10:00"));
    expect(tokyo.between(jst("2027-01-15T17:00"), jst("2027-01-18T10:00"))).toBe(2 * hour);
    expect(tokyo.between(jst("2027-01-15T18:00"), jst("2027-01-18T09:00"))).toBe(0);
    // A whole week: five days of eight hours.
    expect(tokyo.between(jst("2027-01-18T00:00"), jst("2027-01-25T00:00"))).toBe(40 * hour);
  });

  it("skips a holiday", () => {
    // Friday 8 January 2027: Saturday, Sunday and the holiday Monday go by.
    expect(tokyo.add(jst("2027-01-08T17:00"), 2 * hour)).toEqual(jst("2027-01-12T10:00"));
    expect(tokyo.between(jst("2027-01-08T17:00"), jst("2027-01-12T10:00"))).toBe(2 * hour);
    expect(tokyo.isOpen(jst("2027-01-11T10:00"))).toBe(false);
    expect(tokyo.isOpen(jst("2027-01-12T10:00"))).toBe(true);
  });

  it("starts counting at the next opening when it starts outside hours", () => {
    expect(tokyo.add(jst("2027-01-04T07:00"), hour)).toEqual(jst("2027-01-04T10:00"));
    expect(tokyo.add(jst("2027-01-04T12:30"), 30 * minute)).toEqual(jst("2027-01-04T13:30"));
    expect(tokyo.add(jst("2027-01-04T19:00"), hour)).toEqual(jst("2027-01-05T10:00"));
    expect(tokyo.add(jst("2027-01-09T10:00"), hour)).toEqual(jst("2027-01-12T10:00"));
  });

  it("adds 0 as the start of counting: the same instant when open, else the next opening", () => {
    expect(tokyo.add(jst("2027-01-04T10:15"), 0)).toEqual(jst("2027-01-04T10:15"));
    expect(tokyo.add(jst("2027-01-04T09:00"), 0)).toEqual(jst("2027-01-04T09:00"));
    // A closing instant is closed.
    expect(tokyo.add(jst("2027-01-04T12:00"), 0)).toEqual(jst("2027-01-04T13:00"));
    expect(tokyo.add(jst("2027-01-08T18:00"), 0)).toEqual(jst("2027-01-12T09:00"));
    // A negative amount is none.
    expect(tokyo.add(jst("2027-01-09T10:00"), -hour)).toEqual(jst("2027-01-12T09:00"));
  });

  it("ends at a closing, not the next opening, when the amount runs out there", () => {
    expect(tokyo.add(jst("2027-01-04T11:00"), hour)).toEqual(jst("2027-01-04T12:00"));
    expect(tokyo.add(jst("2027-01-08T17:00"), hour)).toEqual(jst("2027-01-08T18:00"));
    expect(tokyo.add(jst("2027-01-08T17:00"), hour + 1)).toEqual(new Date(jst("2027-01-12T09:00").getTime() + 1));
  });

  it("is open from each opening up to, not at, each closing", () => {
    expect(tokyo.isOpen(jst("2027-01-04T09:00"))).toBe(true);
    expect(tokyo.isOpen(new Date(jst("2027-01-04T12:00").getTime() - 1))).toBe(true);
    expect(tokyo.isOpen(jst("2027-01-04T12:00"))).toBe(false);
    expect(tokyo.isOpen(jst("2027-01-04T18:00"))).toBe(false);
    expect(tokyo.isOpen(jst("2027-01-04T08:59"))).toBe(false);
    expect(tokyo.isOpen(jst("2027-01-09T10:00"))).toBe(false);
  });

  it("counts nothing backwards", () => {
    expect(tokyo.between(jst("2027-01-04T16:00"), jst("2027-01-04T11:00"))).toBe(0);
    expect(tokyo.between(jst("2027-01-04T11:00"), jst("2027-01-04T11:00"))).toBe(0);
  });

  it("gives back what it adds, from any start, for any amount", () => {
    // Every 37 minutes over three weeks, amounts from nothing to past a weekend and a holiday.
    const amounts = [0, 1, 15 * minute, 3 * hour, 8 * hour, 8 * hour + 1, 21 * hour, 40 * hour];
    for (let t = jst("2027-01-01T00:00").getTime(); t < jst("2027-01-22T00:00").getTime(); t += 37 * minute) {
      const from = new Date(t);
      let previous = from;
      for (const ms of amounts) {
        const due = tokyo.add(from, ms);
        expect(tokyo.between(from, due)).toBe(ms);
        expect(due >= previous).toBe(true);
        previous = due;
      }
    }
  });

  it("keeps wall-clock hours on the days the clocks change (New York)", () => {
    const every = { mon: [["09:00", "18:00"]], tue: [], sat: [["09:00", "18:00"]], sun: [["09:00", "18:00"]] } as const;
    const ny = businessHours({ timeZone: "America/New_York", hours: every, holidays: [] });
    // Sunday 14 March 2027 the clocks go forward at 02:00: 09:00–18:00 EST the day before, EDT that day.
    expect(ny.add(new Date("2027-03-13T13:00:00Z"), 0)).toEqual(new Date("2027-03-13T14:00:00Z"));
    expect(ny.add(new Date("2027-03-13T22:00:00Z"), 2 * hour)).toEqual(new Date("2027-03-14T14:00:00Z"));
    expect(ny.add(new Date("2027-03-14T12:00:00Z"), 0)).toEqual(new Date("2027-03-14T13:00:00Z"));
    expect(ny.between(new Date("2027-03-14T00:00:00Z"), new Date("2027-03-15T00:00:00Z"))).toBe(9 * hour);
    expect(ny.isOpen(new Date("2027-03-14T22:30:00Z"))).toBe(false);
    expect(ny.isOpen(new Date("2027-03-14T21:30:00Z"))).toBe(true);
    // Sunday 7 November 2027 they go back: 09:00 is 13:00 UTC on Saturday and 14:00 UTC on Sunday.
    expect(ny.add(new Date("2027-11-06T12:00:00Z"), 0)).toEqual(new Date("2027-11-06T13:00:00Z"));
    expect(ny.add(new Date("2027-11-06T22:00:00Z"), 0)).toEqual(new Date("2027-11-07T14:00:00Z"));
    expect(ny.between(new Date("2027-11-07T00:00:00Z"), new Date("2027-11-08T00:00:00Z"))).toBe(9 * hour);
  });

  it("counts a day's real length across a change (New York and London)", () => {
    const allDay = [["00:00", "24:00"]] as const;
    const ny = businessHours({ timeZone: "America/New_York", hours: { sun: allDay }, holidays: [] });
    expect(ny.between(new Date("2027-03-14T00:00:00Z"), new Date("2027-03-16T00:00:00Z"))).toBe(23 * hour);
    expect(ny.between(new Date("2027-11-07T00:00:00Z"), new Date("2027-11-09T00:00:00Z"))).toBe(25 * hour);
    // A period through the skipped hour is an hour shorter than its wall-clock length.
    const night = businessHours({ timeZone: "America/New_York", hours: { sun: [["01:00", "04:00"]] }, holidays: [] });
    expect(night.between(new Date("2027-03-14T00:00:00Z"), new Date("2027-03-15T00:00:00Z"))).toBe(2 * hour);

    const london = businessHours({ timeZone: "Europe/London", hours: { sun: allDay, mon: [["09:00", "17:30"]] }, holidays: [] });
    // Sunday 28 March 2027 is 23 hours long; Monday opens at 09:00 BST, 08:00 UTC.
    expect(london.between(new Date("2027-03-27T00:00:00Z"), new Date("2027-03-29T00:00:00Z"))).toBe(23 * hour);
    expect(london.add(new Date("2027-03-28T23:00:00Z"), 0)).toEqual(new Date("2027-03-29T08:00:00Z"));
    expect(london.add(new Date("2027-03-22T08:00:00Z"), 0)).toEqual(new Date("2027-03-22T09:00:00Z"));
    // Sunday 31 October 2027 is 25 hours long.
    expect(london.between(new Date("2027-10-30T00:00:00Z"), new Date("2027-11-01T00:00:00Z"))).toBe(25 * hour);
  });

  it("treats a date the clocks skipped entirely as closed (Samoa, Friday 30 December 2011)", () => {
    const fridays = businessHours({ timeZone: "Pacific/Apia", hours: { fri: [["00:00", "24:00"]] }, holidays: [] });
    // Thursday the 29th at noon, UTC−10, to the next Friday that happened, 6 January 2012 (UTC+14).
    expect(fridays.add(new Date("2011-12-29T22:00:00Z"), 0)).toEqual(new Date("2012-01-05T10:00:00Z"));
    const allWeek = businessHours({
      timeZone: "Pacific/Apia",
      hours: Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [["00:00", "24:00"]]])),
      holidays: [],
    });
    expect(allWeek.between(new Date("2011-12-29T10:00:00Z"), new Date("2011-12-31T10:00:00Z"))).toBe(2 * day);
  });

  it("reads holidays as local dates", () => {
    // 1 January in Tokyo starts at 15:00 UTC on 31 December.
    const open = businessHours({
      timeZone: "Asia/Tokyo",
      hours: { fri: [["00:00", "24:00"]], thu: [["00:00", "24:00"]] },
      holidays: ["2027-01-01"],
    });
    expect(open.isOpen(new Date("2026-12-31T14:59:59Z"))).toBe(true);
    expect(open.isOpen(new Date("2026-12-31T15:00:00Z"))).toBe(false);
    expect(open.between(new Date("2026-12-30T00:00:00Z"), new Date("2027-01-02T00:00:00Z"))).toBe(day);
  });

  it("merges periods that overlap when a calendar was not checked by the config schema", () => {
    const sloppy = businessHours({
      timeZone: "UTC",
      hours: {
        mon: [
          ["11:00", "13:00"],
          ["09:00", "12:00"],
        ],
      },
      holidays: [],
    });
    expect(sloppy.between(new Date("2027-01-04T00:00:00Z"), new Date("2027-01-05T00:00:00Z"))).toBe(4 * hour);
    expect(() => businessHours({ timeZone: "UTC", hours: { mon: [["9:00", "12:00"]] }, holidays: [] })).toThrow(/mon: "9:00"–"12:00"/);
    expect(() => businessHours({ timeZone: "Mars/Olympus", hours, holidays: [] })).toThrow(/Mars\/Olympus/);
  });

  it("stays right over decades of dates (more than it keeps worked out)", () => {
    const utc = businessHours({ timeZone: "UTC", hours: { mon: [["00:00", "24:00"]] }, holidays: [] });
    // 1 January 2001 was a Monday; Monday 30 December 2030 is the 1566th.
    expect(utc.between(new Date("2001-01-01T00:00:00Z"), new Date("2030-12-31T00:00:00Z"))).toBe(1566 * day);
    // The first of those were let go meanwhile, and are worked out again.
    expect(utc.add(new Date("2001-01-01T00:00:00Z"), 2 * day)).toEqual(new Date("2001-01-09T00:00:00Z"));
    expect(utc.add(new Date("2030-12-25T00:00:00Z"), 1)).toEqual(new Date("2030-12-30T00:00:00.001Z"));
  });

  it("gives up with a clear error instead of walking for ever", () => {
    const never = businessHours({ timeZone: "UTC", hours: {}, holidays: [] });
    expect(() => never.add(new Date("2027-01-04T00:00:00Z"), hour)).toThrow(/no working time left within 3660 days/);
    expect(never.between(new Date("2027-01-04T00:00:00Z"), new Date("2028-01-04T00:00:00Z"))).toBe(0);
    expect(never.isOpen(new Date("2027-01-04T00:00:00Z"))).toBe(false);
    expect(() => tokyo.add(jst("2027-01-04T09:00"), 20 * 365 * day)).toThrow(/no working time left within 3660 days/);
    expect(() => tokyo.add(new Date(NaN), hour)).toThrow(RangeError);
    expect(() => tokyo.add(jst("2027-01-04T09:00"), NaN)).toThrow(RangeError);
    expect(() => tokyo.between(new Date(NaN), jst("2027-01-04T09:00"))).toThrow(RangeError);
  });
});

describe("calendar time", () => {
  it("counts every millisecond", () => {
    expect(alwaysOpen.add(new Date(0), hour)).toEqual(new Date(hour));
    expect(alwaysOpen.add(new Date(hour), 0)).toEqual(new Date(hour));
    expect(alwaysOpen.add(new Date(hour), -hour)).toEqual(new Date(hour));
    expect(alwaysOpen.between(new Date(0), new Date(3 * day))).toBe(3 * day);
    expect(alwaysOpen.between(new Date(hour), new Date(0))).toBe(0);
    expect(alwaysOpen.isOpen(jst("2027-01-09T03:00"))).toBe(true);
  });
});
