// The SQLite driver's group commit when something fails: a COMMIT, a ROLLBACK, a member's undo, or
// SQLite rolling the whole transaction back. No caller is told its write was kept when it was not,
// every caller is answered, and the connection stays usable.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { kyselySqliteDatabase } from "./sqlite-connection.js";
import { GroupCommitSqliteDriver } from "./sqlite-driver.js";
import { committedTags, insert, open, openCounting, settledWithin, useScratchDatabase } from "./testing/group-commit-kit.js";

useScratchDatabase();

describe("SQLite group commit, when something fails", () => {
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
      // A read does not see the lost writes in the transaction the failed ROLLBACK left open.
      expect(await db.selectFrom("T").select("tag").execute()).toEqual([{ tag: "before" }]);
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
});
