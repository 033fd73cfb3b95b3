import { afterAll, beforeAll, expect, it } from "vitest";
import { testCore, type TestCore } from "../../test/harness.js";
import { forgetKey, peekKey, purgeExpiredKeys, rememberKey, sightKey } from "./remember-key.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

it("answers true once per window, then again after the window", async () => {
  const now = new Date("2026-12-01T00:00:00Z");
  expect(await rememberKey(t.deps.db, "test", "k1", 60_000, now)).toBe(true);
  expect(await rememberKey(t.deps.db, "test", "k1", 60_000, new Date(now.getTime() + 59_000))).toBe(false);
  expect(await rememberKey(t.deps.db, "test", "k1", 60_000, new Date(now.getTime() + 60_000))).toBe(true);
});

it("has one winner among concurrent callers", async () => {
  const now = new Date("2026-12-01T00:00:00Z");
  const answers = await Promise.all(Array.from({ length: 8 }, () => rememberKey(t.deps.db, "test", "race", 60_000, now)));
  expect(answers.filter(Boolean)).toHaveLength(1);
});

it("stores long keys as a hash and still tells them apart", async () => {
  const now = new Date("2026-12-01T00:00:00Z");
  const a = "a".repeat(5000);
  expect(await rememberKey(t.deps.db, "test", a, 60_000, now)).toBe(true);
  expect(await rememberKey(t.deps.db, "test", a, 60_000, now)).toBe(false);
  expect(await rememberKey(t.deps.db, "test", `${a}b`, 60_000, now)).toBe(true);
});

it("purges expired keys only", async () => {
  const now = new Date("2026-12-02T00:00:00Z");
  await rememberKey(t.deps.db, "test", "old", 1_000, now);
  await rememberKey(t.deps.db, "test", "fresh", 600_000, now);
  expect(await purgeExpiredKeys(t.deps.db, new Date(now.getTime() + 5_000))).toBeGreaterThanOrEqual(1);
  expect(await rememberKey(t.deps.db, "test", "fresh", 600_000, new Date(now.getTime() + 5_000))).toBe(false);
  expect(await rememberKey(t.deps.db, "test", "old", 600_000, new Date(now.getTime() + 5_000))).toBe(true);
});

it("tells a later sighting what the first one recorded", async () => {
  const now = new Date("2026-12-03T00:00:00Z");
  expect(await sightKey(t.deps.db, "test", "token-1", 60_000, now, "body-a")).toEqual({ first: true });
  expect(await sightKey(t.deps.db, "test", "token-1", 60_000, now, "body-b")).toEqual({
    first: false,
    value: "body-a",
    expiresAt: new Date(now.getTime() + 60_000),
  });
});

it("answers a repeat sighting inside the caller's transaction without spoiling it (PostgreSQL aborts a transaction on a failed statement)", async () => {
  const now = new Date("2026-12-04T00:00:00Z");
  expect(await rememberKey(t.deps.db, "test", "in-tx", 60_000, now)).toBe(true);
  const answers = await t.deps.db.transaction().execute(async (tx) => {
    const again = await rememberKey(tx, "test", "in-tx", 60_000, now);
    const seen = await sightKey(tx, "test", "in-tx", 60_000, now, "ignored");
    // The transaction still works after both: a later statement in it succeeds and commits.
    const fresh = await rememberKey(tx, "test", "in-tx-2", 60_000, now);
    return { again, seen, fresh };
  });
  expect(answers).toEqual({ again: false, seen: { first: false, value: "", expiresAt: new Date(now.getTime() + 60_000) }, fresh: true });
  expect(await rememberKey(t.deps.db, "test", "in-tx-2", 60_000, now)).toBe(false);
});

it("has one first sighting among concurrent transactions, each of which commits", async () => {
  const now = new Date("2026-12-04T00:00:00Z");
  const answers = await Promise.all(
    Array.from({ length: 6 }, (_, i) =>
      t.deps.db.transaction().execute(async (tx) => {
        const s = await sightKey(tx, "test", "tx-race", 60_000, now, `v${i}`);
        await rememberKey(tx, "test", `tx-race-after-${i}`, 60_000, now);
        return s;
      }),
    ),
  );
  const first = answers.filter((a) => a.first);
  expect(first).toHaveLength(1);
  const values = new Set(answers.flatMap((a) => (a.first ? [] : [a.value])));
  expect(values.size).toBe(1);
});

it("keeps the same key apart in two namespaces, and one sweep clears expired keys of every namespace", async () => {
  const now = new Date("2026-12-05T00:00:00Z");
  expect(await rememberKey(t.deps.db, "notice", "shared", 1_000, now)).toBe(true);
  expect(await rememberKey(t.deps.db, "chat-event", "shared", 1_000, now)).toBe(true);
  expect(await rememberKey(t.deps.db, "notice", "shared", 1_000, now)).toBe(false);
  const later = new Date(now.getTime() + 5_000);
  let swept = 0;
  for (let n; (n = await purgeExpiredKeys(t.deps.db, later, 1)) > 0;) swept += n;
  expect(swept).toBeGreaterThanOrEqual(2);
  expect(await peekKey(t.deps.db, "notice", "shared")).toBeNull();
  expect(await peekKey(t.deps.db, "chat-event", "shared")).toBeNull();
});

it("peeks at a key without recording it, and forgets it only for the holder that recorded it", async () => {
  const now = new Date("2026-12-06T00:00:00Z");
  expect(await peekKey(t.deps.db, "test", "held")).toBeNull();
  await sightKey(t.deps.db, "test", "held", 60_000, now, "holder-a");
  expect(await peekKey(t.deps.db, "test", "held")).toEqual({ value: "holder-a", expiresAt: new Date(now.getTime() + 60_000) });
  await forgetKey(t.deps.db, "test", "held", "holder-b");
  expect(await peekKey(t.deps.db, "test", "held")).not.toBeNull();
  await forgetKey(t.deps.db, "test", "held", "holder-a");
  expect(await peekKey(t.deps.db, "test", "held")).toBeNull();
});
