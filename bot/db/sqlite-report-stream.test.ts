// The SQLite report pool's streamed statements (Kysely's `stream`), and the KPI export read through
// them: rows a chunk at a time, read ahead of the caller, ended when the caller stops.
import Database from "better-sqlite3";
import { CompiledQuery, type KyselyPlugin } from "kysely";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { kpiPeriod } from "../../core/kpis/kpi-period.js";
import { kpiTicketChunks } from "../../core/kpis/kpi-ticket-chunks.js";
import type { KpiFigureName } from "../../core/kpis/kpi-types.js";
import { kpiConfig, newYork, seedKpis } from "../../core/kpis/testing/kpi-fixture.js";
import type { CoreDeps } from "../../core/deps.js";
import { as, testCore, testProvider, type TestCore } from "../../test/harness.js";
import { parseDatabaseUrl } from "./connect.js";
import { workerListeners } from "./testing/worker-listeners.js";
import { openSqliteReportPool, type SqliteReportPool, type SqliteReportPoolOptions } from "./sqlite-report-pool.js";

/** n rows counted up from 1, one a row. */
const counting = (n: number) => `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < ${n}) SELECT x FROM c`;

let dir: string;
let file: string;
let pools: SqliteReportPool[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "helpdesk-report-stream-"));
  file = join(dir, "t.db");
  const raw = new Database(file);
  raw.pragma("journal_mode = WAL");
  raw.exec("CREATE TABLE Visit (id INTEGER PRIMARY KEY, at DATETIME NOT NULL, kept BOOLEAN NOT NULL)");
  const insert = raw.prepare("INSERT INTO Visit (id, at, kept) VALUES (?, ?, ?)");
  for (let i = 1; i <= 5; i++) insert.run(i, `2026-03-0${i} 06:00:00`, i % 2);
  raw.close();
  pools = [];
});
afterEach(async () => {
  await Promise.all(pools.map((p) => p.close()));
  rmSync(dir, { recursive: true, force: true });
});

const pool = (opts?: SqliteReportPoolOptions) => {
  const p = openSqliteReportPool(file, opts);
  pools.push(p);
  return p;
};
const stream = (p: SqliteReportPool, text: string, chunk: number) =>
  p.db.getExecutor().stream<Record<string, unknown>>(CompiledQuery.raw(text, []), chunk);
const run = (p: SqliteReportPool, text: string) =>
  p.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, [])).then((r) => r.rows);

/** Counts the streamed chunks the pool's workers post (their replies that say more follow). */
function countChunks(): { chunks: () => number; restore: () => void } {
  let chunks = 0;
  const { restore } = workerListeners("message", (listener) => (reply) => {
    if ((reply as { more?: boolean }).more) chunks++;
    listener(reply);
  });
  return { chunks: () => chunks, restore };
}

