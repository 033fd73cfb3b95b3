import Database from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, testProvider, type TestCore } from "../../test/harness.js";
import { claimTicket } from "../../core/tickets/claim-ticket.js";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { kyselySqliteDatabase, sqliteTimestamp } from "./sqlite-connection.js";

// The connection wrapper on its own, on a throwaway in-memory database: runs on either provider.
describe("SQLite connection wrapper", () => {
  interface Row {
    id: number;
    at: Date | null;
    flag: boolean | null;
  }
  const open = (maxStatements?: number) => {
    const raw = new Database(":memory:");
    raw.exec(`CREATE TABLE "T" (id INTEGER PRIMARY KEY, at DATETIME, flag BOOLEAN)`);
    const wrapped = kyselySqliteDatabase(raw, maxStatements);
    const db = new Kysely<{ T: Row }>({ dialect: new SqliteDialect({ database: wrapped }) });
    return { raw, wrapped, db };
  };

  it("stores dates as ISO text with +00:00 and booleans as 0/1, and reads them back typed", async () => {
    const { raw, db } = open();
    const at = new Date("2026-02-03T04:05:06.789Z");
    await db.insertInto("T").values({ id: 1, at, flag: true }).execute();
    await db.insertInto("T").values({ id: 2, at: null, flag: false }).execute();
    // What is in the file, read past the wrapper.
    expect(raw.prepare(`SELECT typeof(at) AS kind, at, flag FROM "T" WHERE id = 1`).get()).toEqual({
      kind: "text",
      at: "2026-02-03T04:05:06.789+00:00",
      flag: 1,
    });
    expect(raw.prepare(`SELECT flag FROM "T" WHERE id = 2`).get()).toEqual({ flag: 0 });
    expect(sqliteTimestamp(at)).toBe("2026-02-03T04:05:06.789+00:00");
    // And through it: Date and boolean again, null left alone.
    expect(await db.selectFrom("T").selectAll().orderBy("id").execute()).toEqual([
      { id: 1, at, flag: true },
      { id: 2, at: null, flag: false },
    ]);
    // A Date parameter compares as the same text, so range filters find what was stored.
    const found = await db.selectFrom("T").select("id").where("at", ">=", at).where("at", "<=", at).execute();
    expect(found).toEqual([{ id: 1 }]);
    await db.destroy();
  });

  it("types a DATETIME or BOOLEAN column under an alias too; computed values stay as SQLite gives them", async () => {
    const { db } = open();
    const at = new Date("2026-05-06T07:08:09.010Z");
    await db.insertInto("T").values({ id: 1, at, flag: true }).execute();
    const row = await db
      .selectFrom("T")
      .select(["at as when", "flag as on", sql<unknown>`max(at)`.as("latest"), sql<unknown>`count(*)`.as("n")])
      .executeTakeFirstOrThrow();
    expect(row.when).toEqual(at);
    expect(row.on).toBe(true);
    // No declared type for these: the caller converts them (asDate, Number).
    expect(row.latest).toBe("2026-05-06T07:08:09.010+00:00");
    expect(row.n).toBe(1);
    await db.destroy();
  });

  it("reads the CURRENT_TIMESTAMP text form of SQL defaults as UTC", async () => {
    const { raw, db } = open();
    raw.prepare(`INSERT INTO "T" (id, at) VALUES (1, '2026-01-02 03:04:05')`).run();
    expect((await db.selectFrom("T").select("at").executeTakeFirstOrThrow()).at).toEqual(new Date("2026-01-02T03:04:05.000Z"));
    await db.destroy();
  });

  it("keeps each statement prepared, and starts over past its limit", async () => {
    const { raw, wrapped } = open(2);
    let prepared = 0;
    const prepare = raw.prepare.bind(raw);
    raw.prepare = ((source: string) => {
      prepared++;
      return prepare(source);
    }) as typeof raw.prepare;
    const a = wrapped.prepare(`SELECT 1 AS one`);
    expect(wrapped.prepare(`SELECT 1 AS one`)).toBe(a);
    expect(prepared).toBe(1);
    wrapped.prepare(`SELECT 2 AS two`);
    expect(prepared).toBe(2);
    // A third statement over the limit of two empties the cache: the first is prepared again.
    wrapped.prepare(`SELECT 3 AS three`);
    expect(wrapped.prepare(`SELECT 1 AS one`)).not.toBe(a);
    expect(prepared).toBe(4);
    expect(a.all([])).toEqual([{ one: 1 }]);
    raw.close();
  });

  it("reads a cached SELECT * with the columns the table has now, after the schema changed", async () => {
    const { raw, wrapped } = open();
    raw.exec(`INSERT INTO "T" (id, at, flag) VALUES (1, '2026-01-02T03:04:05.000+00:00', 1)`);
    const all = wrapped.prepare(`SELECT * FROM "T"`);
    expect(all.all([])).toEqual([{ id: 1, at: new Date("2026-01-02T03:04:05.000Z"), flag: true }]);
    raw.exec(`ALTER TABLE "T" ADD COLUMN "done" DATETIME`);
    raw.exec(`UPDATE "T" SET "done" = '2026-01-03T00:00:00.000+00:00'`);
    expect(wrapped.prepare(`SELECT * FROM "T"`)).toBe(all);
    expect(all.all([])).toEqual([
      { id: 1, at: new Date("2026-01-02T03:04:05.000Z"), flag: true, done: new Date("2026-01-03T00:00:00.000Z") },
    ]);
    raw.close();
  });

  it("reads a cached SELECT * one row at a time with the columns the table has now, after a column went", async () => {
    const { raw, wrapped } = open();
    raw.exec(`ALTER TABLE "T" ADD COLUMN "note" TEXT`);
    raw.exec(`INSERT INTO "T" (id, at, flag, note) VALUES (1, '2026-01-02T03:04:05.000+00:00', 1, 'n')`);
    const all = wrapped.prepare(`SELECT * FROM "T"`);
    expect([...all.iterate([])]).toEqual([{ id: 1, at: new Date("2026-01-02T03:04:05.000Z"), flag: true, note: "n" }]);
    raw.exec(`ALTER TABLE "T" DROP COLUMN "at"`);
    expect([...all.iterate([])]).toEqual([{ id: 1, flag: true, note: "n" }]);
    expect(all.all([])).toEqual([{ id: 1, flag: true, note: "n" }]);
    raw.close();
  });

  it("keeps a repeated column name's last value, and converts rows read one by one too", async () => {
    const { raw, wrapped } = open();
    raw.exec(`INSERT INTO "T" (id, at, flag) VALUES (1, NULL, 0), (2, '2026-01-02 03:04:05', 1)`);
    const twice = wrapped.prepare(`SELECT id AS x, flag AS x FROM "T" ORDER BY id`);
    // As better-sqlite3's own row objects (which leave the flag unconverted): the last.
    expect(raw.prepare(`SELECT id AS x, flag AS x FROM "T" ORDER BY id`).all()).toEqual([{ x: 0 }, { x: 1 }]);
    expect(twice.all([])).toEqual([{ x: false }, { x: true }]);
    const rows = [...wrapped.prepare(`SELECT id, at, flag FROM "T" WHERE id >= ? ORDER BY id`).iterate([1])];
    expect(rows).toEqual([
      { id: 1, at: null, flag: false },
      { id: 2, at: new Date("2026-01-02T03:04:05.000Z"), flag: true },
    ]);
    expect(wrapped.prepare(`SELECT id, at FROM "T" WHERE id = ?`).allArrays([2])).toEqual({
      names: ["id", "at"],
      rows: [[2, new Date("2026-01-02T03:04:05.000Z")]],
    });
    expect(() => wrapped.prepare(`DELETE FROM "T"`).allArrays([])).toThrow("only a statement that returns rows");
    raw.close();
  });
});

