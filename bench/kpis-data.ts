// The KPI benchmark's databases, seeded once and kept between runs (seeding a million tickets
// takes minutes): SQLite in a folder under the temp dir, PostgreSQL in a schema of its own
// database `helpdesk_bench`, both named by the shape version and the ticket count. A database
// whose seeding did not finish, or that the migrations no longer fit, is seeded anew.
import Database from "better-sqlite3";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openDatabase, parseDatabaseUrl, type OpenDatabase } from "../bot/db/connect.js";
import { openSqliteReportPool } from "../bot/db/sqlite-report-pool.js";
import { syncDirectory } from "../core/agents/sync-directory.js";
import { buildCatalog } from "../core/config.js";
import type { Db } from "../core/db.js";
import { benchConfig, shapeVersion } from "./kpis-config.js";
import { seedKpiData, type SeedShape } from "./kpis-seed.js";

export interface KpiDatabase {
  name: "sqlite" | "postgresql";
  /** Its `close` also closes `reports`. */
  open: OpenDatabase;
  /** SQLite: read-only connections in worker threads, which the service reads the KPIs through (bot/service.ts). */
  reports?: Db;
  /** The seed's "now": periods are read relative to it. */
  anchor: Date;
  /**
   * Reads the data through once, into the OS's file cache, and says how much in how long. The
   * bench times a running service's reads, whose files the cache holds; on these machines the
   * host pages cold file pages out (DAMON), and the first reads of a period otherwise waited on
   * the disk (a 4 ms count's p99 at 90 ms).
   */
  warm(): Promise<string>;
}

interface Seeded {
  anchor: number;
  seconds: number;
}

const log = (name: string) => (line: string) => console.log(`${name}: seeded ${line}`);

/** The seed's "now": the start of the current UTC day (epoch seconds). */
const today = () => Math.floor(Date.now() / 86_400_000) * 86_400;
const shapeOf = (tickets: number): SeedShape => ({ tickets, contacts: Math.max(1, Math.round(tickets / 8)), anchor: today() });

async function syncAgents(open: OpenDatabase) {
  await syncDirectory({ db: open.db, catalog: buildCatalog(benchConfig), now: () => new Date() }, benchConfig);
}

