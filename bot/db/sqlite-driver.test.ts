// The SQLite driver's group commit: transactions that queue for the one connection share a COMMIT,
// each caller hears back only once its writes are on disk, a failing one takes only its own writes
// back, and the queue yields to the event loop between holders.
import Database from "better-sqlite3";
import { Kysely, SqliteDialect, sql, type Driver, type Generated } from "kysely";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { kyselySqliteDatabase, type CachingSqliteDatabase } from "./sqlite-connection.js";
import { GroupCommitSqliteDriver } from "./sqlite-driver.js";

interface Tables {
  T: { id: Generated<number>; tag: string };
}

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "helpdesk-group-commit-"));
  file = join(dir, "t.db");
  const setup = new Database(file);
  setup.pragma("journal_mode = WAL");
  setup.exec("CREATE TABLE T (id INTEGER PRIMARY KEY, tag TEXT NOT NULL UNIQUE)");
  setup.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The connection as the driver sees it, counting COMMITs and able to fail the next run of a
 * statement (by its text in upper case: "COMMIT", "ROLLBACK", "ROLLBACK TO HELPDESK_MEMBER") without
 * running it.
 */
function counting(raw: Database.Database) {
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
function settledWithin<T>(ms: number, work: Promise<T>[]): Promise<PromiseSettledResult<T>[]> {
  let timer!: NodeJS.Timeout;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`callers not answered within ${ms} ms`)), ms);
  });
  return Promise.race([Promise.allSettled(work), late]).finally(() => clearTimeout(timer));
}

function open(driverFor: (raw: Database.Database) => Driver) {
  const raw = new Database(file);
  class Dialect extends SqliteDialect {
    override createDriver(): Driver {
      return driverFor(raw);
    }
  }
  return new Kysely<Tables>({ dialect: new Dialect({ database: kyselySqliteDatabase(raw) }) });
}

/** `open` with the COMMIT-counting connection above handed to the driver. */
function openCounting(driverFor: (raw: Database.Database, counted: CachingSqliteDatabase) => Driver) {
  let stats!: ReturnType<typeof counting>["stats"];
  const db = open((raw) => {
    const c = counting(raw);
    stats = c.stats;
    return driverFor(raw, c.db);
  });
  return { db, stats };
}

/** What another connection sees, that is, what has been committed. */
function committedTags(): string[] {
  const other = new Database(file, { readonly: true });
  try {
    return (other.prepare("SELECT tag FROM T ORDER BY tag").all() as { tag: string }[]).map((r) => r.tag);
  } finally {
    other.close();
  }
}

const insert = (db: Kysely<Tables>, tag: string) => db.transaction().execute((tx) => tx.insertInto("T").values({ tag }).execute());

