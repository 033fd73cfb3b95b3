import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { kpiPeriod } from "./kpi-period.js";
import { kpiTickets } from "./kpi-tickets.js";
import type { KpiFilter } from "./kpi-types.js";
import { readKpis } from "./read-kpis.js";
import { clockScopeOf, kpiConfig, newYork, seedKpis } from "./testing/kpi-fixture.js";

let t: TestCore;
let period: KpiFilter;
let ids: number[];
const at = (s: string) => new Date(`2026-${s}:00Z`);

beforeEach(async () => {
  t = await testCore(kpiConfig);
  ({ ids } = await seedKpis(t));
  period = kpiPeriod("2026-03-06..2026-03-12", t.deps.now(), newYork);
  const clock = async (n: number, metric: string, state: string, breachedAt: string, metAt: string | null = null) =>
    t.prisma.slaClock.create({
      data: {
        ...(await clockScopeOf(t, ids[n] ?? 0)),
        ticketId: ids[n] ?? 0,
        metric,
        policy: "std",
        startedAt: at("03-01T00:00"),
        targetSec: 3600,
        warnSec: 2700,
        state,
        breachedAt: at(breachedAt),
        metAt: metAt ? at(metAt) : null,
      },
    });
  // Breached in the period and never met: closed without the reply (cancelled), still running.
  await clock(3, "resolution", "cancelled", "03-08T06:00");
  await clock(4, "first_response", "running", "03-09T05:30");
  // Breached before the period, met late in it: counts here, where it ended.
  await clock(5, "first_response", "met", "03-01T00:00", "03-10T13:00");
  // Breached in the period, met late after it: counts in the later period only.
  await clock(4, "resolution", "met", "03-10T00:00", "03-14T12:00");
  // Breached before the period and cancelled: an earlier period's.
  await clock(2, "next_response", "cancelled", "03-01T00:00");
});
afterEach(() => t.close());

describe("SLA met % and its drill-down", () => {
  it("count a target breached and never met as missed, each clock once, in the period it ended", async () => {
    const k = await readKpis(t.deps, as.bob, period);
    // In time: #1's and #3's; missed: #2 (late), #4, #5 (never met), #6 (late, breached before).
    expect(k.sla).toEqual({ met: 2, missed: 4, rate: 2 / 6 });
    const next = kpiPeriod("2026-03-13..2026-03-19", t.deps.now(), newYork);
    expect((await readKpis(t.deps, as.bob, next)).sla).toEqual({ met: 0, missed: 1, rate: 0 });
    const before = kpiPeriod("2026-02-27..2026-03-05", t.deps.now(), newYork);
    expect((await readKpis(t.deps, as.bob, before)).sla).toEqual({ met: 1, missed: 1, rate: 0.5 });
  });

  it("lists the same missed targets, in the order they ended, page by page", async () => {
    const all = await kpiTickets(t.deps, as.bob, period, { figure: "sla_missed", limit: 100 });
    const listed = [ids[1], ids[3], ids[4], ids[5]];
    expect(all.rows.map((r) => r.id)).toEqual(listed);
    expect(all.rows).toHaveLength((await readKpis(t.deps, as.bob, period)).sla.missed);
    const first = await kpiTickets(t.deps, as.bob, period, { figure: "sla_missed", limit: 3 });
    const second = await kpiTickets(t.deps, as.bob, period, { figure: "sla_missed", limit: 3, after: first.next });
    expect([...first.rows, ...second.rows].map((r) => r.id)).toEqual(listed);
    expect(second.next).toBeNull();
    const dee = await kpiTickets(t.deps, as.dee, period, { figure: "sla_missed", limit: 100 });
    expect(dee.rows.map((r) => r.id)).toEqual([ids[5]]);
  });
});
