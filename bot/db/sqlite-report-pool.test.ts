import Database from "better-sqlite3";
import { CompiledQuery, Kysely, SqliteDialect, type KyselyPlugin } from "kysely";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { kpiFilterOptions } from "../../core/kpis/kpi-filter-options.js";
import { kpiPeriod } from "../../core/kpis/kpi-period.js";
import { kpiTickets } from "../../core/kpis/kpi-tickets.js";
import { readKpis } from "../../core/kpis/read-kpis.js";
import { kpiConfig, newYork, seedKpis } from "../../core/kpis/testing/kpi-fixture.js";
import { silentLogger } from "../../core/log.js";
import { as, freshDatabase, testCore, testProvider, type TestCore } from "../../test/harness.js";
import { startService } from "../service.js";
import { loadSettings } from "../settings.js";
import { parseDatabaseUrl } from "./connect.js";
import { workerListeners } from "./testing/worker-listeners.js";
import { kyselySqliteDatabase } from "./sqlite-connection.js";
import { openSqliteReportPool, type SqliteReportPool, type SqliteReportPoolOptions } from "./sqlite-report-pool.js";

// Counts to three million: long enough (hundreds of ms) to see where and when it runs.
const heavy = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 3000000) SELECT count(*) AS n FROM c";

let dir: string;
let file: string;
let raw: Database.Database;
let pools: SqliteReportPool[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "helpdesk-report-pool-"));
  file = join(dir, "t.db");
  raw = new Database(file);
  raw.pragma("journal_mode = WAL");
  raw.exec("CREATE TABLE Visit (id INTEGER PRIMARY KEY, at DATETIME NOT NULL, kept BOOLEAN NOT NULL, note TEXT)");
  pools = [];
});
afterEach(async () => {
  await Promise.all(pools.map((p) => p.close()));
  raw.close();
  rmSync(dir, { recursive: true, force: true });
});

const pool = (opts?: SqliteReportPoolOptions) => {
  const p = openSqliteReportPool(file, opts);
  pools.push(p);
  return p;
};
const run = (p: SqliteReportPool, text: string, parameters: unknown[] = []) =>
  p.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, parameters)).then((r) => r.rows);

/** The service's connection as Kysely sees it: the same conversions, on the main thread. */
function mainConnection() {
  return new Kysely<unknown>({ dialect: new SqliteDialect({ database: kyselySqliteDatabase(raw) }) });
}

