// The polling pass's read of earlier rows walks the ticket's index on SQLite, not every pending
// row (the planner has no statistics; the app never runs ANALYZE).
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { freshDatabase, type TestDatabase } from "../../test/harness.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(() => db.drop());

const plan = async (query: string): Promise<string> => {
  const { rows } = await sql<{ detail: string }>`EXPLAIN QUERY PLAN ${sql.raw(query)}`.execute(db.db);
  return rows.map((r) => r.detail).join("\n");
};

it.skipIf(!!process.env.TEST_DATABASE_URL)("reads the earlier rows of the tickets found from an index", async () => {
  const detail = await plan(
    `SELECT "id" FROM "Outbox" WHERE "status" = 'pending' AND "target" = 'email' AND "ticketId" IN (1, 2, 3) AND "createdAt" <= 1`,
  );
  expect(detail).toContain("Outbox_ticketId_target_status_createdAt_idx");
});
