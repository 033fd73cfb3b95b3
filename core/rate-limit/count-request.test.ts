import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, testProvider, type TestDatabase } from "../../test/harness.js";
import { openDatabase, parseDatabaseUrl } from "../../bot/db/connect.js";
import { countRequest } from "./count-request.js";
import { purgeRateCounters } from "./purge-rate-counters.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(() => db.drop());

const at = (iso: string) => new Date(iso);

describe("countRequest", () => {
  it("allows the limit per window, then refuses with the seconds to the window's end", async () => {
    const now = at("2026-01-05T09:00:15.500Z");
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await countRequest({ db: db.db, now: () => now }, { key: "api:a", limit: 3 }));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
    expect(results[3]).toMatchObject({ retryAfterSec: 45, resetAt: at("2026-01-05T09:01:00.000Z") });
    // Another key has its own count; the next window starts again.
    expect((await countRequest({ db: db.db, now: () => now }, { key: "api:b", limit: 3 })).allowed).toBe(true);
    expect(await countRequest({ db: db.db, now: () => at("2026-01-05T09:01:00.000Z") }, { key: "api:a", limit: 3 })).toMatchObject({
      allowed: true,
      remaining: 2,
    });
  });

  it("counts every request once when many come at once, from two connections", async () => {
    // Two replicas share PostgreSQL; on SQLite a second connection in one process would wait for
    // the first one's group commit synchronously, so there the requests share one connection.
    const other = testProvider === "postgresql" ? await openDatabase(parseDatabaseUrl(db.url)) : { db: db.db, close: async () => {} };
    try {
      const now = at("2026-01-05T10:00:00.000Z");
      const all = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          countRequest({ db: i % 2 ? other.db : db.db, now: () => now }, { key: "api:race", limit: 12 }),
        ),
      );
      expect(all.filter((r) => r.allowed)).toHaveLength(12);
      const row = await db.db.selectFrom("RateCounter").select("count").where("key", "=", "api:race").executeTakeFirstOrThrow();
      expect(Number(row.count)).toBe(20);
    } finally {
      await other.close();
    }
  });

  it("sweeps the counters of windows long over, and only those", async () => {
    const now = at("2026-01-05T11:00:30.000Z");
    await countRequest({ db: db.db, now: () => now }, { key: "api:fresh", limit: 5 });
    const before = await db.db.selectFrom("RateCounter").select("key").execute();
    expect(before.length).toBeGreaterThan(1);
    while ((await purgeRateCounters(db.db, now, 2)) > 0);
    expect((await db.db.selectFrom("RateCounter").select("key").execute()).map((r) => r.key)).toEqual(["api:fresh"]);
  });
});
