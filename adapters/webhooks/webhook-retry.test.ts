// A receiver down for hours: webhook rows are retried for about a day, well past the outbox's
// default attempts, with at most an hour between two attempts, and only then given up on, however
// long its Retry-After asks to wait.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testConfigInput, testCore, type TestCore } from "../../test/harness.js";
import { clearOutbox } from "../../test/outbox-kit.js";
import { createTicket, OutboxDispatcher, silentLogger } from "../../core/index.js";
import { startReceiver, type Receiver } from "./testing/receiver.js";
import { webhookDeliveryTarget, webhookRetry } from "./webhook-target.js";

const secret = "whsec-test-0123456789";
let receiver: Receiver;
let t: TestCore;

beforeAll(async () => {
  receiver = await startReceiver();
  t = await testCore({
    ...testConfigInput,
    webhooks: [{ id: "crm", url: `${receiver.url}/crm`, events: ["ticket.created"], secret }],
  });
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});

describe("webhook retries", () => {
  it("keeps retrying a receiver in maintenance past the default attempts, for about a day", async () => {
    await createTicket(t.deps, { subject: "During maintenance" }, as.bob);
    const webhook = webhookDeliveryTarget({ deps: t.deps, endpoints: new Map([["crm", { url: `${receiver.url}/crm`, secret }]]) });
    // The dispatcher's defaults, as the service runs it (8 attempts for every other target).
    const d = new OutboxDispatcher({ deps: t.deps, targets: { webhook }, log: silentLogger });
    const row = () => t.deps.db.selectFrom("Outbox").selectAll().where("target", "=", "webhook").executeTakeFirstOrThrow();
    const started = t.deps.now().getTime();
    receiver.script(...Array.from({ length: webhookRetry.maxAttempts! }, () => ({ status: 503 })));
    for (let attempt = 1; attempt < webhookRetry.maxAttempts!; attempt++) {
      await d.runOnce();
      const r = await row();
      expect(r).toMatchObject({ status: "pending", attempts: attempt, lastError: "receiver answered 503 Service Unavailable" });
      const wait = r.nextAttemptAt.getTime() - t.deps.now().getTime();
      expect(wait).toBeLessThanOrEqual(1.25 * 60 * 60_000);
      t.advance(wait);
    }
    expect((await row()).attempts).toBeGreaterThan(8);
    expect(t.deps.now().getTime() - started).toBeGreaterThan(18 * 60 * 60_000);
    await d.runOnce();
    expect(await row()).toMatchObject({ status: "failed", attempts: webhookRetry.maxAttempts });
    expect(receiver.received).toHaveLength(webhookRetry.maxAttempts!);
  });

  it("waits at most an hour whatever Retry-After says (a year, or past any date), and still ends failed after about a day", async () => {
    await clearOutbox(t);
    receiver.received.length = 0;
    await createTicket(t.deps, { subject: "Come back next year" }, as.bob);
    const webhook = webhookDeliveryTarget({ deps: t.deps, endpoints: new Map([["crm", { url: `${receiver.url}/crm`, secret }]]) });
    const d = new OutboxDispatcher({ deps: t.deps, targets: { webhook }, log: silentLogger });
    const row = () => t.deps.db.selectFrom("Outbox").selectAll().where("target", "=", "webhook").executeTakeFirstOrThrow();
    const started = t.deps.now().getTime();
    const attempts = webhookRetry.maxAttempts!;
    const hour = webhookRetry.backoffMaxMs!;
    receiver.script(
      ...Array.from({ length: attempts }, (_, i) => ({
        status: 503,
        headers: { "Retry-After": i % 2 ? "99999999999999" : String(365 * 24 * 3600) },
      })),
    );
    for (let attempt = 1; attempt < attempts; attempt++) {
      await d.runOnce();
      const r = await row();
      // A retry written as such: not left claimed to be taken over at the lease's end.
      expect(r).toMatchObject({ status: "pending", attempts: attempt, lockedUntil: null });
      // An hour, or the backoff's own hour give or take a quarter once it has grown that long.
      const wait = r.nextAttemptAt.getTime() - t.deps.now().getTime();
      expect(wait).toBeGreaterThanOrEqual(hour);
      expect(wait).toBeLessThanOrEqual(1.25 * hour);
      t.advance(wait);
    }
    await d.runOnce();
    expect(await row()).toMatchObject({ status: "failed", attempts });
    expect(receiver.received).toHaveLength(attempts);
    expect(t.deps.now().getTime() - started).toBeLessThanOrEqual((attempts - 1) * 1.25 * hour);
  });
});
