import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type TestDatabase } from "../test/harness.js";
import { silentLogger } from "../core/log.js";
import { createApp, type ServerState } from "./server.js";
import { jsonLogger } from "./log.js";
import Database from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import { kyselyPostgresPool } from "./db/postgres-pool.js";
import { kyselySqliteDatabase } from "./db/sqlite-connection.js";
import type { DB, Db } from "../core/db.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(() => db.drop());

describe("health and readiness", () => {
  it("is ready while the database answers, and not while draining", async () => {
    const state: ServerState = { draining: false, inFlight: 0 };
    const app = createApp({ db: db.db, log: silentLogger, state });
    expect((await app.request("/healthz")).status).toBe(200);
    const ready = await app.request("/readyz");
    expect(ready.status).toBe(200);
    expect(ready.headers.get("x-request-id")).toBeTruthy();
    state.draining = true;
    expect((await app.request("/readyz")).status).toBe(503);
  });

  it.each([
    [
      "SQLite file that cannot be opened",
      (): Db =>
        new Kysely<DB>({
          dialect: new SqliteDialect({ database: async () => kyselySqliteDatabase(new Database("/nonexistent-dir/x/helpdesk.db")) }),
        }),
    ],
    [
      "PostgreSQL server that is not there",
      (): Db =>
        new Kysely<DB>({ dialect: new PostgresDialect({ pool: kyselyPostgresPool("postgres://u@127.0.0.1:1/none", "public", 1) }) }),
    ],
  ])("reports a database that does not answer: %s", async (_, make) => {
    const app = createApp({ db: make(), log: silentLogger, state: { draining: false, inFlight: 0 } });
    const res = await app.request("/readyz");
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ok: false, reason: "database unreachable" });
  });
});

describe("unhandled errors", () => {
  it("logs the error's kind at the default level, never the customer text its message quotes", async () => {
    const lines: string[] = [];
    const app = createApp({ db: db.db, log: jsonLogger("info", {}, (l) => void lines.push(l)), state: { draining: false, inFlight: 0 } });
    app.get("/boom", () => {
      throw Object.assign(new Error("Unique constraint failed on gina.private@shop.test"), { code: "P2002" });
    });
    const res = await app.request("/boom");
    expect(res.status).toBe(500);
    expect(lines.join("")).toContain('"code":"P2002"');
    expect(lines.join("")).not.toContain("gina.private");
  });
});
