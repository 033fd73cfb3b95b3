// The wall clock kept per UTC hour must read as Intl reads each instant on its own, across
// daylight-saving changes, in zones half an hour off UTC, and where the clocks change mid-hour.
import { describe, expect, it } from "vitest";
import { Formats } from "./format.js";
import { WallClock, wallClock } from "./wall-clock.js";

/** The wall clock as Intl gives it for the one instant, "YYYY-MM-DD HH:mm". */
function intlWallClock(t: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(t);
  const p = (type: string) => parts.find((x) => x.type === type)?.value;
  return `${p("year")}-${p("month")}-${p("day")} ${p("hour")}:${p("minute")}`;
}

/** Every `stepMin` minutes over the day around `iso`. */
const around = (iso: string, stepMin: number) => {
  const t0 = Date.parse(iso) - 12 * 3_600_000;
  return Array.from({ length: (24 * 60) / stepMin }, (_, i) => t0 + i * stepMin * 60_000);
};

describe("WallClock", () => {
  it.each([
    // Europe/London: 01:00 UTC on the last Sunday of March, and back at 01:00 UTC in October.
    ["Europe/London", "2026-03-29T01:00:00Z"],
    ["Europe/London", "2026-10-25T01:00:00Z"],
    // New York's change, four or five hours off UTC.
    ["America/New_York", "2026-03-08T07:00:00Z"],
    // +5:30 all year; +9 all year.
    ["Asia/Kolkata", "2026-06-01T00:00:00Z"],
    ["Asia/Tokyo", "2026-12-31T15:00:00Z"],
    // Lord Howe Island moves its clocks by half an hour: forward at 02:00 local (+10:30), 15:30 UTC,
    // in the middle of a UTC hour; back at 02:00 local (+11), 15:00 UTC.
    ["Australia/Lord_Howe", "2026-10-03T15:30:00Z"],
    ["Australia/Lord_Howe", "2026-04-04T15:00:00Z"],
    // Nepal, +5:45.
    ["Asia/Kathmandu", "2026-01-01T00:00:00Z"],
  ])("reads %s as Intl does, minute by minute around %s", (zone, iso) => {
    const clock = new WallClock(zone);
    for (const t of around(iso, 7)) expect(clock.dateTime(new Date(t)), new Date(t).toISOString()).toBe(intlWallClock(t, zone));
  });

  it("reads instants given in any order, and seconds and milliseconds before 1970", () => {
    const clock = new WallClock("America/Sao_Paulo");
    // -59_001: 1969-12-31T23:59:00.999Z less a minute's second; cut to its second toward the past, not toward 1970.
    const instants = [Date.parse("2018-11-04T02:59:59.999Z"), Date.parse("2018-11-04T03:00:00Z"), -1, -1_001, -59_001, 86_399_999];
    for (const t of [...instants, ...instants.reverse()]) expect(clock.dateTime(new Date(t))).toBe(intlWallClock(t, "America/Sao_Paulo"));
  });

  it("gives the zone's calendar day", () => {
    const tokyo = new Formats("ja", "Asia/Tokyo");
    expect(tokyo.isoDate(new Date("2026-12-31T15:00:00Z"))).toBe("2027-01-01");
    expect(tokyo.isoDateTime(new Date("2026-12-31T14:59:59Z"))).toBe("2026-12-31 23:59");
    expect(new Formats("en", "America/Los_Angeles").isoDate(new Date("2027-01-01T07:59:00Z"))).toBe("2026-12-31");
  });

  it("reads the years before 100 and before the common era as they are, in ISO form", () => {
    const utc = new WallClock("UTC");
    expect(utc.dateTime(new Date("0050-06-01T12:00:00Z"))).toBe("0050-06-01 12:00");
    expect(utc.date(new Date("-000001-06-01T00:00:00Z"))).toBe("-000001-06-01");
    expect(utc.date(new Date("+012345-01-01T00:00:00Z"))).toBe("+012345-01-01");
    expect(new WallClock("Asia/Tokyo").dateTime(new Date("0000-12-31T15:00:00Z"))).toBe("0001-01-01 00:18");
  });

  it("reads the furthest dates a Date holds, and refuses an invalid one", () => {
    expect(new WallClock("UTC").dateTime(new Date(8.64e15))).toBe("+275760-09-13 00:00");
    expect(new WallClock("America/New_York").dateTime(new Date(8.64e15))).toBe("+275760-09-12 20:00");
    expect(() => new WallClock("UTC").dateTime(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe("wallClock", () => {
  it("is one clock per zone, shared by every reader", () => {
    expect(wallClock("Asia/Tokyo")).toBe(wallClock("Asia/Tokyo"));
    expect(wallClock("Asia/Tokyo")).not.toBe(wallClock("Europe/London"));
  });
});
