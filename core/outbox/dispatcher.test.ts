// The outbox dispatcher: targets not configured, fan-out to chat surfaces, retries and giving up,
// restarts, two dispatchers, and stop().
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { clearOutbox, emailRow, recorder } from "../../test/outbox-kit.js";
import { createTicket } from "../tickets/create-ticket.js";
import { silentLogger } from "../log.js";
import { QuietGate } from "../quiet-gate.js";
import { DeliveryError, type DeliveryTarget } from "./delivery.js";
import { OutboxDispatcher } from "./dispatcher.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

describe("OutboxDispatcher", () => {
  it("keeps rows for a target that is not configured, and says why", async () => {
    await clearOutbox(t);
    const { id } = await createTicket(t.deps, { subject: "waits" }, as.bob);
    await emailRow(t, id);
    const d = new OutboxDispatcher({ deps: t.deps, targets: {}, log: silentLogger });
    expect(await d.runOnce()).toBe(0);
    const rows = await t.prisma.outbox.findMany({ where: { ticketId: id } });
    expect(rows.every((r) => r.status === "pending")).toBe(true);
    expect(rows.find((r) => r.target === "email")?.lastError).toBe("waiting: no email delivery is configured");
    expect(rows.find((r) => r.target === "chat")?.lastError).toMatch(/no chat surface/);
  });

  it("fans chat rows out to every configured surface and delivers each once", async () => {
    await clearOutbox(t);
    const { id } = await createTicket(t.deps, { subject: "mirror me", text: "hi" }, as.bob);
    const slack = recorder();
    const discord = recorder();
    const d = new OutboxDispatcher({ deps: t.deps, targets: { slack, discord }, log: silentLogger });
    expect(await d.runOnce()).toBe(4);
    expect(await d.runOnce()).toBe(0);
    expect(slack.seen.map((r) => r.topic).sort()).toEqual(["message.posted", "ticket.changed"]);
    expect(discord.seen.map((r) => r.payload.ticketId)).toEqual([id, id]);
    expect(await t.prisma.outbox.count({ where: { status: { not: "done" } } })).toBe(0);
  });

  it("retries with backoff, honours Retry-After, and gives up visibly after the last attempt", async () => {
    await clearOutbox(t);
    const { id } = await createTicket(t.deps, { subject: "flaky", ownerId: "cy" }, as.bob);
    await t.prisma.outbox.deleteMany({});
    await emailRow(t, id, "msg-x");
    const email = recorder((_, n) => new DeliveryError(`smtp down ${n}`, n === 0 ? { retryAfterMs: 120_000 } : {}));
    const d = new OutboxDispatcher({ deps: t.deps, targets: { email }, log: silentLogger, maxAttempts: 3, backoffBaseMs: 1000 });
    await d.runOnce();
    let row = await t.prisma.outbox.findFirstOrThrow({ where: { target: "email" } });
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastError: "smtp down 0" });
    expect(row.nextAttemptAt.getTime() - t.deps.now().getTime()).toBeGreaterThanOrEqual(120_000);
    expect(await d.runOnce()).toBe(0); // not due yet
    expect(email.seen).toHaveLength(1);
    t.advance(121_000);
    await d.runOnce();
    row = await t.prisma.outbox.findFirstOrThrow({ where: { target: "email" } });
    expect(row.attempts).toBe(2);
    const wait = row.nextAttemptAt.getTime() - t.deps.now().getTime();
    expect(wait).toBeGreaterThanOrEqual(1500);
    expect(wait).toBeLessThanOrEqual(2500);
    t.advance(3000);
    await d.runOnce();
    row = await t.prisma.outbox.findFirstOrThrow({ where: { target: "email" } });
    expect(row).toMatchObject({ status: "failed", attempts: 3 });
    const ev = await t.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: id, type: "delivery.failed" } });
    expect(JSON.parse(ev.data)).toMatchObject({ target: "email", messageId: "msg-x", error: "smtp down 2" });
    const notify = await t.prisma.outbox.findFirstOrThrow({ where: { topic: "agents.notify" } });
    expect(JSON.parse(notify.payload)).toMatchObject({ ticketId: id, reason: "delivery_failed", agentIds: ["cy"] });
  });

  it("fails a row at once when the target says retrying cannot help", async () => {
    await clearOutbox(t);
    const { id } = await createTicket(t.deps, { subject: "bad address" }, as.bob);
    await emailRow(t, id);
    const d = new OutboxDispatcher({
      deps: t.deps,
      targets: { email: recorder(() => new DeliveryError("550 no such user", { permanent: true })) },
      log: silentLogger,
    });
    await d.runOnce();
    expect(await t.prisma.outbox.findFirstOrThrow({ where: { target: "email" } })).toMatchObject({ status: "failed", attempts: 1 });
  });

  it("survives a restart: a crashed worker's claimed row is delivered by the next one once its lease ends", async () => {
    await clearOutbox(t);
    const { id } = await createTicket(t.deps, { subject: "crash" }, as.bob);
    await emailRow(t, id);
    await t.prisma.outbox.updateMany({
      where: { target: "email" },
      data: { lockedBy: "dead", lockedUntil: new Date(t.deps.now().getTime() + 60_000) },
    });
    const email = recorder();
    const d = new OutboxDispatcher({ deps: t.deps, targets: { email }, log: silentLogger });
    expect(await d.runOnce()).toBe(0);
    t.advance(61_000);
    expect(await d.runOnce()).toBe(1);
    expect(email.seen).toHaveLength(1);
  });

  it("delivers each row exactly once with two dispatchers working in parallel", async () => {
    await clearOutbox(t);
    const { id } = await createTicket(t.deps, { subject: "two replicas" }, as.bob);
    await t.prisma.outbox.deleteMany({});
    for (let i = 0; i < 30; i++) await emailRow(t, id, `m-${i}`);
    const email = recorder();
    const a = new OutboxDispatcher({ deps: t.deps, targets: { email }, log: silentLogger, workerId: "a", batchSize: 30 });
    const b = new OutboxDispatcher({ deps: t.deps, targets: { email }, log: silentLogger, workerId: "b", batchSize: 30 });
    const [na, nb] = await Promise.all([a.runOnce(), b.runOnce()]);
    expect(na + nb).toBe(30);
    expect(new Set(email.seen.map((r) => r.payload.messageId)).size).toBe(30);
    expect(email.seen).toHaveLength(30);
  });

  it("waits for a pause in incoming requests before it claims a row", async () => {
    await clearOutbox(t);
    const { id } = await createTicket(t.deps, { subject: "after the burst" }, as.bob);
    await t.prisma.outbox.deleteMany({});
    await emailRow(t, id, "msg-q");
    const gate = new QuietGate({ quietMs: 60_000, maxDeferMs: 60_000 });
    gate.enter()(); // a request, answered at once
    const email = recorder();
    const d = new OutboxDispatcher({ deps: t.deps, targets: { email }, log: silentLogger, gate });
    const pass = d.runOnce();
    await new Promise((r) => setTimeout(r, 50));
    expect(email.seen).toHaveLength(0);
    expect(await t.prisma.outbox.findFirstOrThrow({ where: { target: "email" } })).toMatchObject({ status: "pending", lockedBy: null });
    gate.open();
    expect(await pass).toBe(1);
    expect(email.seen).toHaveLength(1);
  });

  it("finishes the delivery in flight before stop() resolves", async () => {
    await clearOutbox(t);
    const { id } = await createTicket(t.deps, { subject: "slow smtp" }, as.bob);
    await emailRow(t, id);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const began = new Promise<void>((r) => (started = r));
    const slow: DeliveryTarget = {
      async deliver() {
        started();
        await gate;
      },
    };
    const d = new OutboxDispatcher({ deps: t.deps, targets: { email: slow }, log: silentLogger, pollMs: 10 });
    d.start();
    await began;
    let stopped = false;
    const stopping = d.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await t.prisma.outbox.findFirstOrThrow({ where: { target: "email" } })).toMatchObject({ status: "done" });
  });
});
