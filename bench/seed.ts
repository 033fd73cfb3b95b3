// Bulk-fills the Ticket table for the listing benchmark with set-based SQL (the use cases would
// take hours for a million rows). Shape: 10 teams plus unrestricted tickets; about 30% open, and
// half of those unassigned; creation times spread over two years.
import { sql } from "kysely";
import pg from "pg";
import type { OpenDatabase } from "../bot/db/connect.js";

export async function seedTickets(open: OpenDatabase, total: number, teams: string[]): Promise<number> {
  const have = await countTickets(open);
  const n = total - have;
  const started = performance.now();
  if (n <= 0) return 0;
  const teamCase = (col: string) =>
    `CASE ${col} % ${teams.length + 1} ${teams.map((t, i) => `WHEN ${i} THEN '${t}'`).join(" ")} ELSE NULL END`;
  const start = Date.parse("2024-06-01T00:00:00Z");
  if (open.target.provider === "sqlite") {
    const batch = 100_000;
    for (let off = 0; off < n; off += batch) {
      const size = Math.min(batch, n - off);
      await sql
        .raw(
          `
        WITH RECURSIVE seq(i) AS (SELECT ${off} UNION ALL SELECT i + 1 FROM seq WHERE i < ${off + size - 1})
        INSERT INTO "Ticket" (subject, "pipelineId", "statusId", open, priority, "ownerId", "teamId", source, properties, "createdAt", "updatedAt")
        SELECT 'Seeded ticket ' || i, 'support',
          CASE WHEN i % 10 < 3 THEN 'new' ELSE 'closed' END,
          CASE WHEN i % 10 < 3 THEN 1 ELSE 0 END,
          'medium',
          CASE WHEN i % 10 < 3 AND i % 2 = 0 THEN NULL ELSE 'agent' || (i % 8) END,
          ${teamCase("i")}, 'email', '{}',
          strftime('%Y-%m-%dT%H:%M:%f+00:00', ${start / 1000} + i * 60, 'unixepoch'),
          strftime('%Y-%m-%dT%H:%M:%f+00:00', ${start / 1000} + i * 60, 'unixepoch')
        FROM seq`,
        )
        .execute(open.db);
    }
    await sql`ANALYZE`.execute(open.db);
  } else {
    // In batches: one statement for a million rows would outlast the pool's statement_timeout.
    const batch = 100_000;
    for (let off = 0; off < n; off += batch) {
      const size = Math.min(batch, n - off);
      await sql
        .raw(
          `
      INSERT INTO "Ticket" (subject, "pipelineId", "statusId", open, priority, "ownerId", "teamId", source, properties, "createdAt", "updatedAt")
      SELECT 'Seeded ticket ' || i, 'support',
        CASE WHEN i % 10 < 3 THEN 'new' ELSE 'closed' END,
        i % 10 < 3, 'medium',
        CASE WHEN i % 10 < 3 AND i % 2 = 0 THEN NULL ELSE 'agent' || (i % 8) END,
        ${teamCase("i")}, 'email', '{}',
        to_timestamp(${start / 1000} + i * 60), to_timestamp(${start / 1000} + i * 60)
      FROM generate_series(${off}, ${off + size - 1}) AS i`,
        )
        .execute(open.db);
    }
    await sql`ANALYZE "Ticket"`.execute(open.db);
  }
  return (performance.now() - started) / 1000;
}

export async function countTickets(open: Pick<OpenDatabase, "db">): Promise<number> {
  const { n } = await open.db
    .selectFrom("Ticket")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** What a chat benchmark got done: tickets claimed and notes saved. */
export async function workDone(db: OpenDatabase["db"]) {
  return {
    claims: Number(
      (
        await db
          .selectFrom("Ticket")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("ownerId", "is not", null)
          .executeTakeFirstOrThrow()
      ).n,
    ),
    notes: Number(
      (
        await db
          .selectFrom("Message")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("kind", "=", "COMMENT")
          .executeTakeFirstOrThrow()
      ).n,
    ),
  };
}

/**
 * Runs `bench` on a scratch schema of the PostgreSQL at `pgUrl` (its URL with `?schema=`), dropped
 * after; says "skipped" when the server cannot be reached.
 */
export async function withScratchPostgres(pgUrl: string, bench: (url: string) => Promise<void>): Promise<void> {
  const schema = `bench_${Date.now()}`;
  const probe = new pg.Client({ connectionString: pgUrl });
  try {
    await probe.connect();
  } catch (e) {
    console.log(`postgresql: skipped (${pgUrl} not reachable: ${(e as Error).message})`);
    return;
  }
  try {
    const u = new URL(pgUrl);
    u.searchParams.set("schema", schema);
    await bench(u.toString());
  } finally {
    await probe.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await probe.end();
  }
}
