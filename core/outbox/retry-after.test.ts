// A target's Retry-After is someone else's number: honoured up to the longest backoff, ignored when
// it is no wait ahead (NaN, negative), so a row always gets a next attempt it can be written with and reaches the
// failed state in the time its retry limits promise.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testCore, type TestCore } from "../../test/harness.js";
import { clearOutbox, recorder } from "../../test/outbox-kit.js";
import { silentLogger } from "../log.js";
import { DeliveryError } from "./delivery.js";
import { OutboxDispatcher } from "./dispatcher.js";
import { retryDelayMs } from "./give-up.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());
beforeEach(() => clearOutbox(t));

const year = 365 * 24 * 3_600_000;
/** What each row's target answers, by row id: a rate limit asking for this long. */
const asked: Record<string, number> = {
  year,
  "past-any-date": 99_999_999_999_999 * 1000,
  infinite: Number.POSITIVE_INFINITY,
  nan: Number.NaN,
  negative: -5_000,
};
const baseMs = 1_000;
const maxMs = 60_000;

async function rowsFor(target: string, ids: string[]) {
  const at = t.deps.now();
  for (const id of ids)
    await t.deps.db
      .insertInto("Outbox")
      .values({ id, target, topic: "ticket.changed", payload: "{}", createdAt: at, nextAttemptAt: at })
      .execute();
}
const rateLimited = () => recorder((row) => new DeliveryError("rate limited", { retryAfterMs: asked[row.id]! }));

describe("a target's Retry-After", () => {
  it("waits at most the longest backoff, and the usual backoff when the wait asked for is no wait ahead", async () => {
    await rowsFor("slack", Object.keys(asked));
    const slack = rateLimited();
    const d = new OutboxDispatcher({ deps: t.deps, targets: { slack }, log: silentLogger, backoffBaseMs: baseMs, backoffMaxMs: maxMs });
    await d.runOnce();
    expect(slack.seen.map((r) => r.id).sort()).toEqual(Object.keys(asked).sort());
    const rows = await t.deps.db.selectFrom("Outbox").selectAll().orderBy("id").execute();
    const now = t.deps.now().getTime();
    for (const r of rows) {
      // Written as a retry: the claim ended, not left to run out and be taken over.
      expect(r, r.id).toMatchObject({ status: "pending", attempts: 1, lockedUntil: null, lastError: "rate limited" });
      const wait = r.nextAttemptAt.getTime() - now;
      if (asked[r.id]! > maxMs) expect(wait, r.id).toBe(maxMs);
      else {
        expect(wait, r.id).toBeGreaterThanOrEqual(0.75 * baseMs);
        expect(wait, r.id).toBeLessThanOrEqual(1.25 * baseMs);
      }
    }
  });

  it("lets a row asked to wait a year reach the failed state after its attempts, each at most the longest backoff apart", async () => {
    await rowsFor("discord", ["year"]);
    const discord = rateLimited();
    const d = new OutboxDispatcher({
      deps: t.deps,
      targets: { discord },
      log: silentLogger,
      maxAttempts: 4,
      backoffBaseMs: baseMs,
      backoffMaxMs: maxMs,
    });
    for (let i = 0; i < 4; i++) {
      await d.runOnce();
      t.advance(maxMs);
    }
    expect(discord.seen).toHaveLength(4);
    expect(await t.deps.db.selectFrom("Outbox").select(["status", "attempts"]).executeTakeFirstOrThrow()).toEqual({
      status: "failed",
      attempts: 4,
    });
  });

  it("is never turned into a delay that is not a finite number of milliseconds", () => {
    for (const retryAfterMs of Object.values(asked)) {
      const wait = retryDelayMs(3, { baseMs, maxMs, retryAfterMs });
      expect(Number.isFinite(wait)).toBe(true);
      expect(wait).toBeLessThanOrEqual(maxMs);
    }
  });
});
