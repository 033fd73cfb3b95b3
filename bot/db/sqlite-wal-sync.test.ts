// The driver's WAL sync off the main thread: a group's callers hear back only once the sync after
// its COMMIT has returned, nothing runs on the connection meanwhile (so nobody reads what is not
// yet durable), the event loop stays free, and a failed sync is its group's callers' error.
import Database from "better-sqlite3";
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kyselySqliteDatabase, walSyncer } from "./sqlite-connection.js";
import { GroupCommitSqliteDriver, type GroupCommitOptions } from "./sqlite-driver.js";
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

/** The scratch database through the group-commit driver, syncing the WAL with `syncWal` after each COMMIT (none without). */
const openSyncing = (syncWal?: GroupCommitOptions["syncWal"]) =>
  open((raw) => new GroupCommitSqliteDriver(raw, kyselySqliteDatabase(raw), { syncWal }));

const turn = () => new Promise((r) => setImmediate(r));
/** Lets timers and I/O run until `cond` holds (or fails after a second). */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
}

describe("SQLite WAL sync off the main thread", () => {
  it("answers a transaction only after the sync that follows its COMMIT, with the event loop free meanwhile", async () => {
    const sync = manualSync();
    const db = openSyncing(sync.syncWal);
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
    const db = openSyncing(sync.syncWal);
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

  it("gives a failed sync to its group's callers, and takes no more work on the connection", async () => {
    const sync = manualSync();
    const db = openSyncing(sync.syncWal);
    try {
      const failed = insert(db, "a");
      await until(() => sync.pending.length === 1);
      // Caught at once: they fail while the test still waits for the first.
      const waiting = insert(db, "b").catch((e: unknown) => e);
      const reading = db
        .selectFrom("T")
        .select("tag")
        .execute()
        .catch((e: unknown) => e);
      await turn();
      sync.pending[0]!.reject(Object.assign(new Error("EIO: i/o error, fdatasync"), { code: "EIO" }));
      await expect(failed).rejects.toThrow(/could not be synced to disk \(EIO: i\/o error, fdatasync\).*restart the service/);
      // A later sync could succeed over what the failed one left unwritten (the kernel may forget
      // the error), and acknowledged commits after that hole would be lost with it: nothing runs.
      expect(String(await waiting)).toMatch(/could not be synced to disk/);
      expect(String(await reading)).toMatch(/could not be synced to disk/);
      await expect(insert(db, "c")).rejects.toThrow(/could not be synced to disk/);
      expect(sync.pending).toHaveLength(1);
      expect(committedTags()).toEqual(["a"]);
    } finally {
      await db.destroy();
    }
  });

  it("answers no write and shows no read before a sync that began after its COMMIT, however reads and writes interleave", async () => {
    // What the syncs covered: the rows committed when each began, added once it returned.
    const covered = new Set<string>();
    const syncWal = () => {
      const committed = committedTags();
      return new Promise<void>((resolve) =>
        setTimeout(
          () => {
            for (const tag of committed) covered.add(tag);
            resolve();
          },
          Math.floor(Math.random() * 3),
        ),
      );
    };
    const db = openSyncing(syncWal);
    try {
      const unsyncedAnswers: string[] = [];
      const unsyncedReads: string[] = [];
      const work: Promise<unknown>[] = [];
      for (let i = 0; i < 60; i++) {
        const tag = `t${String(i).padStart(2, "0")}`;
        work.push(
          insert(db, tag).then(() => {
            if (!covered.has(tag)) unsyncedAnswers.push(tag);
          }),
          db
            .selectFrom("T")
            .select("tag")
            .execute()
            .then((rows) => unsyncedReads.push(...rows.map((r) => r.tag).filter((t) => !covered.has(t)))),
        );
        // A writer that holds the connection between statements, so groups are left open for waiters.
        if (i % 7 === 0)
          work.push(
            db.connection().execute(async (c) => {
              await c
                .insertInto("T")
                .values({ tag: `${tag}h` })
                .execute();
              await new Promise((r) => setImmediate(r));
            }),
          );
        if (i % 3 === 0) await new Promise((r) => setImmediate(r));
      }
      await Promise.all(work);
      expect(unsyncedAnswers).toEqual([]);
      expect(unsyncedReads).toEqual([]);
      expect(committedTags()).toHaveLength(60 + 9);
    } finally {
      await db.destroy();
    }
  });

  it("on close, takes back a transaction still open rather than commit it half-done, and refuses its next statement", async () => {
    const db = openSyncing();
    await insert(db, "before");
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const pending = db
      .transaction()
      .execute(async (tx) => {
        await tx.insertInto("T").values({ tag: "half" }).execute();
        await held;
        await tx.insertInto("T").values({ tag: "rest" }).execute();
      })
      .catch((e: unknown) => e);
    await turn();
    await db.destroy();
    release();
    expect(await pending).toBeInstanceOf(Error);
    expect(committedTags()).toEqual(["before"]);
  });

  it("waits for the sync before closing", async () => {
    const sync = manualSync();
    const db = openSyncing(sync.syncWal);
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

  it("syncs the WAL beside the real file when the database path is a symlink", async () => {
    const real = mkdtempSync(join(tmpdir(), "helpdesk-wal-real-"));
    const links = mkdtempSync(join(tmpdir(), "helpdesk-wal-link-"));
    try {
      const setup = new Database(join(real, "t.db"));
      setup.pragma("journal_mode = WAL");
      setup.exec("CREATE TABLE T (id INTEGER PRIMARY KEY, tag TEXT NOT NULL UNIQUE)");
      setup.close();
      symlinkSync(join(real, "t.db"), join(links, "t.db"));
      const raw = new Database(join(links, "t.db"));
      raw.pragma("synchronous = NORMAL");
      raw.exec("INSERT INTO T (tag) VALUES ('a')");
      const wal = walSyncer(join(links, "t.db"));
      try {
        await wal.sync();
      } finally {
        wal.close();
        raw.close();
      }
      expect(existsSync(join(links, "t.db-wal"))).toBe(false);
    } finally {
      rmSync(real, { recursive: true, force: true });
      rmSync(links, { recursive: true, force: true });
    }
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
