// The driver's WAL sync off the main thread: a group's callers hear back only once the sync after
// its COMMIT has returned, nothing runs on the connection meanwhile (so nobody reads what is not
// yet durable), the event loop stays free, and a failed sync is its group's callers' error.
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { kyselySqliteDatabase, walSyncer } from "./sqlite-connection.js";
import { GroupCommitSqliteDriver } from "./sqlite-driver.js";
import { committedTags, insert, open, useScratchDatabase } from "./testing/group-commit-kit.js";

useScratchDatabase();

/** A WAL sync the test finishes by hand, recording what had been committed when each began. */
function manualSync() {
  const pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const committedAtStart: string[][] = [];
  return {
    pending,
    committedAtStart,
    syncWal: () =>
      new Promise<void>((resolve, reject) => {
        committedAtStart.push(committedTags());
        pending.push({ resolve, reject });
      }),
  };
}

const turn = () => new Promise((r) => setImmediate(r));
/** Lets timers and I/O run until `cond` holds (or fails after a second). */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
}

describe("SQLite WAL sync off the main thread", () => {
  it("answers a transaction only after the sync that follows its COMMIT, with the event loop free meanwhile", async () => {
    const sync = manualSync();
    const db = open((raw) => new GroupCommitSqliteDriver(raw, kyselySqliteDatabase(raw), { syncWal: sync.syncWal }));
    try {
      let answered = false;
      const write = insert(db, "a").then(() => (answered = true));
      await until(() => sync.pending.length === 1);
      // Committed before the sync began, and not answered while it runs; timers still fire.
      expect(sync.committedAtStart[0]).toEqual(["a"]);
      let timerRan = false;
      setTimeout(() => (timerRan = true), 1);
      await until(() => timerRan);
      expect(answered).toBe(false);
      sync.pending[0]!.resolve();
      await write;
      expect(answered).toBe(true);
    } finally {
      await db.destroy();
    }
  });

  it("holds reads outside a transaction and later transactions until the sync has returned", async () => {
    const sync = manualSync();
    const db = open((raw) => new GroupCommitSqliteDriver(raw, kyselySqliteDatabase(raw), { syncWal: sync.syncWal }));
    try {
      const order: string[] = [];
      const first = insert(db, "a").then(() => order.push("a answered"));
      await until(() => sync.pending.length === 1);
      const read = db
        .selectFrom("T")
        .select("tag")
        .execute()
        .then((rows) => order.push(`read ${rows.length}`));
      const second = insert(db, "b").then(() => order.push("b answered"));
      await turn();
      await turn();
      // Nothing ran on the connection while the sync was out: no second COMMIT, no read.
      expect(order).toEqual([]);
      expect(sync.pending).toHaveLength(1);
      expect(committedTags()).toEqual(["a"]);
      sync.pending[0]!.resolve();
      await Promise.all([first, read]);
      await until(() => sync.pending.length === 2);
      sync.pending[1]!.resolve();
      await second;
      expect(order).toEqual(["a answered", "read 1", "b answered"]);
      expect(committedTags()).toEqual(["a", "b"]);
    } finally {
      await db.destroy();
    }
  });

  it("gives a failed sync to its group's callers as their error, and goes on with the next", async () => {
    const sync = manualSync();
    const db = open((raw) => new GroupCommitSqliteDriver(raw, kyselySqliteDatabase(raw), { syncWal: sync.syncWal }));
    try {
      const failed = insert(db, "a");
      await until(() => sync.pending.length === 1);
      sync.pending[0]!.reject(Object.assign(new Error("EIO: i/o error, fdatasync"), { code: "EIO" }));
      await expect(failed).rejects.toThrow(/EIO/);
      const next = insert(db, "b");
      await until(() => sync.pending.length === 2);
      sync.pending[1]!.resolve();
      await next;
      expect(committedTags()).toEqual(["a", "b"]);
    } finally {
      await db.destroy();
    }
  });

  it("waits for the sync before closing", async () => {
    const sync = manualSync();
    const db = open((raw) => new GroupCommitSqliteDriver(raw, kyselySqliteDatabase(raw), { syncWal: sync.syncWal }));
    const write = insert(db, "a");
    await until(() => sync.pending.length === 1);
    let closed = false;
    const closing = db.destroy().then(() => (closed = true));
    await turn();
    expect(closed).toBe(false);
    sync.pending[0]!.resolve();
    await Promise.all([write, closing]);
    expect(closed).toBe(true);
  });

  it("syncs the real WAL file of a connection at NORMAL", async () => {
    let file = "";
    const db = open((raw) => {
      file = raw.name;
      raw.pragma("synchronous = NORMAL");
      const wal = walSyncer(raw.name);
      return new GroupCommitSqliteDriver(raw, kyselySqliteDatabase(raw), { syncWal: () => wal.sync() });
    });
    try {
      await insert(db, "a");
      await insert(db, "b");
      expect(committedTags()).toEqual(["a", "b"]);
      const other = new Database(file, { readonly: true });
      expect(other.pragma("journal_mode", { simple: true })).toBe("wal");
      other.close();
    } finally {
      await db.destroy();
    }
  });
});
