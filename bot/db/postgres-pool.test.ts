// What every pooled PostgreSQL session runs with, whatever the server's defaults: ISO dates, UTC,
// and limits on a statement and on a transaction left idle.
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { describe, expect, it } from "vitest";
import type { DB, Db } from "../../core/db.js";
import { withTx } from "../../core/deps.js";
import { parseDatabaseUrl } from "./connect.js";
import { kyselyPostgresPool, type SessionLimits } from "./postgres-pool.js";
import { testProvider } from "../../test/harness.js";

function pool(limits?: SessionLimits) {
  const target = parseDatabaseUrl(process.env.TEST_DATABASE_URL!);
  if (target.provider !== "postgresql") throw new Error("TEST_DATABASE_URL is no PostgreSQL URL");
  return kyselyPostgresPool(target.url, target.schema, 1, limits);
}

/** A query layer on a one-connection pool under `limits`, closed after `fn`. */
async function withDb(limits: SessionLimits, fn: (db: Db) => Promise<void>): Promise<void> {
  const db: Db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: pool(limits) }) });
  try {
    await fn(db);
  } finally {
    await db.destroy();
  }
}

describe.runIf(testProvider === "postgresql")("the PostgreSQL pool", () => {
  it("shows dates in ISO form, runs in UTC, prices random reads for SSDs and runs under the session limits on a fresh connection", async () => {
    const p = pool();
    try {
      const c = await p.connect();
      try {
        const show = async (name: string) => Object.values((await c.query<Record<string, string>>(`SHOW ${name}`, [])).rows[0]!)[0];
        expect(await show("DateStyle")).toMatch(/^ISO\b/);
        expect(await show("TimeZone")).toBe("UTC");
        expect(await show("statement_timeout")).toBe("10s");
        expect(await show("idle_in_transaction_session_timeout")).toBe("20s");
        expect(await show("random_page_cost")).toBe("1.1");
      } finally {
        c.release();
      }
    } finally {
      await p.end();
    }
  });

  it("cancels a statement in a transaction that runs past the limit instead of waiting for it", async () => {
    await withDb({ statementTimeoutMs: 200, idleInTransactionTimeoutMs: 5_000 }, async (db) => {
      const started = Date.now();
      const slow = withTx({ db }, (tx) => sql`SELECT pg_sleep(5)`.execute(tx));
      await expect(slow).rejects.toMatchObject({ code: "57014" });
      expect(Date.now() - started).toBeLessThan(4_000);
      // The connection is fine afterwards.
      expect((await sql<{ one: number }>`SELECT 1 AS one`.execute(db)).rows).toEqual([{ one: 1 }]);
    });
  });

  it("ends a transaction left idle past the limit, and the pool goes on with a new connection", async () => {
    await withDb({ statementTimeoutMs: 5_000, idleInTransactionTimeoutMs: 200 }, async (db) => {
      const idle = withTx({ db }, async (tx) => {
        await sql`SELECT 1`.execute(tx);
        await new Promise((r) => setTimeout(r, 1_000));
        await sql`SELECT 1`.execute(tx);
      });
      await expect(idle).rejects.toThrow();
      expect((await sql<{ one: number }>`SELECT 1 AS one`.execute(db)).rows).toEqual([{ one: 1 }]);
    });
  });

  it("prepares each statement once per connection, and prepares it again after a migration changed its result", async () => {
    const table = `prepared_${Date.now()}`;
    const target = parseDatabaseUrl(process.env.TEST_DATABASE_URL!);
    if (target.provider !== "postgresql") throw new Error("TEST_DATABASE_URL is no PostgreSQL URL");
    const alterFromElsewhere = async (change: string) => {
      const other = new pg.Client({ connectionString: target.url });
      await other.connect();
      try {
        await other.query(`ALTER TABLE "${target.schema}"."${table}" ${change}`);
      } finally {
        await other.end();
      }
    };
    await withDb({ statementTimeoutMs: 5_000, idleInTransactionTimeoutMs: 5_000 }, async (db) => {
      await sql`CREATE TABLE ${sql.table(table)} (id int PRIMARY KEY)`.execute(db);
      try {
        await sql`INSERT INTO ${sql.table(table)} VALUES (1)`.execute(db);
        const read = () => sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)} WHERE id = ${1}`.execute(db);
        expect((await read()).rows).toEqual([{ id: 1 }]);
        // The server keeps it on the one connection under a name, with its parameter.
        const prepared = await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(db);
        expect(prepared.rows.map((r) => r.statement)).toContain(`SELECT * FROM "${table}" WHERE id = $1`);

        // Another session adds a column: the statement prepared before now returns a different row.
        await alterFromElsewhere(`ADD COLUMN note text`);
        // Outside a transaction the statement is prepared again at once...
        expect((await read()).rows).toEqual([{ id: 1, note: null }]);
        // ...and inside one, withTx runs the transaction the error aborted again.
        await alterFromElsewhere(`ADD COLUMN more text`);
        const inTx = await withTx({ db }, (tx) =>
          sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)} WHERE id = ${1}`.execute(tx),
        );
        expect(inTx.rows).toEqual([{ id: 1, note: null, more: null }]);
      } finally {
        await sql`DROP TABLE ${sql.table(table)}`.execute(db);
      }
    });
  });
});
