// Test kit for the SQLite driver's tests: a scratch database per test, a connection that counts
// (and can fail) COMMITs and ROLLBACKs, and what another connection sees.
import Database from "better-sqlite3";
import { Kysely, SqliteDialect, type Driver, type Generated } from "kysely";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "vitest";
import { kyselySqliteDatabase, type CachingSqliteDatabase } from "../sqlite-connection.js";

export interface Tables {
  T: { id: Generated<number>; tag: string };
}

let dir: string;
let file: string;

/** Gives each test of the calling file a fresh database file with table T. */
export function useScratchDatabase(): void {
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "helpdesk-group-commit-"));
    file = join(dir, "t.db");
    const setup = new Database(file);
    setup.pragma("journal_mode = WAL");
    setup.exec("CREATE TABLE T (id INTEGER PRIMARY KEY, tag TEXT NOT NULL UNIQUE)");
    setup.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
}

/**
 * The connection as the driver sees it, counting COMMITs and able to fail the next run of a
 * statement (by its text in upper case: "COMMIT", "ROLLBACK", "ROLLBACK TO HELPDESK_MEMBER") without
 * running it.
 */
export function counting(raw: Database.Database) {
  const inner = kyselySqliteDatabase(raw);
  const stats = { commits: 0, failNext: {} as Record<string, Error> };
  const db: CachingSqliteDatabase = {
    close: () => inner.close(),
    prepare(text) {
      const stmt = inner.prepare(text);
      // Kysely's own driver sends its statements in lower case.
      const key = text.toUpperCase();
      return {
        ...stmt,
        run(p) {
          const e = stats.failNext[key];
          if (e) {
            delete stats.failNext[key];
            throw e;
          }
          if (key === "COMMIT") stats.commits++;
          return stmt.run(p);
        },
      };
    },
  };
  return { db, stats };
}

/** Fails the test with a clear message instead of a timeout when callers are never answered. */
export function settledWithin<T>(ms: number, work: Promise<T>[]): Promise<PromiseSettledResult<T>[]> {
  let timer!: NodeJS.Timeout;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`callers not answered within ${ms} ms`)), ms);
  });
  return Promise.race([Promise.allSettled(work), late]).finally(() => clearTimeout(timer));
}

export function open(driverFor: (raw: Database.Database) => Driver) {
  const raw = new Database(file);
  class Dialect extends SqliteDialect {
    override createDriver(): Driver {
      return driverFor(raw);
    }
  }
  return new Kysely<Tables>({ dialect: new Dialect({ database: kyselySqliteDatabase(raw) }) });
}

/** `open` with the COMMIT-counting connection above handed to the driver. */
export function openCounting(driverFor: (raw: Database.Database, counted: CachingSqliteDatabase) => Driver) {
  let stats!: ReturnType<typeof counting>["stats"];
  const db = open((raw) => {
    const c = counting(raw);
    stats = c.stats;
    return driverFor(raw, c.db);
  });
  return { db, stats };
}

/** What another connection sees, that is, what has been committed. */
export function committedTags(): string[] {
  const other = new Database(file, { readonly: true });
  try {
    return (other.prepare("SELECT tag FROM T ORDER BY tag").all() as { tag: string }[]).map((r) => r.tag);
  } finally {
    other.close();
  }
}

export const insert = (db: Kysely<Tables>, tag: string) => db.transaction().execute((tx) => tx.insertInto("T").values({ tag }).execute());