// The service's database as the core writes it.
describe.runIf(testProvider === "sqlite")("SQLite timestamps written by the core", () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await testCore();
  });
  afterAll(() => t.close());

  it("are stored as text with +00:00, read back as Dates, and found by the Prisma reader's range queries", async () => {
    const id = (await createTicket(t.deps, { subject: "stamped" }, as.ada)).id;
    t.advance(1234);
    const at = t.deps.now();
    await claimTicket(t.deps, { ticketId: id }, as.bob);
    const stored = await sql<{
      kind: string;
      text: unknown;
    }>`SELECT typeof("updatedAt") AS kind, "updatedAt" AS text FROM "Ticket" WHERE id = ${id}`.execute(t.deps.db);
    // "text" is aliased and not a declared column name, but it is still the DATETIME column: typed.
    expect(stored.rows).toEqual([{ kind: "text", text: at }]);
    const event = await sql<{
      kind: string;
      text: string;
    }>`SELECT typeof("createdAt") AS kind, substr("createdAt", 1) AS text FROM "TimelineEvent" WHERE "ticketId" = ${id} AND type = 'ticket.claimed'`.execute(
      t.deps.db,
    );
    // substr() is an expression: the stored text as it is.
    expect(event.rows).toEqual([{ kind: "text", text: sqliteTimestamp(at) }]);
    expect(sqliteTimestamp(at)).toBe(at.toISOString().replace("Z", "+00:00"));
    const back = await t.deps.db.selectFrom("Ticket").select(["updatedAt", "open"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(back).toEqual({ updatedAt: at, open: true });
    const found = await t.prisma.ticket.findMany({ where: { id, updatedAt: { gte: at, lte: at } } });
    expect(found).toHaveLength(1);
  });
});
