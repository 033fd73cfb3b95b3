// Webhooks end to end against a real receiver on loopback: the core's rows, the outbox dispatcher
// and this target. Signatures, retries and Retry-After, 410 disabling the endpoint, other refusals,
// timeouts, and the endpoints' state as admins read it.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { as, testConfigInput, testCore, type TestCore } from "../../test/harness.js";
import { clearOutbox } from "../../test/outbox-kit.js";
import {
  changeStatus,
  createTicket,
  enableWebhookEndpoint,
  OutboxDispatcher,
  silentLogger,
  webhookEndpoints,
  type DeliveryTarget,
} from "../../core/index.js";
import { verifyWebhookSignature } from "./signature.js";
import { startReceiver, type Receiver } from "./testing/receiver.js";
import { webhookDeliveryTarget } from "./webhook-target.js";

const secret = "whsec-test-0123456789";
let receiver: Receiver;
let t: TestCore;
let webhook: DeliveryTarget;

beforeAll(async () => {
  receiver = await startReceiver();
  t = await testCore({
    ...testConfigInput,
    webhooks: [
      { id: "crm", url: `${receiver.url}/crm`, events: ["ticket.created", "ticket.status_changed"], secret },
      { id: "audit", url: `${receiver.url}/audit`, events: ["ticket.status_changed"], secret: "another-secret-of-16+" },
    ],
  });
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});
beforeEach(async () => {
  await clearOutbox(t);
  receiver.received.length = 0;
  await t.deps.db.deleteFrom("WebhookEndpoint").execute();
  webhook = webhookDeliveryTarget({
    deps: t.deps,
    endpoints: new Map([
      ["crm", { url: `${receiver.url}/crm`, secret }],
      ["audit", { url: `${receiver.url}/audit`, secret: "another-secret-of-16+" }],
    ]),
    timeoutMs: 300,
  });
});
afterEach(() => receiver.script()); // nothing left over (a failed test may leave replies)

const dispatcher = () =>
  new OutboxDispatcher({ deps: t.deps, targets: { webhook }, log: silentLogger, maxAttempts: 5, backoffBaseMs: 1000 });
const webhookRows = () =>
  t.deps.db.selectFrom("Outbox").selectAll().where("target", "=", "webhook").orderBy("createdAt").orderBy("id").execute();
const crmState = async () => (await webhookEndpoints(t.deps, as.ada)).find((e) => e.id === "crm")!;

