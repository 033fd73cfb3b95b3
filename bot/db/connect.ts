import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Kysely, PostgresDialect } from "kysely";
import type { DB, Db } from "../../core/db.js";
import { EmptyInLists } from "./empty-in-lists.js";
import { migratePostgres, migrateSqlite } from "./migrate.js";
import { kyselyPostgresPool } from "./postgres-pool.js";
import { openSqliteConnection, walSyncer, type SqliteSynchronous } from "./sqlite-connection.js";
import { GroupCommitSqliteDialect } from "./sqlite-driver.js";

export type { SqliteSynchronous } from "./sqlite-connection.js";

export type DatabaseTarget = { provider: "sqlite"; file: string } | { provider: "postgresql"; url: string; schema: string };

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
  target: DatabaseTarget;
  migrationsApplied: string[];
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL connections in the pool. */
  poolSize?: number;
  /**
   * SQLite's durability, `full` unless said otherwise: `full` syncs the WAL after every commit
   * before answering, so what was acknowledged survives a power loss or an OS crash; `normal` syncs
   * only at checkpoints, which survives a process crash but may undo the last commits on power
   * loss. Both run the connection at `synchronous = NORMAL`: for `full` the driver makes the sync
   * FULL would make, off the main thread (sqlite-driver.ts).
   * @see https://www.sqlite.org/pragma.html#pragma_synchronous
   */
  synchronous?: SqliteSynchronous;
}

/**
 * Applies pending migrations, then opens the query layer (Kysely) on the target. SQLite is one
 * connection: the driver (sqlite-driver.ts) hands it to one transaction or statement at a time, so a
 * statement from outside a transaction waits for the open one instead of joining it.
 */
export async function openDatabase(target: DatabaseTarget, opts: OpenOptions = {}): Promise<OpenDatabase> {
  if (target.provider === "sqlite") {
    if (target.file === ":memory:") throw new Error("an in-memory SQLite database cannot be shared between connections; use a file");
    mkdirSync(dirname(target.file), { recursive: true });
    const migrationsApplied = migrateSqlite(target.file);
    const connection = openSqliteConnection(target.file, { synchronous: "normal" });
    const wal = opts.synchronous === "normal" ? null : walSyncer(target.file);
    const db: Db = new Kysely<DB>({
      dialect: new GroupCommitSqliteDialect(connection, wal ? { syncWal: () => wal.sync() } : {}),
      plugins: [new EmptyInLists()],
    });
    const close = async () => {
      try {
        await db.destroy();
      } finally {
        wal?.close();
      }
    };
    return { db, target, migrationsApplied, close };
  }
  const migrationsApplied = await migratePostgres(target.url, target.schema);
  const db: Db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: kyselyPostgresPool(target.url, target.schema, opts.poolSize ?? 10) }),
    plugins: [new EmptyInLists()],
  });
  return { db, target, migrationsApplied, close: () => db.destroy() };
}
