// The CSV export's chunks: every ticket once, in order, up to the cap (saying when it cut), the
// next two chunks already being read while the caller holds this one, and none once it stops.
import type { KyselyPlugin } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { kpiPeriod } from "./kpi-period.js";
import { kpiTicketChunks } from "./kpi-ticket-chunks.js";
import type { KpiFilter } from "./kpi-types.js";
import { kpiTickets } from "./kpi-tickets.js";
import { clockScopeOf, kpiConfig, newYork, seedKpis } from "./testing/kpi-fixture.js";

let t: TestCore;
let period: KpiFilter;
let ids: number[];
beforeEach(async () => {
  t = await testCore(kpiConfig);
  ({ ids } = await seedKpis(t));
  period = kpiPeriod("2026-03-06..2026-03-12", t.deps.now(), newYork);
});
afterEach(() => t.close());

/**
 * The ticket number of a row of the figure's list as the database gave it (on PostgreSQL each row
 * is one JSON array), or null for a row of any other read.
 */
function listedId(row: unknown): number | null {
  if (typeof row !== "object" || row === null) return null;
  if ("r" in row && Array.isArray(row.r)) return row.r[0] as number;
  return "at" in row && "subject" in row && "id" in row ? (row.id as number) : null;
}

async function chunksOf(chunk: number, maxRows: number) {
  const got: { ids: number[]; cut: boolean }[] = [];
  for await (const c of kpiTicketChunks(t.deps, as.bob, period, { figure: "created", chunk, maxRows }))
    got.push({ ids: c.rows.map((r) => r.id), cut: c.cut });
  return got;
}

