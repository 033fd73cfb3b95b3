// The KPI benchmark's databases, seeded once and kept between runs (seeding a million tickets
// takes minutes): SQLite in a folder under the temp dir, PostgreSQL in a schema of its own
// database `helpdesk_bench`, both named by the shape version and the ticket count. A database
// whose seeding did not finish, or that the migrations no longer fit, is seeded anew.
import Database from "better-sqlite3";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
  return { name: "sqlite", open: { ...open, close }, reports: reports.db, anchor };
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
        return { name: "postgresql", open, anchor: new Date(meta.anchor * 1000) };
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
    return { name: "postgresql", open, anchor: new Date(shape.anchor * 1000) };
  } finally {
    await client.end();
  }
}
