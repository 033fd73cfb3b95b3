// The CSV export's chunks: every ticket once, in order, up to the cap (saying when it cut), and the
// next chunk already being read while the caller holds this one.
import type { KyselyPlugin } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { kpiPeriod } from "./kpi-period.js";
import { kpiTicketChunks } from "./kpi-ticket-chunks.js";
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

  it("is already reading the next chunk while the caller holds this one", async () => {
    // Counts the drill-down reads run (their rows carry the figure's time, `at`).
    let reads = 0;
    const counting: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        if (args.result.rows.some((r) => listedId(r) !== null)) reads++;
        return args.result;
      },
    };
    const deps = { ...t.deps, reports: t.deps.db.withPlugin(counting) };
    const chunks = kpiTicketChunks(deps, as.bob, period, { figure: "created", chunk: 2, maxRows: 100 });
    const first = await chunks.next();
    expect(first.value?.rows.map((r) => r.id)).toEqual(ids.slice(0, 2));
    await new Promise((r) => setTimeout(r, 20));
    expect(reads).toBe(2);
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
    // Where a second half would start (the list is shorter) and three chunks; the reader (an Agent
    // read) and the names (an Agent and a Team read) once each.
    expect(tables.filter((n) => n === "Ticket")).toHaveLength(4);
    expect(tables.filter((n) => n !== "Ticket").sort()).toEqual(["Agent", "Agent", "Team"]);
  });

  describe("a long export, in two halves read side by side", () => {
    /** The export's chunks, with `onCut` run when the second half's start has been read. */
    async function split(chunk: number, maxRows: number, onCut: () => Promise<void> = async () => {}) {
      const plugin: KyselyPlugin = {
        transformQuery: (args) => args.node,
        transformResult: async (args) => {
          const keys = Object.keys(args.result.rows[0] ?? {});
          if (keys.join() === "at,id") await onCut();
          return args.result;
        },
      };
      const deps = { ...t.deps, reports: t.deps.db.withPlugin(plugin) };
      const got: { ids: number[]; cut: boolean }[] = [];
      for await (const c of kpiTicketChunks(deps, as.bob, period, { figure: "created", chunk, maxRows }))
        got.push({ ids: c.rows.map((r) => r.id), cut: c.cut });
      return got;
    }
    const one = (ids: number[], last = false) => ids.map((id, i) => ({ ids: [id], cut: last && i === ids.length - 1 }));

    it("gives every ticket once, in order, and stops at the cap saying so", async () => {
      expect(await split(1, 6)).toEqual(one(ids));
      expect(await split(1, 4)).toEqual(one(ids.slice(0, 4), true));
      expect(await split(2, 8)).toEqual([
        { ids: ids.slice(0, 2), cut: false },
        { ids: ids.slice(2, 4), cut: false },
        { ids: ids.slice(4), cut: false },
      ]);
    });

    it("reads the second half while the caller still holds the first chunk", async () => {
      const read = new Set<number>();
      const recording: KyselyPlugin = {
        transformQuery: (args) => args.node,
        transformResult: async (args) => {
          for (const r of args.result.rows) {
            const id = listedId(r);
            if (id !== null) read.add(id);
          }
          return args.result;
        },
      };
      const deps = { ...t.deps, reports: t.deps.db.withPlugin(recording) };
      const chunks = kpiTicketChunks(deps, as.bob, period, { figure: "created", chunk: 1, maxRows: 6 });
      expect((await chunks.next()).value?.rows.map((r) => r.id)).toEqual([ids[0]]);
      await new Promise((r) => setTimeout(r, 50));
      // Read in turn, the first half would have reached the second ticket and peeked at the third
      // (each read asks one more, to know whether the list goes on); the second half is read whole.
      expect([...read].sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
      await chunks.return(undefined);
    });

    it("keeps to the cap when the first half grew after its cut, and lists each ticket once", async () => {
      // The deleted ticket of 03-06 12:00 (between the first two) comes back once the cut is read.
      const back = await t.deps.db.selectFrom("Ticket").select("id").where("deletedAt", "is not", null).executeTakeFirstOrThrow();
      const got = await split(1, 6, async () => {
        await t.deps.db.updateTable("Ticket").set({ deletedAt: null }).where("id", "=", back.id).execute();
      });
      expect(got).toEqual(one([ids[0]!, back.id, ...ids.slice(1, 5)], true));
    });

    it("says it cut the list when the first half grew to the cap after its cut", async () => {
      // Two tickets between the first two come back once the cut (at the second ticket) is read:
      // the first half alone fills the cap of four, and the tickets after the cut are left out.
      const back = await t.deps.db
        .selectFrom("Ticket")
        .select(["id", "createdAt"])
        .where("deletedAt", "is not", null)
        .executeTakeFirstOrThrow();
      const unmerged = await t.deps.db.selectFrom("Ticket").select("id").where("mergedIntoId", "is not", null).executeTakeFirstOrThrow();
      const got = await split(1, 4, async () => {
        await t.deps.db.updateTable("Ticket").set({ deletedAt: null }).where("id", "=", back.id).execute();
        await t.deps.db.updateTable("Ticket").set({ mergedIntoId: null }).where("id", "=", unmerged.id).execute();
      });
      expect(got).toEqual(one([ids[0]!, back.id, unmerged.id, ids[1]!], true));
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
      // Started before the stop: each half's first read and the one after it. Not the sixth's.
      expect(firsts).not.toContain(ids[5]);
      expect(firsts).toContain(ids[4]);
    });

    it("reads on past the second half's share when the first half shrank after its cut", async () => {
      const got = await split(1, 5, async () => {
        await t.deps.db.updateTable("Ticket").set({ deletedAt: new Date() }).where("id", "=", ids[1]!).execute();
      });
      expect(got).toEqual(one([ids[0]!, ...ids.slice(2)]));
    });
  });
});
