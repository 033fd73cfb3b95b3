// 410 Gone disables the endpoint only once that is recorded: when the record cannot be written,
// the row is retried (the receiver says 410 again) instead of failing while the endpoint stays open.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testConfigInput, testCore, type TestCore } from "../../test/harness.js";
import { changeStatus, createTicket, OutboxDispatcher, silentLogger, webhookEndpoints, type CoreDeps } from "../../core/index.js";
import { startReceiver, type Receiver } from "./testing/receiver.js";
import { webhookDeliveryTarget } from "./webhook-target.js";

const secret = "whsec-test-0123456789";
let receiver: Receiver;
let t: TestCore;

beforeAll(async () => {
  receiver = await startReceiver();
  t = await testCore({
    ...testConfigInput,
    webhooks: [{ id: "crm", url: `${receiver.url}/crm`, events: ["ticket.created", "ticket.status_changed"], secret }],
  });
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});

/** The test's database, whose transactions fail while `broken` is set (reads still work). */
function breakableDb(): { db: CoreDeps["db"]; broken: { on: boolean } } {
  const broken = { on: false };
  const real = t.deps.db;
  const db = new Proxy(real, {
    get(target, prop) {
      if (prop === "transaction" && broken.on)
        return () => {
          throw new Error("the database went away");
        };
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { db, broken };
}

describe("410 Gone when it cannot be recorded", () => {
  it("retries the row and leaves the other events pending, then disables the endpoint when the 410 comes again", async () => {
    const { id } = await createTicket(t.deps, { subject: "Gone, quietly" }, as.bob);
    await changeStatus(t.deps, { ticketId: id, statusId: "in_progress" }, as.bob);
    const { db, broken } = breakableDb();
    const webhook = webhookDeliveryTarget({
      deps: { db, now: t.deps.now },
      endpoints: new Map([["crm", { url: `${receiver.url}/crm`, secret }]]),
    });
    // One row at a time, so the first answer decides what becomes of the second.
    const d = new OutboxDispatcher({ deps: t.deps, targets: { webhook }, log: silentLogger, concurrency: 1, batchSize: 1 });
    const rows = () =>
      t.deps.db.selectFrom("Outbox").selectAll().where("target", "=", "webhook").orderBy("createdAt").orderBy("id").execute();
    const crm = async () => (await webhookEndpoints(t.deps, as.ada)).find((e) => e.id === "crm")!;

    receiver.script({ status: 410 }, { status: 410 });
    broken.on = true;
    await d.runOnce();
    broken.on = false;
    expect(receiver.received).toHaveLength(1);
    const [first, second] = await rows();
    expect(first).toMatchObject({
      status: "pending",
      attempts: 1,
      lockedUntil: null,
      lastError: "receiver answered 410 Gone; the endpoint could not be disabled yet",
    });
    expect(second).toMatchObject({ status: "pending", attempts: 0 });
    expect((await crm()).enabled).toBe(true);

    t.advance(60 * 60_000);
    await d.runOnce();
    expect(receiver.received).toHaveLength(2);
    expect((await rows()).map((r) => [r.status, r.lastError])).toEqual([
      ["failed", "receiver answered 410 Gone: endpoint disabled"],
      ["failed", "endpoint disabled: receiver answered 410 Gone"],
    ]);
    expect(await crm()).toMatchObject({ enabled: false, disabled: { reason: "receiver answered 410 Gone" }, failed: 2, pending: 0 });
  });
});