/** An SLA target of the n-th ticket of the fixture, missed (breached, never met) at `breachedAt`. */
const missed = async (n: number, metric: string, breachedAt: string) =>
  t.prisma.slaClock.create({
    data: {
      ...(await clockScopeOf(t, ids[n]!)),
      ticketId: ids[n]!,
      metric,
      policy: "std",
      startedAt: new Date("2026-03-01T00:00:00Z"),
      targetSec: 3600,
      warnSec: 2700,
      state: "running",
      breachedAt: new Date(breachedAt),
      metAt: null,
    },
  });

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

  it("holds a failed read ahead for the caller's next ask, without an unhandled rejection meanwhile", async () => {
    let reads = 0;
    const failing: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        if (args.result.rows.some((r) => listedId(r) !== null) && ++reads === 2) throw new Error("disk gone");
        return args.result;
      },
    };
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on("unhandledRejection", onUnhandled);
    try {
      const chunks = kpiTicketChunks({ ...t.deps, reports: t.deps.db.withPlugin(failing) }, as.bob, period, {
        figure: "created",
        chunk: 2,
        maxRows: 100,
      });
      expect((await chunks.next()).value?.rows).toHaveLength(2);
      // The caller takes its time with the first chunk while the read ahead fails.
      await new Promise((r) => setTimeout(r, 50));
      expect(unhandled).toEqual([]);
      await expect(chunks.next()).rejects.toThrow("disk gone");
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("is already reading the next two chunks while the caller holds this one", async () => {
    // Counts the drill-down reads run.
    let reads = 0;
    const counting: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        if (args.result.rows.some((r) => listedId(r) !== null)) reads++;
        return args.result;
      },
    };
    const deps = { ...t.deps, reports: t.deps.db.withPlugin(counting) };
    const chunks = kpiTicketChunks(deps, as.bob, period, { figure: "created", chunk: 1, maxRows: 100 });
    const first = await chunks.next();
    expect(first.value?.rows.map((r) => r.id)).toEqual(ids.slice(0, 1));
    await new Promise((r) => setTimeout(r, 50));
    expect(reads).toBe(3);
    await chunks.return(undefined);
  });

  it("checks the reader and looks up each owner's and team's name once for the whole export", async () => {
    // The table each read is from, by the first name in its FROM clause.
    const tables: string[] = [];
    const recording: KyselyPlugin = {
      transformQuery: (args) => {
        const from = (args.node as { from?: unknown }).from;
        const name = /"name":"(\w+)"/.exec(JSON.stringify(from ?? null))?.[1];
        if (name) tables.push(name);
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const deps = { ...t.deps, reports: t.deps.db.withPlugin(recording) };
    const got: { id: number; owner: string | null; team: string | null }[] = [];
    for await (const c of kpiTicketChunks(deps, as.bob, period, { figure: "created", chunk: 2, maxRows: 100 }))
      got.push(...c.rows.map((r) => ({ id: r.id, owner: r.owner, team: r.team })));
    expect(got.map((r) => r.id)).toEqual(ids);
    // The first two tickets are bob's, in tier1; the sixth has no team.
    expect(got[0]).toMatchObject({ owner: "Bob", team: "Tier 1" });
    expect(got[5]).toMatchObject({ team: null });
    // Three chunks; the reader (an Agent read) and the names (an Agent and a Team read) once each.
    expect(tables.filter((n) => n === "Ticket")).toHaveLength(3);
    expect(tables.filter((n) => n !== "Ticket").sort()).toEqual(["Agent", "Agent", "Team"]);
  });

  it("gives every ticket once, in order, a ticket a chunk, and stops at the cap saying so", async () => {
    const one = (ids: number[], last = false) => ids.map((id, i) => ({ ids: [id], cut: last && i === ids.length - 1 }));
    expect(await chunksOf(1, 6)).toEqual(one(ids));
    expect(await chunksOf(1, 4)).toEqual(one(ids.slice(0, 4), true));
  });

  it("gives a ticket of the SLA-missed list once, though it missed two targets at one instant", async () => {
    // Two tickets each miss two targets at the same instant, a third one target.
    await missed(3, "xa", "2026-03-08T06:00:00Z");
    await missed(3, "xb", "2026-03-08T06:00:00Z");
    await missed(4, "xa", "2026-03-09T06:00:00Z");
    await missed(4, "xb", "2026-03-09T06:00:00Z");
    await missed(5, "xa", "2026-03-10T13:00:00Z");
    const all = (await kpiTickets(t.deps, as.bob, period, { figure: "sla_missed", limit: 100 })).rows.map((r) => r.id);
    expect(all).toHaveLength(4);
    const got: number[] = [];
    for await (const c of kpiTicketChunks(t.deps, as.bob, period, { figure: "sla_missed", chunk: 4, maxRows: 4 }))
      got.push(...c.rows.map((r) => r.id));
    expect(got).toEqual(all);
  });

  it("does not say it cut a list that ends at the cap with a ticket listed twice", async () => {
    // The SLA-missed list: four tickets, the last two each missing two targets at one instant.
    await missed(3, "xa", "2026-03-08T06:00:00Z");
    await missed(4, "xa", "2026-03-09T06:00:00Z");
    await missed(4, "xb", "2026-03-09T06:00:00Z");
    await missed(5, "xa", "2026-03-10T13:00:00Z");
    await missed(5, "xb", "2026-03-10T13:00:00Z");
    const all = await kpiTickets(t.deps, as.bob, period, { figure: "sla_missed", limit: 4 });
    expect(all.rows.map((r) => r.id)).toEqual([ids[1], ids[3], ids[4], ids[5]]);
    expect(all.next).toBeNull();
    for (const chunk of [1, 2, 3, 4]) {
      const got: { ids: number[]; cut: boolean }[] = [];
      for await (const c of kpiTicketChunks(t.deps, as.bob, period, { figure: "sla_missed", chunk, maxRows: 4 }))
        got.push({ ids: c.rows.map((r) => r.id), cut: c.cut });
      expect(
        got.flatMap((c) => c.ids),
        `chunks of ${chunk}`,
      ).toEqual([ids[1], ids[3], ids[4], ids[5]]);
      expect(
        got.some((c) => c.cut),
        `chunks of ${chunk}`,
      ).toBe(false);
    }
  });

  it("starts no read once the caller has stopped", async () => {
    // Each read of the list takes a while (long beside opening a connection to PostgreSQL, which
    // the names' reads may need while the list's reads hold theirs); the first ticket each read
    // gives is noted.
    const firsts: number[] = [];
    const slow: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        const first = listedId(args.result.rows[0]);
        if (first !== null) {
          firsts.push(first);
          await new Promise((r) => setTimeout(r, 150));
        }
        return args.result;
      },
    };
    const deps = { ...t.deps, reports: t.deps.db.withPlugin(slow) };
    const chunks = kpiTicketChunks(deps, as.bob, period, { figure: "created", chunk: 1, maxRows: 6 });
    expect((await chunks.next()).value?.rows.map((r) => r.id)).toEqual([ids[0]]);
    await chunks.return(undefined);
    await new Promise((r) => setTimeout(r, 450));
    // Started before the stop: the first read and the one after it (each read starts when the one
    // before has returned). Not the third's, which would have started after the stop.
    expect(firsts).toEqual([ids[0], ids[1]]);
  });
});
