// The query layer on either provider: types mapped both ways, transactions all or nothing, unique
// violations recognisable, statements outside an open transaction neither seeing its writes nor
// rolled back with them; and SQLite's one connection, which Kysely's driver hands to one holder
// at a time (a control shows the check notices a connection shared unguarded).
import Database from "better-sqlite3";
import { Kysely, SqliteDialect, type DatabaseConnection, type Driver, type TransactionSettings } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmptyInLists } from "../bot/db/empty-in-lists.js";
import { kyselySqliteDatabase } from "../bot/db/sqlite-connection.js";
import type { DB, Db } from "../core/db.js";
import { isUniqueViolation } from "../core/db-errors.js";
import { newId } from "../core/ids.js";
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
  open: true,
  createdAt: at,
  updatedAt: at,
});
/** Tickets in `db`, or those with `subject`. */
async function ticketCount(db: Db, subject?: string): Promise<number> {
  let q = db.selectFrom("Ticket").select((eb) => eb.fn.countAll().as("n"));
  if (subject !== undefined) q = q.where("subject", "=", subject);
  return Number((await q.executeTakeFirstOrThrow()).n);
}
const count = () => ticketCount(d.db);

describe(`query layer (${testProvider})`, () => {
  it("offers no controlled transaction, whose commit would not wait for the SQLite group's COMMIT (checked by the type-check)", () => {
    type Offered = "startTransaction" extends keyof Db ? true : false;
    const offered: Offered = false;
    expect(offered).toBe(false);
  });

  it("commits what the transaction wrote, with dates and booleans as the other reader sees them", async () => {
    const at = new Date("2026-02-03T04:05:06.789Z");
    const row = await d.db
      .transaction()
      .execute((tx) =>
        tx.insertInto("Ticket").values(ticket("typed", at)).returning(["id", "open", "createdAt"]).executeTakeFirstOrThrow(),
      );
    expect(row).toEqual({ id: expect.any(Number), open: true, createdAt: at });
    expect(await d.prisma.ticket.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      subject: "typed",
      open: true,
      quarantined: false,
      createdAt: at,
    });
    // A column read under another name keeps its type.
    const aliased = await d.db
      .selectFrom("Ticket")
      .select(["createdAt as made", "open as isOpen"])
      .where("id", "=", row.id)
      .executeTakeFirstOrThrow();
    expect(aliased).toEqual({ made: at, isOpen: true });
  });

  it("rolls back everything when the function throws", async () => {
    const before = await count();
    await expect(
      d.db.transaction().execute(async (tx) => {
        await tx.insertInto("Ticket").values(ticket("doomed")).execute();
        throw new Error("nope");
      }),
    ).rejects.toThrow("nope");
    expect(await count()).toBe(before);
  });

  it("reports unique violations recognisably", async () => {
    const t = await d.db.insertInto("Ticket").values(ticket("r")).returning("id").executeTakeFirstOrThrow();
    const messageId = newId();
    await d.db
      .insertInto("Message")
      .values({ id: messageId, ticketId: t.id, kind: "INBOUND", text: "x", channel: "email", createdAt: new Date() })
      .execute();
    const ref = () =>
      d.db
        .insertInto("MessageRef")
        .values({ id: newId(), messageId, system: "email", externalId: "<dup@x>", externalIdHash: "same-hash" })
        .execute();
    await ref();
    expect(isUniqueViolation(await ref().catch((e: unknown) => e))).toBe(true);
  });

  it("interleaves transactions and single statements without losing or mixing writes", async () => {
    const before = await count();
    const work = Array.from({ length: 40 }, (_, i) =>
      i % 2
        ? d.db.transaction().execute(async (tx) => {
            await tx
              .insertInto("Ticket")
              .values(ticket(`tx ${i}`))
              .execute();
            await new Promise((r) => setTimeout(r, 2));
            if (i % 10 === 1) throw new Error("rollback this one");
          })
        : d.db
            .insertInto("Ticket")
            .values(ticket(`single ${i}`))
            .execute(),
    );
    const results = await Promise.allSettled(work);
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(4);
    expect(await count()).toBe(before + 36);
  });
});

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
    const unguarded: Db = new Kysely<DB>({
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
