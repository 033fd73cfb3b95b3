import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { kpiPeriod } from "./kpi-period.js";
import type { KpiFilter } from "./kpi-types.js";
import { readKpis } from "./read-kpis.js";
import { kpiConfig, newYork, seedKpis } from "./testing/kpi-fixture.js";

let t: TestCore;
let period: KpiFilter;
beforeEach(async () => {
  t = await testCore(kpiConfig);
  await seedKpis(t);
  period = kpiPeriod("2026-03-06..2026-03-12", t.deps.now(), newYork);
});
afterEach(() => t.close());

describe("readKpis", () => {
  it("counts volume, resolution rate and times of the reader's tickets, by hand", async () => {
    const k = await readKpis(t.deps, as.bob, period);
    expect(k.created).toBe(6);
    expect(k.resolved).toBe(5);
    expect(k.resolutionRate).toBeCloseTo(5 / 6);
    expect(k.firstResponse).toEqual({
      count: 6,
      mean: 20200,
      median: 5400,
      p90: 90000,
      buckets: [
        { upToSec: 3600, count: 2 },
        { upToSec: 14400, count: 2 },
        { upToSec: 28800, count: 1 },
        { upToSec: 86400, count: 0 },
        { upToSec: 259200, count: 1 },
        { upToSec: null, count: 0 },
      ],
    });
    expect(k.resolution).toMatchObject({ count: 5, mean: 47400, median: 18000, p90: 172800 });
    expect(k.resolution.buckets.map((b) => b.count)).toEqual([1, 1, 1, 1, 1, 0]);
    // Only two tickets have a business-hours value (their SLA had a calendar); none for resolution.
    expect(k.firstResponseBusiness).toMatchObject({ count: 2, mean: 300, median: 300, p90: 600 });
    expect(k.resolutionBusiness).toBeNull();
    expect(k.targets).toEqual({ firstResponseSec: 4 * 3600, resolutionSec: 24 * 3600, resolutionRate: 0.9, csat: 4 });
  });

  it("counts volume per day of the reader's time zone, across the change to summer time", async () => {
    const k = await readKpis(t.deps, as.bob, period);
    expect(k.volume).toEqual([
      { day: "2026-03-06", created: 3, resolved: 2 },
      { day: "2026-03-07", created: 1, resolved: 1 },
      { day: "2026-03-08", created: 0, resolved: 1 },
      { day: "2026-03-09", created: 1, resolved: 0 },
      { day: "2026-03-10", created: 1, resolved: 0 },
      { day: "2026-03-11", created: 0, resolved: 1 },
      { day: "2026-03-12", created: 0, resolved: 0 },
    ]);
    // An admin without a team reads the help desk's zone (UTC): #3 falls on the 7th there.
    const utc = await readKpis(t.deps, as.ada, kpiPeriod("2026-03-06..2026-03-07", t.deps.now(), "UTC"));
    expect(utc.volume).toEqual([
      { day: "2026-03-06", created: 2, resolved: 2 },
      { day: "2026-03-07", created: 2, resolved: 2 },
    ]);
  });

  it("gives CSAT of the ratings in the period and the share of surveys answered, and SLA met %", async () => {
    const k = await readKpis(t.deps, as.bob, period);
    expect(k.csat).toEqual({ responses: 3, surveys: 4, mean: 11 / 3, responseRate: 0.75, scores: [0, 1, 0, 1, 1] });
    expect(k.sla).toEqual({ met: 2, missed: 1, rate: 2 / 3 });
  });

  it("lets an agent read only their teams and unteamed tickets; an admin reads all", async () => {
    await expect(readKpis(t.deps, as.bob, { ...period, teamId: "vip" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(readKpis(t.deps, as.dee, { ...period, teamId: "tier1" })).rejects.toMatchObject({ code: "forbidden" });
    const dee = await readKpis(t.deps, as.dee, period);
    expect(dee.created).toBe(2); // the VIP ticket and the unteamed one
    expect(dee.csat.mean).toBe(1);
    const admin = await readKpis(t.deps, as.ada, period);
    expect(admin.created).toBe(7);
    expect(admin.sla).toEqual({ met: 3, missed: 1, rate: 3 / 4 });
    const vip = await readKpis(t.deps, as.ada, { ...period, teamId: "vip" });
    expect(vip.created).toBe(1);
    const unteamed = await readKpis(t.deps, as.bob, { ...period, teamId: null });
    expect(unteamed.created).toBe(1);
    const tier1 = await readKpis(t.deps, as.bob, { ...period, teamId: "tier1" });
    expect(tier1.created).toBe(5);
  });

  it("narrows by owner, pipeline and source", async () => {
    const byBob = await readKpis(t.deps, as.ada, { ...period, agentId: "bob" });
    expect([byBob.created, byBob.firstResponse.mean, byBob.csat.mean]).toEqual([2, 1200, 4.5]);
    const billing = await readKpis(t.deps, as.bob, { ...period, pipelineId: "billing" });
    expect([billing.created, billing.resolution.median]).toEqual([1, 18000]);
    const forms = await readKpis(t.deps, as.bob, { ...period, source: "form" });
    expect([forms.created, forms.firstResponse.p90, forms.sla.rate]).toEqual([1, 7200, null]);
  });

  it("gives empty figures for a period without tickets", async () => {
    const k = await readKpis(t.deps, as.bob, kpiPeriod("2026-02-01..2026-02-02", t.deps.now(), newYork));
    expect(k).toMatchObject({ created: 0, resolved: 0, resolutionRate: null, sla: { met: 0, missed: 0, rate: null } });
    expect(k.firstResponse).toMatchObject({ count: 0, mean: null, median: null, p90: null });
    expect(k.csat).toMatchObject({ responses: 0, mean: null, responseRate: null });
    expect(k.volume.map((v) => v.day)).toEqual(["2026-02-01", "2026-02-02"]);
  });

  it("refuses a period that ends before it starts or runs over a year", async () => {
    const from = new Date("2026-03-06T00:00:00Z");
    await expect(readKpis(t.deps, as.bob, { from, to: from })).rejects.toMatchObject({ code: "invalid" });
    await expect(readKpis(t.deps, as.bob, { from, to: new Date("2027-06-01T00:00:00Z") })).rejects.toMatchObject({ code: "invalid" });
  });

  it("reads the longest period allowed, a statement branch per day, with the same totals", async () => {
    const long = kpiPeriod("2025-04-01..2026-05-04", t.deps.now(), newYork);
    const k = await readKpis(t.deps, as.bob, long);
    expect(k.volume).toHaveLength(399);
    // The same tickets as the week's, and the SLA target met on 1 March besides.
    expect([k.created, k.resolved, k.firstResponse.median, k.sla.met]).toEqual([6, 5, 5400, 3]);
  });
});