describe("SQLite group commit", () => {
  it("lets transactions that queue for the connection share one COMMIT, and answers each after it", async () => {
    const { db, stats } = openCounting((raw, c) => new GroupCommitSqliteDriver(raw, c));
    try {
      const seenAtAnswer: string[][] = [];
      await Promise.all(Array.from({ length: 10 }, (_, i) => insert(db, `t${i}`).then(() => seenAtAnswer.push(committedTags()))));
      expect(committedTags()).toHaveLength(10);
      // Ten transactions, far fewer disk syncs: the first commits alone (nobody waited yet), the
      // nine queued behind it together.
      expect(stats.commits).toBeLessThanOrEqual(3);
      // Every caller heard back only once its own row could be read from another connection.
      expect(seenAtAnswer.every((tags, i) => tags.length >= i + 1)).toBe(true);
    } finally {
      await db.destroy();
    }
  });

  it("(control) commits each transaction alone with Kysely's own driver, so the count above means something", async () => {
    const { db, stats } = openCounting((_raw, c) => new SqliteDialect({ database: c }).createDriver());
    try {
      await Promise.all(Array.from({ length: 10 }, (_, i) => insert(db, `t${i}`)));
      expect(stats.commits).toBe(10);
    } finally {
      await db.destroy();
    }
  });

  it("takes back only a failing transaction's writes; the others in its group are kept", async () => {
    const db = open((raw) => new GroupCommitSqliteDriver(raw, kyselySqliteDatabase(raw)));
    try {
      const results = await Promise.allSettled([
        insert(db, "a"),
        db.transaction().execute(async (tx) => {
          await tx.insertInto("T").values({ tag: "b" }).execute();
          throw new Error("changed my mind");
        }),
        insert(db, "a"), // a unique violation against the first, which is in the same group
        insert(db, "c"),
      ]);
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "rejected", "fulfilled"]);
      expect((results[1] as PromiseRejectedResult).reason.message).toBe("changed my mind");
      expect(String((results[2] as PromiseRejectedResult).reason.message)).toMatch(/UNIQUE/);
      expect(committedTags()).toEqual(["a", "c"]);
    } finally {
      await db.destroy();
    }
  });

  it("does not let a read outside a transaction see a group before its COMMIT", async () => {
    const db = open((raw) => new GroupCommitSqliteDriver(raw, kyselySqliteDatabase(raw)));
    try {
      let read!: Promise<{ rows: number; committed: number }>;
      const writes = Promise.all([
        db.transaction().execute(async (tx) => {
          await tx.insertInto("T").values({ tag: "x" }).execute();
          // Issued while this transaction is open: it waits for it, and by the time it runs, the
          // group it would read is committed.
          read = db
            .selectFrom("T")
            .select("tag")
            .execute()
            .then((rows) => ({ rows: rows.length, committed: committedTags().length }));
        }),
        insert(db, "y"),
        insert(db, "z"),
      ]);
      await writes;
      const seen = await read;
      // It waited for the transaction it was issued in, and saw only what another connection sees.
      expect(seen.rows).toBeGreaterThanOrEqual(1);
      expect(seen.rows).toBe(seen.committed);
    } finally {
      await db.destroy();
    }
  });

  it("runs a read outside a transaction at once when nobody is inside one", async () => {
    const db = open((raw) => new GroupCommitSqliteDriver(raw, kyselySqliteDatabase(raw)));
    try {
      await insert(db, "before");
      const order: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      // A lease that took the connection for a write and keeps it (no transaction open).
      const writer = db.connection().execute(async (c) => {
        await c.insertInto("T").values({ tag: "held" }).execute();
        order.push("write");
        await held;
      });
      await new Promise((r) => setImmediate(r));
      const rows = await db.selectFrom("T").select("tag").execute();
      order.push(`read ${rows.length}`);
      release();
      await writer;
      expect(order).toEqual(["write", "read 2"]);
      expect(committedTags()).toEqual(["before", "held"]);
    } finally {
      await db.destroy();
    }
  });

  it("gives every caller in a group the error when its COMMIT fails, and keeps none of it", async () => {
    const { db, stats } = openCounting((raw, c) => new GroupCommitSqliteDriver(raw, c));
    try {
      await insert(db, "before");
      stats.failNext.COMMIT = new Error("disk I/O error");
      const results = await Promise.allSettled(["p", "q", "r"].map((t) => insert(db, t)));
      expect(results.map((r) => (r.status === "rejected" ? String(r.reason.message) : "ok"))).toEqual([
        "disk I/O error",
        expect.any(String),
        expect.any(String),
      ]);
      expect(committedTags()).toEqual(["before"]);
      // The connection is usable afterwards.
      await insert(db, "after");
      expect(committedTags()).toEqual(["after", "before"]);
    } finally {
      await db.destroy();
    }
  });

  it("tells a writer its write was lost when another caller's COMMIT of its group fails before it lets go", async () => {
    const { db, stats } = openCounting((raw, c) => new GroupCommitSqliteDriver(raw, c));
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      // A write outside a transaction, into a group, by a lease that keeps the connection a while.
      const writer = db.connection().execute(async (c) => {
        await c.insertInto("T").values({ tag: "w" }).execute();
        await held;
      });
      await new Promise((r) => setImmediate(r));
      stats.failNext.COMMIT = new Error("disk I/O error");
      // A read commits the open group first; the COMMIT fails, and the read sees what is on disk.
      expect(await db.selectFrom("T").select("tag").execute()).toEqual([]);
      release();
      await expect(writer).rejects.toThrow("disk I/O error");
      expect(committedTags()).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  it("answers every caller and frees the connection when the COMMIT fails and so does the ROLLBACK after it", async () => {
    const { db, stats } = openCounting((raw, c) => new GroupCommitSqliteDriver(raw, c));
    try {
      await insert(db, "before");
      stats.failNext.COMMIT = new Error("disk I/O error");
      stats.failNext.ROLLBACK = new Error("cannot rollback");
      const results = await settledWithin(
        2000,
        ["p", "q", "r"].map((t) => insert(db, t)),
      );
      expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
      // The group left open by the failed ROLLBACK is rolled back before the next one begins.
      await settledWithin(2000, [insert(db, "after")]).then(([r]) => expect(r?.status).toBe("fulfilled"));
      expect(committedTags()).toEqual(["after", "before"]);
    } finally {
      await db.destroy();
    }
  });

  it("rolls back the whole group, and tells its members, when a failing member cannot be undone alone", async () => {
    const { db, stats } = openCounting((raw, c) => new GroupCommitSqliteDriver(raw, c));
    try {
      const results = await settledWithin(2000, [
        insert(db, "a"),
        db.transaction().execute(async (tx) => {
          await tx.insertInto("T").values({ tag: "b" }).execute();
          stats.failNext["ROLLBACK TO HELPDESK_MEMBER"] = new Error("cannot roll back to the savepoint");
          throw new Error("changed my mind");
        }),
        insert(db, "c"),
      ]);
      expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "fulfilled"]);
      // The failing caller hears its own error; the one before it hears its write was lost.
      expect((results[1] as PromiseRejectedResult).reason.message).toBe("changed my mind");
      expect(String((results[0] as PromiseRejectedResult).reason.message)).toMatch(/nothing in it was kept/);
      // "b" above all must not have been committed with the group.
      expect(committedTags()).toEqual(["c"]);
    } finally {
      await db.destroy();
    }
  });

  it("makes a read outside a transaction wait while a stream is being read, instead of failing on a busy connection", async () => {
    const db = open((raw) => new GroupCommitSqliteDriver(raw, kyselySqliteDatabase(raw)));
    try {
      await Promise.all(["s1", "s2", "s3"].map((t) => insert(db, t)));
      const order: string[] = [];
      let read!: Promise<unknown>;
      for await (const row of db.selectFrom("T").select("tag").orderBy("tag").stream()) {
        order.push(row.tag);
        if (row.tag === "s1")
          read = db
            .selectFrom("T")
            .select("tag")
            .execute()
            .then((rows) => order.push(`read ${rows.length}`));
        await new Promise((r) => setImmediate(r));
      }
      await read;
      expect(order).toEqual(["s1", "s2", "s3", "read 3"]);
    } finally {
      await db.destroy();
    }
  });

  it("fails the members before a transaction that SQLite rolled back entirely, instead of reporting them kept", async () => {
    const db = open((raw) => new GroupCommitSqliteDriver(raw, kyselySqliteDatabase(raw)));
    try {
      const results = await Promise.allSettled([
        insert(db, "first"),
        insert(db, "second"),
        db.transaction().execute(async (tx) => {
          // What SQLite does by itself after some errors (a full disk, an I/O error).
          await sql`ROLLBACK`.execute(tx);
          throw new Error("disk full");
        }),
      ]);
      const rejected = results.filter((r) => r.status === "rejected").length;
      // The first may have committed alone before the others queued; whatever was in the
      // rolled-back group is reported lost, never kept.
      expect(committedTags()).toHaveLength(3 - rejected);
      expect(rejected).toBeGreaterThanOrEqual(2);
    } finally {
      await db.destroy();
    }
  });

  it("passes the connection on only after the event loop has had a turn", async () => {
    const order: string[] = [];
    const run = async (db: Kysely<Tables>, prefix: string) => {
      await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          db.transaction().execute(async (tx) => {
            if (i === 0) setImmediate(() => order.push("io"));
            order.push(`tx${i}`);
            await tx
              .insertInto("T")
              .values({ tag: `${prefix}${i}` })
              .execute();
          }),
        ),
      );
    };
    const db = open((raw) => new GroupCommitSqliteDriver(raw, kyselySqliteDatabase(raw)));
    try {
      await run(db, "group");
      expect(order.indexOf("io")).toBeLessThan(order.indexOf("tx4"));
    } finally {
      await db.destroy();
    }
    // (control) Kysely's own driver runs the whole queue before the callback.
    order.length = 0;
    const stock = open((raw) => new SqliteDialect({ database: kyselySqliteDatabase(raw) }).createDriver());
    try {
      await run(stock, "stock");
      expect(order.slice(0, order.indexOf("tx4") + 1)).not.toContain("io");
    } finally {
      await stock.destroy();
    }
  });
});
