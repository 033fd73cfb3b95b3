// The SQLite driver's group commit: transactions that queue for the one connection share a COMMIT,
// each caller hears back only once its writes are on disk, a failing one takes only its own writes
// back, and the queue yields to the event loop between holders.
import { SqliteDialect, type Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import { kyselySqliteDatabase } from "./sqlite-connection.js";
import { GroupCommitSqliteDriver } from "./sqlite-driver.js";
import { committedTags, insert, open, openCounting, useScratchDatabase, type Tables } from "./testing/group-commit-kit.js";

useScratchDatabase();

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