describe("a statement streamed through the SQLite report pool", () => {
  it("gives its rows in chunks of the size asked for, converted as any statement's, then frees the connection", async () => {
    const p = pool({ size: 1 });
    const got: Record<string, unknown>[][] = [];
    for await (const result of stream(p, "SELECT id, at, kept FROM Visit ORDER BY id", 2)) got.push(result.rows);
    expect(got.map((rows) => rows.map((r) => r.id))).toEqual([[1, 2], [3, 4], [5]]);
    expect(got[0]![0]).toEqual({ id: 1, at: new Date("2026-03-01T06:00:00.000Z"), kept: true });
    expect(got[0]![1]).toMatchObject({ kept: false });
    const none: unknown[] = [];
    for await (const result of stream(p, "SELECT id FROM Visit WHERE id > 5", 2)) none.push(result);
    expect(none).toEqual([]);
    expect(await run(p, "SELECT count(*) AS n FROM Visit")).toEqual([{ n: 5 }]);
  });

  it("reads the statement through while the caller holds its first chunk", async () => {
    const { chunks, restore } = countChunks();
    try {
      const p = pool({ size: 1 });
      const results = stream(p, counting(10_000), 1_000);
      const first = await results.next();
      expect(first.value?.rows).toHaveLength(1_000);
      // Nothing more is asked for, yet all ten chunks come.
      await vi.waitFor(() => expect(chunks()).toBe(10), { timeout: 5_000 });
      let rows = 1_000;
      for await (const result of results) rows += result.rows.length;
      expect(rows).toBe(10_000);
    } finally {
      restore();
    }
  });

  it("ends the statement soon after the caller stops, and then runs the next one", async () => {
    const { chunks, restore } = countChunks();
    try {
      const p = pool({ size: 1 });
      for await (const result of stream(p, counting(3_000_000), 1_000)) {
        expect(result.rows).toHaveLength(1_000);
        break;
      }
      expect(await run(p, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
      // A stop comes in between two chunks: far short of the 3,000 a read to the end posts (how
      // far depends on how soon this thread sees the first, on a loaded machine).
      expect(chunks()).toBeLessThan(1_500);
    } finally {
      restore();
    }
  });

  it("fails a stream whose chunk cannot be read back, and runs the next statement on a new worker", async () => {
    // As in the pool's own test: the worker's "messageerror" listener, taken as the pool adds it.
    const { listeners, restore } = workerListeners("messageerror");
    try {
      const p = pool({ size: 1 });
      const results = stream(p, counting(3_000_000), 1_000);
      expect((await results.next()).value?.rows).toHaveLength(1_000);
      listeners[0]!.listener(new Error("could not deserialize the chunk"));
      await expect(
        (async () => {
          for (;;) if ((await results.next()).done) return;
        })(),
      ).rejects.toThrow("could not deserialize the chunk");
      // At once, while the old worker may still be stopping.
      expect(await run(p, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
      expect(listeners).toHaveLength(2);
    } finally {
      restore();
    }
  });

  it("passes on an error met part-way, after the chunks read before it, and frees the connection", async () => {
    const p = pool({ size: 1 });
    const got: number[] = [];
    const failing = `SELECT CASE WHEN x > 2500 THEN json('not json') ELSE x END AS x FROM (${counting(5_000)})`;
    await expect(
      (async () => {
        for await (const result of stream(p, failing, 1_000)) got.push(result.rows.length);
      })(),
    ).rejects.toThrow(/malformed JSON/);
    expect(got).toEqual([1_000, 1_000]);
    expect(await run(p, "SELECT 2 AS two")).toEqual([{ two: 2 }]);
  });

  it("refuses a statement that writes, and fails a stream running when the pool closes", async () => {
    const p = pool({ size: 1 });
    const writing = async () => {
      for await (const result of stream(p, "DELETE FROM Visit RETURNING id", 2)) void result;
    };
    await expect(writing()).rejects.toThrow("a report connection only reads");
    expect(await run(p, "SELECT count(*) AS n FROM Visit")).toEqual([{ n: 5 }]);
    const results = stream(p, counting(3_000_000), 1_000);
    await results.next();
    await p.close();
    await expect(
      (async () => {
        for (;;) if ((await results.next()).done) return;
      })(),
    ).rejects.toThrow("the SQLite report pool is closed");
  });
});

describe.skipIf(testProvider !== "sqlite")("the KPI export through the report pool's streams", () => {
  let t: TestCore;
  let reports: SqliteReportPool;
  beforeEach(async () => {
    t = await testCore(kpiConfig);
    await seedKpis(t);
    const target = parseDatabaseUrl(t.database.url);
    if (target.provider !== "sqlite") throw new Error("a SQLite test database");
    reports = openSqliteReportPool(target.file, { size: 1 });
    pools.push(reports);
  });
  afterEach(() => t.close());

  const period = () => kpiPeriod("2026-03-06..2026-03-12", t.deps.now(), newYork);
  async function chunksOf(deps: CoreDeps, figure: KpiFigureName, chunk: number, maxRows: number) {
    const got: { ids: number[]; cut: boolean }[] = [];
    for await (const c of kpiTicketChunks(deps, as.bob, period(), { figure, chunk, maxRows }))
      got.push({ ids: c.rows.map((r) => r.id), cut: c.cut });
    return got;
  }

  it("gives the chunks a read at a time gives, cut at the cap alike, from one statement of the list", async () => {
    let listReads = 0;
    const listing: KyselyPlugin = {
      transformQuery: (args) => {
        if (JSON.stringify(args.node).includes('"subject"')) listReads++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const streamed: CoreDeps = { ...t.deps, reports: reports.db.withPlugin(listing), reportStreams: true };
    // Six tickets in the period: under the cap, at it (a chunk's end or not) and past it.
    for (const figure of ["created", "resolved", "csat"] as const)
      for (const [chunk, maxRows] of [
        [4, 100],
        [3, 6],
        [4, 6],
        [2, 5],
        [1, 4],
        [2, 2],
        [6, 1],
      ] as const) {
        listReads = 0;
        const got = await chunksOf(streamed, figure, chunk, maxRows);
        expect(got, `${figure} by ${chunk} up to ${maxRows}`).toEqual(await chunksOf(t.deps, figure, chunk, maxRows));
        expect(listReads).toBe(1);
      }
    expect((await chunksOf(streamed, "created", 3, 5)).at(-1)).toEqual({ ids: expect.any(Array), cut: true });
    expect((await chunksOf(streamed, "created", 3, 6)).at(-1)).toMatchObject({ cut: false });
  });

  it("runs two exports side by side on a pool of one connection", async () => {
    const streamed: CoreDeps = { ...t.deps, reports: reports.db, reportStreams: true };
    const [a, b] = await Promise.all([chunksOf(streamed, "created", 1, 100), chunksOf(streamed, "resolved", 1, 100)]);
    expect(a).toEqual(await chunksOf(t.deps, "created", 1, 100));
    expect(b).toEqual(await chunksOf(t.deps, "resolved", 1, 100));
  });

  it("frees the pool's one connection once the caller stops part-way", async () => {
    const streamed: CoreDeps = { ...t.deps, reports: reports.db, reportStreams: true };
    const chunks = kpiTicketChunks(streamed, as.bob, period(), { figure: "created", chunk: 1, maxRows: 100 });
    expect((await chunks.next()).value?.rows).toHaveLength(1);
    await chunks.return(undefined);
    // The pool's one connection is free again.
    expect(await reports.db.selectFrom("Agent").select("id").where("id", "=", "bob").execute()).toEqual([{ id: "bob" }]);
  });
});