export async function sqliteKpiDatabase(tickets: number, reseed: boolean, analyze: boolean): Promise<KpiDatabase> {
  const dir = join(tmpdir(), `helpdesk-bench-kpis-v${shapeVersion}-${tickets}`);
  const file = join(dir, "kpis.db");
  const metaFile = join(dir, "seeded.json");
  if (!reseed && existsSync(metaFile)) {
    const meta = JSON.parse(readFileSync(metaFile, "utf8")) as Seeded;
    try {
      sqliteStatistics(file, analyze);
      const open = await openDatabase(parseDatabaseUrl(`file:${file}`));
      console.log(
        `sqlite: reusing ${file} (seeded in ${meta.seconds.toFixed(0)} s; delete the folder or set BENCH_KPIS_RESEED=1 to seed anew)`,
      );
      return withReports(open, file, new Date(meta.anchor * 1000));
    } catch (e) {
      console.log(`sqlite: the cached database does not open (${(e as Error).message}); seeding anew`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const migrated = await openDatabase(parseDatabaseUrl(`file:${file}`));
  await syncAgents(migrated);
  await migrated.close();
  const raw = new Database(file);
  // A scratch file: nothing to lose if the machine stops mid-way (the marker is written last).
  raw.pragma("synchronous = OFF");
  raw.pragma("cache_size = -1000000");
  const shape = shapeOf(tickets);
  await seedKpiData({ provider: "sqlite", exec: async (q) => void raw.exec(q) }, shape, log("sqlite"));
  raw.pragma("wal_checkpoint(TRUNCATE)");
  raw.close();
  const seconds = (performance.now() - t0) / 1000;
  writeFileSync(metaFile, JSON.stringify({ anchor: shape.anchor, seconds } satisfies Seeded));
  console.log(`sqlite: seeded ${file} in ${seconds.toFixed(0)} s`);
  sqliteStatistics(file, analyze);
  const open = await openDatabase(parseDatabaseUrl(`file:${file}`));
  return withReports(open, file, new Date(shape.anchor * 1000));
}

/** The SQLite database as the service opens it: its connection and a report pool on the same file. */
function withReports(open: OpenDatabase, file: string, anchor: Date): KpiDatabase {
  const reports = openSqliteReportPool(file);
  const close = async () => {
    try {
      await reports.close();
    } finally {
      await open.close();
    }
  };
  const warm = async () => {
    const t0 = performance.now();
    const fd = openSync(file, "r");
    const buffer = Buffer.allocUnsafe(1 << 20);
    let bytes = 0;
    try {
      for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0;) bytes += n;
    } finally {
      closeSync(fd);
    }
    return `read ${file} (${(bytes / 2 ** 20).toFixed(0)} MiB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  };
  return { name: "sqlite", open: { ...open, close }, reports: reports.db, anchor, warm };
}

/**
 * The planner's statistics on SQLite: gathered by ANALYZE when `analyze`, else none, as the
 * service keeps the file (it never runs ANALYZE). Read by connections opened after this.
 */
function sqliteStatistics(file: string, analyze: boolean): void {
  const raw = new Database(file);
  try {
    if (analyze) raw.exec("ANALYZE");
    else if (raw.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'").get()) raw.exec("DELETE FROM sqlite_stat1");
  } finally {
    raw.close();
  }
}

/** Null (and says so) when the server cannot be reached. */
export async function postgresKpiDatabase(pgUrl: string, tickets: number, reseed: boolean): Promise<KpiDatabase | null> {
  const admin = new pg.Client({ connectionString: pgUrl });
  try {
    await admin.connect();
  } catch (e) {
    console.log(`postgresql: skipped (${pgUrl} not reachable: ${(e as Error).message})`);
    return null;
  }
  const database = "helpdesk_bench";
  const schema = `kpis_v${shapeVersion}_${tickets}`;
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  const u = new URL(pgUrl);
  u.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: u.toString(), options: "-c TimeZone=UTC -c statement_timeout=0" });
  await client.connect();
  try {
    const { rows } = await client.query<{ meta: string | null }>(
      "SELECT obj_description(oid, 'pg_namespace') AS meta FROM pg_namespace WHERE nspname = $1",
      [schema],
    );
    const meta = rows[0]?.meta ? (JSON.parse(rows[0].meta) as Seeded) : null;
    u.searchParams.set("schema", schema);
    if (meta && !reseed) {
      try {
        const open = await openDatabase(parseDatabaseUrl(u.toString()), { poolSize: 4 });
        console.log(`postgresql: reusing ${database}.${schema} (seeded in ${meta.seconds.toFixed(0)} s; BENCH_KPIS_RESEED=1 seeds anew)`);
        return { name: "postgresql", open, anchor: new Date(meta.anchor * 1000), warm: () => prewarm(u, schema) };
      } catch (e) {
        console.log(`postgresql: the cached schema does not open (${(e as Error).message}); seeding anew`);
      }
    }
    const t0 = performance.now();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    const migrated = await openDatabase(parseDatabaseUrl(u.toString()), { poolSize: 2 });
    await syncAgents(migrated);
    await migrated.close();
    await client.query(`SET search_path TO ${schema}`);
    await client.query("SET synchronous_commit = off");
    await client.query("SET maintenance_work_mem = '256MB'");
    const shape = shapeOf(tickets);
    await seedKpiData({ provider: "postgresql", exec: async (q) => void (await client.query(q)) }, shape, log("postgresql"));
    await client.query(`SELECT setval(pg_get_serial_sequence('"Ticket"', 'id'), (SELECT max(id) FROM "Ticket"))`);
    const v0 = performance.now();
    // Statistics for the planner and the visibility map for index-only scans, as autovacuum would leave them.
    await client.query("VACUUM (ANALYZE)");
    console.log(`postgresql: seeded VACUUM (ANALYZE) in ${((performance.now() - v0) / 1000).toFixed(1)} s`);
    const seconds = (performance.now() - t0) / 1000;
    await client.query(`COMMENT ON SCHEMA ${schema} IS '${JSON.stringify({ anchor: shape.anchor, seconds } satisfies Seeded)}'`);
    console.log(`postgresql: seeded ${database}.${schema} in ${seconds.toFixed(0)} s`);
    const open = await openDatabase(parseDatabaseUrl(u.toString()), { poolSize: 4 });
    return { name: "postgresql", open, anchor: new Date(shape.anchor * 1000), warm: () => prewarm(u, schema) };
  } finally {
    await client.end();
  }
}

/** Every table and index of the schema read through once with pg_prewarm, where the server has it. */
async function prewarm(url: URL, schema: string): Promise<string> {
  const u = new URL(url);
  u.searchParams.delete("schema");
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    const t0 = performance.now();
    await client.query("CREATE EXTENSION IF NOT EXISTS pg_prewarm SCHEMA public");
    const { rows } = await client.query<{ blocks: string }>(
      `SELECT coalesce(sum(public.pg_prewarm(c.oid::regclass, 'read')), 0) AS blocks
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'i')`,
      [schema],
    );
    const mib = (Number(rows[0]?.blocks ?? 0) * 8192) / 2 ** 20;
    return `read ${schema}'s tables and indexes (${mib.toFixed(0)} MiB) with pg_prewarm in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  } catch (e) {
    return `not read through (pg_prewarm: ${(e as Error).message})`;
  } finally {
    await client.end();
  }
}