describe("webhook delivery", () => {
  it("delivers each subscribed event once, signed, and nothing unsubscribed", async () => {
    const { id } = await createTicket(t.deps, { subject: "Signed", text: "hello" }, as.bob);
    await changeStatus(t.deps, { ticketId: id, statusId: "in_progress" }, as.bob);
    const d = dispatcher();
    await d.runOnce();
    await d.runOnce();
    const got = receiver.received.map((r) => [r.path, r.headers["x-helpdesk-event"]]);
    expect(got.sort()).toEqual([
      ["/audit", "ticket.status_changed"],
      ["/crm", "ticket.created"],
      ["/crm", "ticket.status_changed"],
    ]);
    for (const r of receiver.received) {
      const key = r.path === "/crm" ? secret : "another-secret-of-16+";
      const sig = r.headers["x-helpdesk-signature"] as string;
      expect(sig).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verifyWebhookSignature(key, sig, r.body, { nowMs: t.deps.now().getTime() })).toEqual({
        ok: true,
        timestamp: Math.floor(t.deps.now().getTime() / 1000),
      });
      // Signed with the other endpoint's secret, or over another body, it does not verify.
      expect(verifyWebhookSignature("not-the-secret-at-all", sig, r.body, { nowMs: t.deps.now().getTime() }).ok).toBe(false);
      expect(verifyWebhookSignature(key, sig, r.body.replace("Signed", "Forged"), { nowMs: t.deps.now().getTime() }).ok).toBe(false);
      const body = JSON.parse(r.body);
      expect(r.headers["content-type"]).toBe("application/json");
      expect(r.headers["x-helpdesk-delivery"]).toBe(body.id);
      expect(body).toMatchObject({ type: r.headers["x-helpdesk-event"], ticket: { id, subject: "Signed" } });
    }
    // The same change reaches both endpoints under one event id.
    const statusIds = receiver.received
      .filter((r) => r.headers["x-helpdesk-event"] === "ticket.status_changed")
      .map((r) => JSON.parse(r.body).id);
    expect(new Set(statusIds).size).toBe(1);
    expect((await webhookRows()).every((r) => r.status === "done")).toBe(true);
    expect(await crmState()).toMatchObject({ enabled: true, lastSuccessAt: t.deps.now(), pending: 0, failed: 0 });
  });

  it("retries a 500 and delivers once when the receiver recovers, with the same delivery id", async () => {
    await createTicket(t.deps, { subject: "Flaky" }, as.bob);
    receiver.script({ status: 500 });
    const d = dispatcher();
    await d.runOnce();
    let [row] = await webhookRows();
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastError: "receiver answered 500 Internal Server Error" });
    expect(await crmState()).toMatchObject({
      lastFailureAt: t.deps.now(),
      lastError: "receiver answered 500 Internal Server Error",
      pending: 1,
    });
    t.advance(2_000);
    await d.runOnce();
    await d.runOnce();
    [row] = await webhookRows();
    expect(row).toMatchObject({ status: "done", attempts: 2 });
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0]!.headers["x-helpdesk-delivery"]).toBe(receiver.received[1]!.headers["x-helpdesk-delivery"]);
    expect(receiver.received[0]!.body).toBe(receiver.received[1]!.body);
    expect(await crmState()).toMatchObject({ lastSuccessAt: t.deps.now(), pending: 0, failed: 0 });
  });

  it("waits as long as Retry-After says (seconds or a date) on 429 and 503", async () => {
    await createTicket(t.deps, { subject: "Slow down" }, as.bob);
    receiver.script({ status: 429, headers: { "Retry-After": "120" } });
    const d = dispatcher();
    await d.runOnce();
    let [row] = await webhookRows();
    expect(row!.nextAttemptAt.getTime() - t.deps.now().getTime()).toBeGreaterThanOrEqual(120_000);
    t.advance(60_000);
    await d.runOnce();
    expect(receiver.received).toHaveLength(1);
    const retryAt = new Date(t.deps.now().getTime() + 600_000);
    receiver.script({ status: 503, headers: { "Retry-After": retryAt.toUTCString() } });
    t.advance(61_000);
    await d.runOnce();
    expect(receiver.received).toHaveLength(2);
    [row] = await webhookRows();
    expect(row!.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(retryAt.getTime() - 1000);
    t.advance(600_000);
    await d.runOnce();
    expect(receiver.received).toHaveLength(3);
    expect((await webhookRows())[0]).toMatchObject({ status: "done", attempts: 3 });
  });

  it("fails at once on another 4xx, and retries a receiver that does not answer in time", async () => {
    await createTicket(t.deps, { subject: "Refused" }, as.bob);
    receiver.script({ status: 400 }, { status: 200, delayMs: 2_000 });
    const d = dispatcher();
    await d.runOnce();
    expect((await webhookRows())[0]).toMatchObject({ status: "failed", attempts: 1, lastError: "receiver answered 400 Bad Request" });
    await createTicket(t.deps, { subject: "Hangs" }, as.bob);
    await d.runOnce();
    const hung = (await webhookRows()).find((r) => r.status === "pending")!;
    expect(hung).toMatchObject({ attempts: 1, lastError: "no answer within 300 ms" });
    expect(await crmState()).toMatchObject({ lastError: "no answer within 300 ms", pending: 1, failed: 1 });
    // A redirect is not followed: the body is not sent on to wherever it points.
    await clearOutbox(t);
    receiver.received.length = 0;
    receiver.script({ status: 308, headers: { Location: "/elsewhere" } });
    await createTicket(t.deps, { subject: "Moved" }, as.bob);
    await d.runOnce();
    expect(receiver.received.map((r) => r.path)).toEqual(["/crm"]);
    expect((await webhookRows())[0]).toMatchObject({ status: "failed", lastError: "receiver answered 308 Permanent Redirect" });
  });

  it("retries when nothing listens", async () => {
    const gone = await startReceiver();
    await gone.close();
    const closed = webhookDeliveryTarget({ deps: t.deps, endpoints: new Map([["crm", { url: `${gone.url}/crm`, secret }]]) });
    await createTicket(t.deps, { subject: "Nobody home" }, as.bob);
    await new OutboxDispatcher({ deps: t.deps, targets: { webhook: closed }, log: silentLogger }).runOnce();
    expect((await webhookRows())[0]).toMatchObject({
      status: "pending",
      lastError: expect.stringMatching(/^request failed: ECONNREFUSED/),
    });
  });

  it("disables the endpoint on 410: its pending deliveries stop, new events are not queued, until an admin enables it", async () => {
    const { id } = await createTicket(t.deps, { subject: "Gone" }, as.bob);
    await changeStatus(t.deps, { ticketId: id, statusId: "in_progress" }, as.bob);
    await changeStatus(t.deps, { ticketId: id, statusId: "escalated", ownerId: "bob" }, as.bob);
    receiver.script({ status: 410 });
    // One row at a time: the first answer (410) decides the fate of the rest.
    const d = new OutboxDispatcher({ deps: t.deps, targets: { webhook }, log: silentLogger, concurrency: 1, batchSize: 1 });
    await d.runOnce();
    const crm = (await webhookRows()).filter((r) => r.key!.startsWith("webhook:crm:"));
    expect(crm.map((r) => r.status)).toEqual(["failed", "failed", "failed"]);
    expect(crm[0]!.lastError).toBe("receiver answered 410 Gone: endpoint disabled");
    expect(crm[1]!.lastError).toBe("endpoint disabled: receiver answered 410 Gone");
    expect(receiver.received.filter((r) => r.path === "/crm")).toHaveLength(1);
    // The other endpoint goes on.
    await d.runOnce();
    await d.runOnce();
    expect(receiver.received.filter((r) => r.path === "/audit")).toHaveLength(2);
    const state = await crmState();
    expect(state).toMatchObject({
      enabled: false,
      disabled: { at: t.deps.now(), reason: "receiver answered 410 Gone" },
      lastError: "receiver answered 410 Gone",
      pending: 0,
      failed: 3,
    });

    await changeStatus(t.deps, { ticketId: id, statusId: "in_progress" }, as.bob);
    expect((await webhookRows()).filter((r) => r.key!.startsWith("webhook:crm:") && r.status === "pending")).toHaveLength(0);

    await expect(enableWebhookEndpoint(t.deps, { endpoint: "crm" }, as.bob)).rejects.toMatchObject({ code: "forbidden" });
    await expect(enableWebhookEndpoint(t.deps, { endpoint: "nope" }, as.ada)).rejects.toMatchObject({ code: "not_found" });
    expect(await enableWebhookEndpoint(t.deps, { endpoint: "crm" }, as.ada)).toEqual({ endpoint: "crm", wasDisabled: true, resent: 0 });
    expect(await enableWebhookEndpoint(t.deps, { endpoint: "crm" }, as.ada)).toEqual({ endpoint: "crm", wasDisabled: false, resent: 0 });
    await changeStatus(t.deps, { ticketId: id, statusId: "new" }, as.bob);
    receiver.received.length = 0;
    await d.runOnce();
    await d.runOnce();
    await d.runOnce();
    expect(receiver.received.map((r) => r.path).sort()).toEqual(["/audit", "/audit", "/crm"]);
    expect(await crmState()).toMatchObject({ enabled: true, disabled: null, failed: 3, pending: 0 });

    // What it missed, sent again when asked, each under its first event id.
    const missed = (await webhookRows()).filter((r) => r.key!.startsWith("webhook:crm:") && r.status === "failed");
    expect(await enableWebhookEndpoint(t.deps, { endpoint: "crm", resendFailed: true }, as.ada)).toEqual({
      endpoint: "crm",
      wasDisabled: false,
      resent: 3,
    });
    receiver.received.length = 0;
    while ((await d.runOnce()) > 0);
    const ids = (rows: { payload: string }[]) => rows.map((r) => (JSON.parse(r.payload) as { event: { id: string } }).event.id).sort();
    expect(receiver.received.map((r) => r.headers["x-helpdesk-delivery"]).sort()).toEqual(ids(missed));
    expect(await crmState()).toMatchObject({ failed: 0, pending: 0 });
  });

  it("fails a row whose endpoint was disabled meanwhile without sending it", async () => {
    await createTicket(t.deps, { subject: "Raced" }, as.bob);
    await t.deps.db
      .insertInto("WebhookEndpoint")
      .values({ id: "crm", disabledAt: t.deps.now(), disabledReason: "test", updatedAt: t.deps.now() })
      .execute();
    await dispatcher().runOnce();
    expect(receiver.received).toEqual([]);
    expect((await webhookRows())[0]).toMatchObject({ status: "failed", lastError: 'webhook endpoint "crm" is disabled' });
  });

  it("shows the endpoints to admins only", async () => {
    await expect(webhookEndpoints(t.deps, as.bob)).rejects.toMatchObject({ code: "forbidden" });
    expect(await webhookEndpoints(t.deps, as.ada)).toEqual([
      expect.objectContaining({
        id: "crm",
        url: `${receiver.url}/crm`,
        events: ["ticket.created", "ticket.status_changed"],
        enabled: true,
      }),
      expect.objectContaining({ id: "audit", teams: null, configuredOff: false, disabled: null, lastSuccessAt: null }),
    ]);
  });
});
