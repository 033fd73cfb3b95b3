// The CSV export's chunks: every ticket once, in order, up to the cap (saying when it cut), the
// next two chunks already being read while the caller holds this one, and none once it stops.
import type { KyselyPlugin } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { as, testCore, testProvider, type TestCore } from "../../test/harness.js";
import { kpiPeriod } from "./kpi-period.js";
import { kpiTicketChunks } from "./kpi-ticket-chunks.js";
import type { KpiFilter } from "./kpi-types.js";
import { kpiTicketReader, kpiTickets } from "./kpi-tickets.js";
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

/** Whether a row is one of the chunks' ends (PostgreSQL): a position, no ticket's columns. */
const isEnds = (row: object) => "at" in row && "id" in row && !("subject" in row);

/**
 * The first ticket number of a read of the figure's list, from the first row the database gave
 * (on PostgreSQL the one row holds the page as JSON arrays, a ticket each), or null for any other
 * read.
 */
function listedId(row: unknown): number | null {
  if (typeof row !== "object" || row === null) return null;
  if ("rows" in row && Array.isArray(row.rows) && Array.isArray(row.rows[0])) return row.rows[0][0] as number;
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

  it("gives a list shorter than a chunk, or a cap under one, in one chunk", async () => {
    expect(await chunksOf(10, 100)).toEqual([{ ids, cut: false }]);
    expect(await chunksOf(4, 3)).toEqual([{ ids: ids.slice(0, 3), cut: true }]);
    expect(await chunksOf(6, 6)).toEqual([{ ids, cut: false }]);
  });

  it("stops at the cap and says it left tickets out", async () => {
    expect(await chunksOf(2, 5)).toEqual([
      { ids: ids.slice(0, 2), cut: false },
      { ids: ids.slice(2, 4), cut: false },
      { ids: ids.slice(4, 5), cut: true },
    ]);
  });

  it("holds a failed read ahead for the caller's next ask, without an unhandled rejection meanwhile", async () => {
    // The read of the second chunk (its first ticket the third) fails.
    const failing: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        if (listedId(args.result.rows[0]) === ids[2]) throw new Error("disk gone");
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
      transformResult: async (args) => {
        if (listedId(args.result.rows[0]) !== null) listReads++;
        return args.result;
      },
    };
    let listReads = 0;
    const deps = { ...t.deps, reports: t.deps.db.withPlugin(recording) };
    const got: { id: number; owner: string | null; team: string | null }[] = [];
    for await (const c of kpiTicketChunks(deps, as.bob, period, { figure: "created", chunk: 2, maxRows: 100 }))
      got.push(...c.rows.map((r) => ({ id: r.id, owner: r.owner, team: r.team })));
    expect(got.map((r) => r.id)).toEqual(ids);
    // The first two tickets are bob's, in tier1; the sixth has no team.
    expect(got[0]).toMatchObject({ owner: "Bob", team: "Tier 1" });
    expect(got[5]).toMatchObject({ team: null });
    // Three chunks, a read each (on PostgreSQL one more after the last end, which finds nothing);
    // the reader (an Agent read) and the names (an Agent and a Team read) once each.
    expect(listReads).toBe(3);
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

  it("reads the SLA-missed list up to a position, a ticket that missed two targets once", async () => {
    await missed(3, "xa", "2026-03-08T06:00:00Z");
    await missed(4, "xa", "2026-03-09T06:00:00Z");
    await missed(4, "xb", "2026-03-09T06:00:00Z");
    await missed(5, "xa", "2026-03-10T13:00:00Z");
    const reader = await kpiTicketReader(t.deps, as.bob, period, "sla_missed");
    const all = await reader.read(null, 100);
    const fourth = all.rows.find((r) => r.id === ids[4]);
    const upTo = await reader.read(null, 100, { at: fourth!.at, id: ids[4]! });
    expect(upTo.rows.map((r) => r.id)).toEqual(all.rows.map((r) => r.id).slice(0, all.rows.indexOf(fourth!) + 1));
    expect(upTo.rows.map((r) => r.id)).not.toContain(ids[5]);
    expect(upTo.next).toBeNull();
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

  it("reads a list's chunks between ends the database numbered (PostgreSQL), or one after another (SQLite)", async () => {
    const reader = await kpiTicketReader(t.deps, as.bob, period, "created");
    const ends = await reader.chunkEnds(2, 5);
    if (testProvider === "sqlite") {
      expect(ends).toBeNull();
      return;
    }
    // The second and fourth tickets end the full chunks of the first five (the fifth is read on
    // from the fourth).
    const idsOf = (ps: { id: number }[] | null) => ps?.map((e) => e.id);
    expect(idsOf(ends)).toEqual([ids[1], ids[3]]);
    expect(idsOf(await reader.chunkEnds(4, 100))).toEqual([ids[3]]);
    expect(idsOf(await reader.chunkEnds(4, 3))).toEqual([]);
    expect(idsOf(await reader.chunkEnds(3, 6))).toEqual([ids[2], ids[5]]);
    expect(idsOf(await reader.chunkEnds(6, 6))).toEqual([ids[5]]);
    // A read between two ends stops at the second, and says nothing follows within them.
    const [first, second] = ends!;
    const between = await reader.read(first!, 100, second);
    expect(between.rows.map((r) => r.id)).toEqual([ids[2], ids[3]]);
    expect(between.next).toBeNull();
  });

  it("gives every ticket once, at most the cap, when the list changes between its chunks' ends and their reads", async () => {
    // Once the chunks' ends are read (PostgreSQL), or the first chunk (SQLite): the second ticket
    // is deleted and a ticket is created between the third and the fourth.
    let changed = false;
    const changing: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        const row = args.result.rows[0];
        if (!changed && row && (isEnds(row) || listedId(row) !== null)) {
          changed = true;
          await t.prisma.ticket.update({ where: { id: ids[1]! }, data: { deletedAt: new Date("2026-03-12T00:00:00Z") } });
          const third = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ids[2]! } });
          const fourth = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ids[3]! } });
          const { id: _id, ...copy } = third;
          const late = await t.prisma.ticket.create({
            data: { ...copy, subject: "Late", createdAt: new Date((third.createdAt.getTime() + fourth.createdAt.getTime()) / 2) },
          });
          added = late.id;
        }
        return args.result;
      },
    };
    let added = 0;
    const deps = { ...t.deps, reports: t.deps.db.withPlugin(changing) };
    const got: { ids: number[]; cut: boolean }[] = [];
    for await (const c of kpiTicketChunks(deps, as.bob, period, { figure: "created", chunk: 2, maxRows: 5 }))
      got.push({ ids: c.rows.map((r) => r.id), cut: c.cut });
    // The list as each chunk found it, up to the cap: on PostgreSQL every chunk was read after
    // the change (the first without the deleted ticket, the second with the new one, up to the
    // fourth ticket where its end was); on SQLite the first chunk before it.
    const expected = testProvider === "sqlite" ? [ids[0], ids[1], ids[2], added, ids[3]] : [ids[0], ids[2], added, ids[3], ids[4]];
    expect(got.flatMap((c) => c.ids)).toEqual(expected);
    expect(got.some((c) => c.cut)).toBe(true);
  });

  it("gives two tickets of one instant once each, where a chunk ends between them", async () => {
    // The third ticket created at the second's instant: in the list by number after it.
    const second = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ids[1]! } });
    await t.prisma.ticket.update({ where: { id: ids[2]! }, data: { createdAt: second.createdAt } });
    for (const chunk of [1, 2, 3]) {
      const got = await chunksOf(chunk, 100);
      expect(
        got.flatMap((c) => c.ids),
        `chunks of ${chunk}`,
      ).toEqual(ids);
    }
  });

  it("says it cut a list that reaches the cap at a chunk's end, having grown since the ends were read", async () => {
    // Once the chunks' ends are read (PostgreSQL), or the first chunk (SQLite): two tickets are
    // created between the first and the second.
    let added: number[] = [];
    const growing: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        const row = args.result.rows[0];
        if (!added.length && row && (isEnds(row) || listedId(row) !== null)) {
          added = [0];
          const [a, b] = await Promise.all([0, 1].map((k) => t.prisma.ticket.findUniqueOrThrow({ where: { id: ids[k]! } })));
          const { id: _id, ...copy } = a!;
          const between = (k: number) => new Date(a!.createdAt.getTime() + ((b!.createdAt.getTime() - a!.createdAt.getTime()) * k) / 3);
          added = [];
          for (const k of [1, 2])
            added.push((await t.prisma.ticket.create({ data: { ...copy, subject: `New ${k}`, createdAt: between(k) } })).id);
        }
        return args.result;
      },
    };
    const deps = { ...t.deps, reports: t.deps.db.withPlugin(growing) };
    const got: { ids: number[]; cut: boolean }[] = [];
    for await (const c of kpiTicketChunks(deps, as.bob, period, { figure: "created", chunk: 2, maxRows: 4 }))
      got.push({ ids: c.rows.map((r) => r.id), cut: c.cut });
    // PostgreSQL: the first chunk, read between its ends after the change, is the cap; SQLite read
    // the first chunk before it.
    const expected = testProvider === "sqlite" ? [ids[0], ids[1], ids[2], ids[3]] : [ids[0], ...added, ids[1]];
    expect(got.flatMap((c) => c.ids)).toEqual(expected);
    expect(got.some((c) => c.cut)).toBe(true);
  });

  it("reads on past the last end when the list's last chunk emptied, or tickets came after it", async () => {
    // Once the chunks' ends are read (PostgreSQL), or the first chunk (SQLite): the last two
    // tickets are deleted and one is created after them, within the period.
    let added = 0;
    const changing: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        const row = args.result.rows[0];
        if (!added && row && (isEnds(row) || listedId(row) !== null)) {
          added = -1;
          for (const id of ids.slice(4))
            await t.prisma.ticket.update({ where: { id }, data: { deletedAt: new Date("2026-03-12T00:00:00Z") } });
          const last = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ids[5]! } });
          const { id: _id, ...copy } = last;
          added = (
            await t.prisma.ticket.create({
              data: { ...copy, deletedAt: null, subject: "Later", createdAt: new Date(last.createdAt.getTime() + 60_000) },
            })
          ).id;
        }
        return args.result;
      },
    };
    const deps = { ...t.deps, reports: t.deps.db.withPlugin(changing) };
    const got: { ids: number[]; cut: boolean }[] = [];
    for await (const c of kpiTicketChunks(deps, as.bob, period, { figure: "created", chunk: 2, maxRows: 100 }))
      got.push({ ids: c.rows.map((r) => r.id), cut: c.cut });
    expect(got.flatMap((c) => c.ids)).toEqual([...ids.slice(0, 4), added]);
    expect(got.some((c) => c.cut)).toBe(false);
  });

  it("starts no read once the caller has stopped", async () => {
    // Each read of the list takes a while (long beside opening a connection to PostgreSQL, which
    // the names' reads may need while the list's reads hold theirs); when each started is noted.
    const asked = new Map<unknown, number>();
    const started: number[] = [];
    const slow: KyselyPlugin = {
      transformQuery: (args) => {
        if (!asked.has(args.queryId)) asked.set(args.queryId, performance.now());
        return args.node;
      },
      transformResult: async (args) => {
        if (listedId(args.result.rows[0]) === null) return args.result;
        started.push(asked.get(args.queryId) ?? Number.NaN);
        await new Promise((r) => setTimeout(r, 150));
        return args.result;
      },
    };
    const deps = { ...t.deps, reports: t.deps.db.withPlugin(slow) };
    const chunks = kpiTicketChunks(deps, as.bob, period, { figure: "created", chunk: 1, maxRows: 6 });
    expect((await chunks.next()).value?.rows.map((r) => r.id)).toEqual([ids[0]]);
    await chunks.return(undefined);
    const stoppedAt = performance.now();
    await new Promise((r) => setTimeout(r, 600));
    // The reads ahead of the first chunk started before the stop (on SQLite each when the one
    // before it had returned, on PostgreSQL side by side); none of the others after it.
    expect(started.length).toBeGreaterThanOrEqual(2);
    expect(started.length).toBeLessThan(6);
    expect(started.filter((at) => at > stoppedAt)).toEqual([]);
  });
});
