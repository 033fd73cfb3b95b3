// Applies the committed migration SQL (prisma/migrations/<provider>/NNNN_name/migration.sql)
// in order, each in its own transaction, recording what ran in _helpdesk_migrations.
// Prisma's own `migrate deploy` cannot introspect PostgreSQL from the offline JS engine.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { lookupHash } from "../../core/keys/lookup-hash.js";
import { migrationsDir, type Provider } from "../../prisma/tooling.js";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function loadMigrations(provider: Provider): Migration[] {
  const dir = join(migrationsDir, provider);
  return readdirSync(dir)
    .filter((d) => /^\d{4}_[a-z0-9_]+$/.test(d))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const ledgerDdl = `CREATE TABLE IF NOT EXISTS "_helpdesk_migrations" (
  "name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TEXT NOT NULL)`;

/** Options of a migration run. */
export interface MigrateOptions {
  /** Apply migrations up to and including this one only (tests of a migration's data steps). */
  upTo?: string | undefined;
}

function checkApplied(applied: Map<string, string>, migrations: Migration[], opts: MigrateOptions = {}): Migration[] {
  for (const [name, checksum] of applied) {
    const m = migrations.find((x) => x.name === name);
    if (!m) throw new Error(`database has migration ${name}, which this build does not know: is it older than the database?`);
    if (m.checksum !== checksum) throw new Error(`migration ${name} was edited after it was applied (checksum differs)`);
  }
  const upTo = opts.upTo;
  if (upTo !== undefined && !migrations.some((m) => m.name === upTo)) throw new Error(`there is no migration ${upTo}`);
  return migrations.filter((m) => !applied.has(m.name) && (upTo === undefined || m.name <= upTo));
}

/** Returns the names of the migrations it applied. */
export function migrateSqlite(file: string, opts: MigrateOptions = {}): string[] {
  const db = new Database(file, { timeout: 10_000 });
  try {
    db.pragma("journal_mode = WAL");
    // A migration that rebuilds a table (SQLite's only way to change a column) drops the old one;
    // with foreign keys on, that would cascade to the rows referring to it. The pragma is ignored
    // inside a transaction, so it is set here, and the keys are checked before commit instead.
    db.pragma("foreign_keys = OFF");
    // SQLite has no sha256(): migrations that fill a hash column call this one, the application's.
    db.function("sha256_hex", { deterministic: true }, (v: unknown) => (v === null || v === undefined ? null : lookupHash(String(v))));
    db.exec(ledgerDdl);
    // BEGIN IMMEDIATE takes the write lock first, so two processes starting at once apply each migration once.
    const run = db.transaction(() => {
      const rows = db.prepare(`SELECT name, checksum FROM "_helpdesk_migrations"`).all() as { name: string; checksum: string }[];
      const pending = checkApplied(new Map(rows.map((r) => [r.name, r.checksum])), loadMigrations("sqlite"), opts);
      for (const m of pending) {
        db.exec(m.sql);
        const broken = db.pragma("foreign_key_check") as unknown[];
        if (broken.length) throw new Error(`migration ${m.name} left ${broken.length} rows referring to rows that do not exist`);
        db.prepare(`INSERT INTO "_helpdesk_migrations" VALUES (?, ?, ?)`).run(m.name, m.checksum, new Date().toISOString());
      }
      return pending.map((m) => m.name);
    });
    return run.immediate();
  } finally {
    db.close();
  }
}

/** Returns the names of the migrations it applied. Replicas starting together wait on an advisory lock. */
export async function migratePostgres(connectionString: string, schema: string, opts: MigrateOptions = {}): Promise<string[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    await client.query(`SET search_path TO ${quoteIdent(schema)}`);
    await client.query("SELECT pg_advisory_lock(hashtext($1))", [`helpdesk-migrate:${schema}`]);
    try {
      await client.query(ledgerDdl);
      const { rows } = await client.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM "_helpdesk_migrations"`);
      const pending = checkApplied(new Map(rows.map((r) => [r.name, r.checksum])), loadMigrations("postgresql"), opts);
      for (const m of pending) {
        await client.query("BEGIN");
        try {
          await client.query(m.sql);
          await client.query(`INSERT INTO "_helpdesk_migrations" VALUES ($1, $2, $3)`, [m.name, m.checksum, new Date().toISOString()]);
          await client.query("COMMIT");
        } catch (e) {
          await client.query("ROLLBACK");
          throw new Error(`migration ${m.name} failed: ${(e as Error).message}`, { cause: e });
        }
      }
      return pending.map((m) => m.name);
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext($1))", [`helpdesk-migrate:${schema}`]);
    }
  } finally {
    await client.end();
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
