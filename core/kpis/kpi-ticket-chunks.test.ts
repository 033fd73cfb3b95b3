// The CSV export's chunks: every ticket once, in order, up to the cap (saying when it cut), cut
// ahead and read side by side while the caller holds the first.
import type { KyselyPlugin } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { kpiPeriod } from "./kpi-period.js";
import { kpiTicketChunks } from "./kpi-ticket-chunks.js";
import { kpiTicketCuts, kpiTickets } from "./kpi-tickets.js";
import type { KpiFilter } from "./kpi-types.js";
import { kpiConfig, newYork, seedKpis } from "./testing/kpi-fixture.js";

let t: TestCore;
let period: KpiFilter;
let ids: number[];
beforeEach(async () => {
  t = await testCore(kpiConfig);
  ({ ids } = await seedKpis(t));
  period = kpiPeriod("2026-03-06..2026-03-12", t.deps.now(), newYork);
});
afterEach(() => t.close());

async function chunksOf(chunk: number, maxRows: number) {
  const got: { ids: number[]; cut: boolean }[] = [];
  for await (const c of kpiTicketChunks(t.deps, as.bob, period, { figure: "created", chunk, maxRows }))
    got.push({ ids: c.rows.map((r) => r.id), cut: c.cut });
  return got;
}

describe("kpiTicketChunks", () => {
  it("gives every ticket once, in order, a chunk at a time", async () => {
    expect(ids).toHaveLength(6);
    expect(await chunksOf(4, 100)).toEqual([
      { ids: ids.slice(0, 4), cut: false },
      { ids: ids.slice(4), cut: false },
    ]);
    expect(await chunksOf(3, 6)).toEqual([
      { ids: ids.slice(0, 3), cut: false },
      { ids: ids.slice(3), cut: false },
    ]);
  });

  it("stops at the cap and says it left tickets out", async () => {
    expect(await chunksOf(2, 5)).toEqual([
      { ids: ids.slice(0, 2), cut: false },
      { ids: ids.slice(2, 4), cut: false },
      { ids: ids.slice(4, 5), cut: true },
    ]);
  });

  it("reads the chunks side by side, ahead of the caller", async () => {
    // Counts the drill-down reads run (their rows carry the tickets' subjects).
    let reads = 0;
    const counting: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        if (args.result.rows.some((r) => "subject" in (r as object))) reads++;
        return args.result;
      },
    };
    const deps = { ...t.deps, reports: t.deps.db.withPlugin(counting) };
    const chunks = kpiTicketChunks(deps, as.bob, period, { figure: "created", chunk: 2, maxRows: 100 });
    const first = await chunks.next();
    expect(first.value?.rows.map((r) => r.id)).toEqual(ids.slice(0, 2));
    // Cut at the 2nd and 4th ticket: the three parts were all asked for before the first was
    // handed over, and come in while the caller still holds it.
    for (let i = 0; i < 200 && reads < 3; i++) await new Promise((r) => setTimeout(r, 10));
    expect(reads).toBe(3);
    await chunks.return(undefined);
  });

  it("lists a part of a figure between two positions", async () => {
    const cuts = await kpiTicketCuts(t.deps, as.bob, period, { figure: "created", every: 2, maxRows: 100 });
    expect(cuts).toHaveLength(2);
    const part = await kpiTickets(t.deps, as.bob, period, { figure: "created", limit: 100, after: cuts[0], until: cuts[1] });
    expect(part.rows.map((r) => r.id)).toEqual(ids.slice(2, 4));
    expect(part.next).toBeNull();
    // The cap counts: no cut at or past it.
    expect(await kpiTicketCuts(t.deps, as.bob, period, { figure: "created", every: 2, maxRows: 4 })).toEqual(cuts.slice(0, 1));
    expect(await kpiTicketCuts(t.deps, as.bob, period, { figure: "sla_missed", every: 2, maxRows: 100 })).toEqual([]);
  });
});
