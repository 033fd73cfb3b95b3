import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "../../generated/sqlite/index.js";
import { PrismaClient as PostgresClient } from "../../generated/postgresql/index.js";
import type { Db } from "../../core/db.js";
import type { Sql } from "../../core/sql.js";
import { SharedAdapterFactory } from "./shared-adapter.js";
import { sqlPort } from "./sql-port.js";
import { migratePostgres, migrateSqlite } from "./migrate.js";
import { SerialSqliteAdapterFactory } from "./sqlite-adapter.js";

export type DatabaseTarget =
  | { provider: "sqlite"; file: string }
  | { provider: "postgresql"; url: string; schema: string };

/** Parses DATABASE_URL: `file:<path>` (SQLite) or `postgres://` / `postgresql://` (with optional `?schema=`). */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith("file:")) {
    const file = url.slice("file:".length);
    if (!file) throw new Error("DATABASE_URL file: needs a path, e.g. file:./data/helpdesk.db");
    return { provider: "sqlite", file: file === ":memory:" ? file : resolve(file) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const u = new URL(url);
    const schema = u.searchParams.get("schema") ?? "public";
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) throw new Error(`DATABASE_URL schema "${schema}" must be a plain identifier`);
    u.searchParams.delete("schema");
    return { provider: "postgresql", url: u.toString(), schema };
  }
  throw new Error("DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL)");
}

export interface OpenDatabase {
  db: Db;
  /** Plain SQL on the same connections as `db`, for hot paths. */
  sql: Sql;
  target: DatabaseTarget;
  migrationsApplied: string[];
  close(): Promise<void>;
}

/**
 * SQLite's `PRAGMA synchronous` for the service's connection. `full` (the default) syncs the WAL
 * on every commit, so what was acknowledged survives a power loss or an OS crash; `normal` syncs
 * only at checkpoints, which survives a process crash but may undo the last commits on power loss.
 * @see https://www.sqlite.org/pragma.html#pragma_synchronous
 */
export type SqliteSynchronous = "normal" | "full";

export interface OpenOptions {
  /** PostgreSQL connections in the pool. */
  poolSize?: number;
  /** SQLite only; `full` unless said otherwise. */
  synchronous?: SqliteSynchronous;
}

/** Applies pending migrations, then opens the Prisma client for the target. */
export async function openDatabase(target: DatabaseTarget, opts: OpenOptions = {}): Promise<OpenDatabase> {
  if (target.provider === "sqlite") {
    if (target.file === ":memory:") throw new Error("an in-memory SQLite database cannot be shared between connections; use a file");
    mkdirSync(dirname(target.file), { recursive: true });
    const migrationsApplied = migrateSqlite(target.file);
    const factory = new SerialSqliteAdapterFactory(target.file);
    const client = new SqliteClient({ adapter: factory });
    await client.$connect();
    const sql = factory.sql();
    // A webhook is answered 2xx once its commit returns, and the provider then forgets the
    // delivery: only FULL makes that commit survive a power loss. NORMAL is an operator's opt-out.
    await client.$queryRawUnsafe(`PRAGMA synchronous = ${opts.synchronous === "normal" ? "NORMAL" : "FULL"}`);
    await client.$queryRawUnsafe("PRAGMA foreign_keys = ON");
    return { db: client, sql, target, migrationsApplied, close: () => client.$disconnect() };
  }
  const migrationsApplied = await migratePostgres(target.url, target.schema);
  // search_path as well as the adapter's schema, so raw SQL sees the same tables as model queries.
  const factory = new SharedAdapterFactory(
    new PrismaPg(
      { connectionString: target.url, max: opts.poolSize ?? 10, options: `-c search_path=${target.schema}` },
      { schema: target.schema },
    ),
  );
  // Both generated clients expose the same model API; the SQLite client's types stand for both.
  const client = new PostgresClient({ adapter: factory }) as unknown as Db;
  await client.$connect();
  return { db: client, sql: sqlPort(() => factory.connect(), "postgresql"), target, migrationsApplied, close: () => client.$disconnect() };
}
