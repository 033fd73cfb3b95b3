import { afterAll, beforeAll, expect, it } from "vitest";
import { testCore, type TestCore } from "../../test/harness.js";
import { purgeExpiredKeys, rememberKey, sightKey } from "./remember-key.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

it("answers true once per window, then again after the window", async () => {
  const now = new Date("2026-12-01T00:00:00Z");
  expect(await rememberKey(t.deps.db, "k1", 60_000, now)).toBe(true);
  expect(await rememberKey(t.deps.db, "k1", 60_000, new Date(now.getTime() + 59_000))).toBe(false);
  expect(await rememberKey(t.deps.db, "k1", 60_000, new Date(now.getTime() + 60_000))).toBe(true);
});

it("has one winner among concurrent callers", async () => {
  const now = new Date("2026-12-01T00:00:00Z");
  const answers = await Promise.all(Array.from({ length: 8 }, () => rememberKey(t.deps.db, "race", 60_000, now)));
  expect(answers.filter(Boolean)).toHaveLength(1);
});

it("stores long keys as a hash and still tells them apart", async () => {
  const now = new Date("2026-12-01T00:00:00Z");
  const a = "a".repeat(5000);
  expect(await rememberKey(t.deps.db, a, 60_000, now)).toBe(true);
  expect(await rememberKey(t.deps.db, a, 60_000, now)).toBe(false);
  expect(await rememberKey(t.deps.db, `${a}b`, 60_000, now)).toBe(true);
});

it("purges expired keys only", async () => {
  const now = new Date("2026-12-02T00:00:00Z");
  await rememberKey(t.deps.db, "old", 1_000, now);
  await rememberKey(t.deps.db, "fresh", 600_000, now);
  expect(await purgeExpiredKeys(t.deps.db, new Date(now.getTime() + 5_000))).toBeGreaterThanOrEqual(1);
  expect(await rememberKey(t.deps.db, "fresh", 600_000, new Date(now.getTime() + 5_000))).toBe(false);
  expect(await rememberKey(t.deps.db, "old", 600_000, new Date(now.getTime() + 5_000))).toBe(true);
});

it("tells a later sighting what the first one recorded", async () => {
  const now = new Date("2026-12-03T00:00:00Z");
  expect(await sightKey(t.deps.db, "token-1", 60_000, now, "body-a")).toEqual({ first: true });
  expect(await sightKey(t.deps.db, "token-1", 60_000, now, "body-b")).toEqual({ first: false, value: "body-a" });
});

it("answers a repeat sighting inside the caller's transaction without spoiling it (PostgreSQL aborts a transaction on a failed statement)", async () => {
  const now = new Date("2026-12-04T00:00:00Z");
  expect(await rememberKey(t.deps.db, "in-tx", 60_000, now)).toBe(true);
  const answers = await t.deps.db.transaction().execute(async (tx) => {
    const again = await rememberKey(tx, "in-tx", 60_000, now);
    const seen = await sightKey(tx, "in-tx", 60_000, now, "ignored");
    // The transaction still works after both: a later statement in it succeeds and commits.
    const fresh = await rememberKey(tx, "in-tx-2", 60_000, now);
    return { again, seen, fresh };
  });
  expect(answers).toEqual({ again: false, seen: { first: false, value: "" }, fresh: true });
  expect(await rememberKey(t.deps.db, "in-tx-2", 60_000, now)).toBe(false);
});

it("has one first sighting among concurrent transactions, each of which commits", async () => {
  const now = new Date("2026-12-04T00:00:00Z");
  const answers = await Promise.all(
    Array.from({ length: 6 }, (_, i) =>
      t.deps.db.transaction().execute(async (tx) => {
        const s = await sightKey(tx, "tx-race", 60_000, now, `v${i}`);
        await rememberKey(tx, `tx-race-after-${i}`, 60_000, now);
        return s;
      }),
    ),
  );
  const first = answers.filter((a) => a.first);
  expect(first).toHaveLength(1);
  const values = new Set(answers.flatMap((a) => (a.first ? [] : [a.value])));
  expect(values.size).toBe(1);
});
