// SQLite is one connection, shared by every transaction and statement the service runs: a
// statement issued while a transaction is open must wait for it, never run inside it (it would
// see the transaction's uncommitted writes, and its own write would be rolled back with them).
// Kysely's SQLite driver hands the connection to one holder at a time; these tests fail if the
// service's connection did not, and a control shows they notice a connection shared unguarded.
// (Types, rollbacks, unique violations and interleaving on both providers: test/query-layer.test.ts.)
import Database from "better-sqlite3";
import { Kysely, SqliteDialect, type DatabaseConnection, type Driver, type TransactionSettings } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../core/db.js";
import { EmptyInLists } from "../bot/db/empty-in-lists.js";
import { kyselySqliteDatabase } from "../bot/db/sqlite-connection.js";
import { freshDatabase, testProvider, type TestDatabase } from "./harness.js";

let d: TestDatabase;
beforeAll(async () => {
  d = await freshDatabase();
});
afterAll(() => d.drop());

const ticket = (subject: string, at = new Date()) => ({
  subject,
  pipelineId: "support",
  statusId: "new",
  source: "manual",
  createdAt: at,
  updatedAt: at,
});

async function ticketCount(db: Db, subject?: string): Promise<number> {
  let q = db.selectFrom("Ticket").select((eb) => eb.fn.countAll().as("n"));
  if (subject !== undefined) q = q.where("subject", "=", subject);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/**
 * Opens a transaction that writes a ticket and then fails; while it is open (held on a gate), a
 * read and a write are issued outside it. Reports whether the read saw the transaction's row, what
 * the outside write kept, and which of them had finished before the transaction was let go.
 */
async function outsideStatementsDuringFailingTransaction(db: Db, tag: string) {
  const finished: string[] = [];
  let opened!: () => void;
  const isOpen = new Promise<void>((r) => (opened = r));
  let letGo!: () => void;
  const gate = new Promise<void>((r) => (letGo = r));
  const failing = db.transaction().execute(async (tx) => {
    await tx
      .insertInto("Ticket")
      .values(ticket(`${tag} rolled back`))
      .execute();
    opened();
    await gate;
    throw new Error("boom");
  });
  await isOpen;
  // The read counts only the transaction's own row: on PostgreSQL the outside write runs on
  // another connection and may commit before the read, which is no fault.
  const read = ticketCount(db, `${tag} rolled back`).then((n) => {
    finished.push("read");
    return n;
  });
  const write = db
    .insertInto("Ticket")
    .values(ticket(`${tag} outside`))
    .execute()
    .then(() => finished.push("write"));
  // Long enough for the outside statements to run, had they not had to wait.
  await new Promise((r) => setTimeout(r, 50));
  const finishedWhileOpen = [...finished].sort();
  letGo();
  await expect(failing).rejects.toThrow("boom");
  const seen = await read;
  await write;
  return {
    seen,
    finishedWhileOpen,
    rolledBack: await ticketCount(db, `${tag} rolled back`),
    outside: await ticketCount(db, `${tag} outside`),
  };
}

describe(`statements outside an open transaction (${testProvider})`, () => {
  it("neither see its uncommitted writes nor are rolled back with it", async () => {
    const r = await outsideStatementsDuringFailingTransaction(d.db, "kept out");
    expect(r.seen).toBe(0);
    expect(r.outside).toBe(1);
    expect(r.rolledBack).toBe(0);
  });
});

/**
 * A driver that shares SQLite's one connection without waiting for its holder: what the service's
 * connection must never do. It stands for a regression, to show that the check notices one.
 */
class UnguardedDriver implements Driver {
  #connection?: DatabaseConnection;
  constructor(private readonly inner: Driver) {}
  async init(): Promise<void> {
    await this.inner.init();
    this.#connection = await this.inner.acquireConnection();
    await this.inner.releaseConnection(this.#connection);
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    if (!this.#connection) throw new Error("not initialised");
    return this.#connection;
  }
  beginTransaction(c: DatabaseConnection, s: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(c, s);
  }
  commitTransaction(c: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(c);
  }
  rollbackTransaction(c: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(c);
  }
  async releaseConnection(): Promise<void> {}
  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

describe.runIf(testProvider === "sqlite")("SQLite's one connection", () => {
  it("makes a statement issued while a transaction is open wait for it, not join it", async () => {
    const r = await outsideStatementsDuringFailingTransaction(d.db, "waits");
    // Nothing ran on the connection while the transaction held it...
    expect(r.finishedWhileOpen).toEqual([]);
    // ...so the read saw the state after the rollback, and the write outside was kept.
    expect(r).toMatchObject({ seen: 0, outside: 1, rolledBack: 0 });
  });

  it("(control) a connection shared without waiting would let them join, and the check above would fail", async () => {
    if (d.target.provider !== "sqlite") return;
    class UnguardedDialect extends SqliteDialect {
      override createDriver(): Driver {
        return new UnguardedDriver(super.createDriver());
      }
    }
    const unguarded: Db = new Kysely({
      dialect: new UnguardedDialect({ database: kyselySqliteDatabase(new Database(d.target.file)) }),
      plugins: [new EmptyInLists()],
    });
    try {
      const r = await outsideStatementsDuringFailingTransaction(unguarded, "joins");
      expect(r.finishedWhileOpen).toEqual(["read", "write"]);
      expect(r.seen).toBe(1);
      expect(r.outside).toBe(0);
    } finally {
      await unguarded.destroy();
    }
  });
});