describe("the SQLite report pool", () => {
  it("gives rows as the main connection does: dates as Date, booleans as boolean, from converted parameters", async () => {
    const main = mainConnection();
    const at = new Date("2026-03-06T06:00:00.000Z");
    await main.executeQuery(
      CompiledQuery.raw("INSERT INTO Visit (at, kept, note) VALUES (?, ?, ?), (?, ?, ?)", [at, true, "a", at, false, null]),
    );
    const select = "SELECT id, at, kept, note FROM Visit WHERE at = ? AND kept = ? ORDER BY id";
    const fromMain = (await main.executeQuery(CompiledQuery.raw(select, [at, true]))).rows;
    const fromPool = await run(pool(), select, [at, true]);
    expect(fromPool).toEqual([{ id: 1, at, kept: true, note: "a" }]);
    expect(fromPool).toEqual(fromMain);
    expect(fromPool[0]?.at).toBeInstanceOf(Date);
  });

  it("reads the file through a memory map, as far as SQLite maps one", async () => {
    const [row] = await run(pool(), "PRAGMA mmap_size");
    // SQLite lowers the request to its compile-time cap; without the pragma this is 0.
    expect(Number(row?.mmap_size)).toBeGreaterThanOrEqual(2 ** 30);
  });

  it("refuses a write, a transaction and a transaction statement, and writes nothing", async () => {
    const p = pool();
    await expect(run(p, "INSERT INTO Visit (at, kept) VALUES ('2026-03-06', 1)")).rejects.toThrow(
      "a report connection only reads; refused: INSERT INTO Visit",
    );
    await expect(run(p, "BEGIN")).rejects.toThrow("a report connection only reads");
    await expect(p.db.transaction().execute(async () => undefined)).rejects.toThrow("the SQLite report pool only reads");
    expect(raw.prepare("SELECT count(*) AS n FROM Visit").get()).toEqual({ n: 0 });
    // The connection is still good for reading after a refusal.
    expect(await run(p, "SELECT count(*) AS n FROM Visit")).toEqual([{ n: 0 }]);
  });

  it("passes SQLite's error on to the caller, with its code", async () => {
    await expect(run(pool(), "SELECT missing_column FROM Visit")).rejects.toMatchObject({
      message: "no such column: missing_column",
      code: "SQLITE_ERROR",
    });
  });

  it("runs statements issued together on different workers, while the main thread stays free", async () => {
    const p = pool({ size: 2 });
    await run(p, "SELECT 1"); // both workers booted (they start with the pool)
    let ticks = 0;
    const ticking = setInterval(() => ticks++, 5);
    try {
      const done: string[] = [];
      const long = run(p, heavy).then((rows) => {
        done.push("heavy");
        return { rows, ticks };
      });
      const short = run(p, "SELECT 1 AS one").then(() => done.push("light"));
      const [result] = await Promise.all([long, short]);
      expect(result.rows).toEqual([{ n: 3000000 }]);
      // On one connection, or on the main thread, the light statement would wait for the heavy one.
      expect(done).toEqual(["light", "heavy"]);
      // better-sqlite3 on the main thread would have held the event loop for the whole count.
      expect(result.ticks).toBeGreaterThanOrEqual(5);
    } finally {
      clearInterval(ticking);
    }
  });

  it("makes statements wait for a busy worker, first come first served", async () => {
    const p = pool({ size: 1 });
    const done: string[] = [];
    await Promise.all([
      run(p, heavy).then(() => done.push("heavy")),
      run(p, "SELECT 1").then(() => done.push("first")),
      run(p, "SELECT 2").then(() => done.push("second")),
    ]);
    expect(done).toEqual(["heavy", "first", "second"]);
  });

  it("runs two statements issued together on one connection in turn, each with its own rows", async () => {
    const p = pool({ size: 1 });
    const [a, b] = await p.db
      .connection()
      .execute((c) =>
        Promise.all([
          c.executeQuery<Record<string, unknown>>(CompiledQuery.raw(heavy)),
          c.executeQuery<Record<string, unknown>>(CompiledQuery.raw("SELECT ? AS two", [2])),
        ]),
      );
    expect(a.rows).toEqual([{ n: 3_000_000 }]);
    expect(b.rows).toEqual([{ two: 2 }]);
  });

  it("fails the statement whose reply cannot be read back, and replaces the worker", async () => {
    // No statement's rows fail to deserialize on demand: the worker's "messageerror" listener is
    // taken as the pool adds it, and called as Node would.
    const { listeners, restore } = workerListeners("messageerror");
    try {
      const p = pool({ size: 1 });
      const first = listeners[0];
      if (!first) throw new Error("the pool added no messageerror listener");
      const exited = new Promise((resolve) => first.worker.once("exit", resolve));
      const running = run(p, heavy);
      // While the worker counts (hundreds of ms), its reply turns out unreadable.
      await new Promise((r) => setTimeout(r, 30));
      first.listener(new Error("could not deserialize the reply"));
      await expect(running).rejects.toThrow("could not deserialize the reply");
      await exited;
      // The next statement runs on a new worker.
      expect(await run(p, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
      expect(listeners).toHaveLength(2);
    } finally {
      restore();
    }
  });

  it("fails the statement of a worker that dies, and replaces the worker", async () => {
    const p = pool({ size: 1, resourceLimits: { maxOldGenerationSizeMb: 32 } });
    // Two hundred rows of a million characters each: more than the worker's heap holds.
    const huge =
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 200) SELECT printf('%.*c', 1000000, 'x') AS s FROM c";
    await expect(run(p, huge)).rejects.toMatchObject({ code: "ERR_WORKER_OUT_OF_MEMORY" });
    expect(await run(p, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
  });

  it("says why when the file cannot be opened", async () => {
    const p = openSqliteReportPool(join(dir, "missing.db"), { size: 1 });
    pools.push(p);
    await expect(run(p, "SELECT 1")).rejects.toMatchObject({
      message: expect.stringContaining("unable to open database file"),
      code: "SQLITE_CANTOPEN",
    });
  });

  it.skipIf(!existsSync("/proc/self/task"))("on close, ends its worker threads", async () => {
    const threads = () => readdirSync("/proc/self/task").length;
    const p = pool({ size: 2 });
    await Promise.all([run(p, "SELECT 1"), run(p, "SELECT 2")]);
    const open = threads();
    await p.close();
    // Each worker is a thread of this process (and Node gives it a helper thread or so besides).
    expect(open - threads()).toBeGreaterThanOrEqual(2);
  });

  it("on close, fails the statement running and every later one", async () => {
    const p = pool({ size: 1 });
    const running = expect(run(p, heavy)).rejects.toThrow("the SQLite report pool is closed");
    const waiting = expect(run(p, "SELECT 1")).rejects.toThrow("the SQLite report pool is closed");
    await new Promise((r) => setTimeout(r, 50));
    await p.close();
    await running;
    await waiting;
    await expect(run(p, "SELECT 1")).rejects.toThrow("the SQLite report pool is closed");
  });
});

describe.skipIf(testProvider !== "sqlite")("the KPI reads through the report pool", () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await testCore(kpiConfig);
    await seedKpis(t);
  });
  afterEach(() => t.close());

  it("give the same figures, rows and options as through the main connection, and read nothing there", async () => {
    const target = parseDatabaseUrl(t.database.url);
    if (target.provider !== "sqlite") throw new Error("a SQLite test database");
    const reports = openSqliteReportPool(target.file);
    pools.push(reports);
    const refuse: KyselyPlugin = {
      transformQuery: () => {
        throw new Error("read through deps.db");
      },
      transformResult: async (args) => args.result,
    };
    const viaPool = { ...t.deps, db: t.deps.db.withPlugin(refuse), reports: reports.db };
    const period = kpiPeriod("2026-03-06..2026-03-12", t.deps.now(), newYork);
    for (const actor of [as.bob, as.ada, as.dee]) {
      expect(await readKpis(viaPool, actor, period)).toEqual(await readKpis(t.deps, actor, period));
      expect(await kpiFilterOptions(viaPool, actor)).toEqual(await kpiFilterOptions(t.deps, actor));
    }
    for (const figure of ["created", "resolved", "sla_missed"] as const) {
      const page = { figure, limit: 2 };
      expect(await kpiTickets(viaPool, as.ada, period, page)).toEqual(await kpiTickets(t.deps, as.ada, period, page));
    }
    expect((await readKpis(viaPool, as.bob, period)).created).toBe(6);
  });
});

describe("the service", () => {
  it("reads reports through a pool of its own on SQLite (not on PostgreSQL), and closes it when it stops", async () => {
    const database = await freshDatabase();
    await database.close();
    const config = join(dir, "config.json");
    writeFileSync(config, JSON.stringify({ agents: [{ id: "ada", name: "Ada", role: "admin" }] }));
    const settings = loadSettings({ DATABASE_URL: database.url, HELPDESK_CONFIG: config, PORT: "0", HOST: "127.0.0.1" });
    const svc = await startService(settings, silentLogger);
    try {
      if (testProvider === "postgresql") {
        expect(svc.deps.reports).toBeUndefined();
        expect(svc.deps.reportStreams).toBe(false);
        return;
      }
      const reports = svc.deps.reports;
      if (!reports) throw new Error("no report pool on SQLite");
      expect(svc.deps.reportStreams).toBe(true);
      expect(await reports.selectFrom("Agent").select("id").execute()).toEqual([{ id: "ada" }]);
      await svc.stop();
      await expect(reports.selectFrom("Agent").select("id").execute()).rejects.toThrow("the SQLite report pool is closed");
    } finally {
      await svc.stop();
      await database.drop();
    }
  });
});
