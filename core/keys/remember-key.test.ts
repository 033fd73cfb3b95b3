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
