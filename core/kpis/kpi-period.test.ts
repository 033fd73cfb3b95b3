import { describe, expect, it } from "vitest";
import { kpiPeriod } from "./kpi-period.js";

// 2026-01-05 09:00 UTC is 18:00 in Tokyo and 04:00 in New York.
const now = new Date("2026-01-05T09:00:00Z");
const iso = (p: { from: Date; to: Date }) => [p.from.toISOString(), p.to.toISOString()];

describe("kpiPeriod", () => {
  it("reads named periods as whole days of the reader's zone", () => {
    expect(iso(kpiPeriod("today", now, "Asia/Tokyo"))).toEqual(["2026-01-04T15:00:00.000Z", "2026-01-05T15:00:00.000Z"]);
    expect(iso(kpiPeriod("7d", now, "Asia/Tokyo"))).toEqual(["2025-12-29T15:00:00.000Z", "2026-01-05T15:00:00.000Z"]);
    expect(iso(kpiPeriod("30D", now, "UTC"))).toEqual(["2025-12-07T00:00:00.000Z", "2026-01-06T00:00:00.000Z"]);
    expect(iso(kpiPeriod("", now, "UTC"))).toEqual(iso(kpiPeriod("30d", now, "UTC")));
    expect(iso(kpiPeriod("90d", now, "UTC"))[0]).toBe("2025-10-08T00:00:00.000Z");
    expect(iso(kpiPeriod("this_month", now, "America/New_York"))).toEqual(["2026-01-01T05:00:00.000Z", "2026-02-01T05:00:00.000Z"]);
    expect(iso(kpiPeriod("last_month", now, "America/New_York"))).toEqual(["2025-12-01T05:00:00.000Z", "2026-01-01T05:00:00.000Z"]);
  });

  it("reads two dates, both included, across a change of the clocks", () => {
    expect(iso(kpiPeriod("2026-03-08..2026-03-08", now, "America/New_York"))).toEqual([
      "2026-03-08T05:00:00.000Z",
      "2026-03-09T04:00:00.000Z",
    ]);
  });

  it("refuses anything else with a catalogue message", () => {
    for (const typed of ["yesterday", "8d", "2026-03-09..2026-03-01", "2020-01-01..2026-01-01", "2026-02-30..2026-03-01"]) {
      expect(() => kpiPeriod(typed, now, "UTC"), typed).toThrow(expect.objectContaining({ code: "invalid" }));
    }
  });
});
