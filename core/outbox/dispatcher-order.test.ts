// The outbox dispatcher's claims: attempts counted at claim time, fencing of a holder whose lease
// ran out, concurrency, and each ticket's rows in order across replicas.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testCore, type TestCore } from "../../test/harness.js";
import { capturing, emailRow, gate, recorder, sleep, tickets } from "../../test/outbox-kit.js";
import { silentLogger } from "../log.js";
import { DeliveryError, type DeliveryTarget } from "./delivery.js";
import { OutboxDispatcher } from "./dispatcher.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

describe("OutboxDispatcher: claims, fencing and order", () => {
  const theEmailRow = () => t.prisma.outbox.findFirstOrThrow({ where: { target: "email" } });

  it("counts an attempt when its row is claimed; a holder whose lease ran out does not write over the new holder", async () => {
    const [id] = await tickets(t, 1);
    await emailRow(t, id!, "m-stalled");
    const inA = gate();
    const releaseA = gate();
    const stalled: DeliveryTarget = {
      async deliver() {
        inA.open();
        await releaseA.wait;
      },
    };
    const logA = capturing();
    const logB = capturing();
    const b = recorder(() => new DeliveryError("b: smtp busy"));
    const replicaA = new OutboxDispatcher({ deps: t.deps, targets: { email: stalled }, log: logA, workerId: "a", leaseMs: 60_000 });
    const replicaB = new OutboxDispatcher({ deps: t.deps, targets: { email: b }, log: logB, workerId: "b", leaseMs: 60_000 });
    const passA = replicaA.runOnce();
    await inA.wait;
    // Counted while the send is under way: a crash now leaves attempts=1 behind.
    expect(await theEmailRow()).toMatchObject({ status: "pending", attempts: 1, lockedBy: expect.stringMatching(/^a:/) });
    expect(await replicaB.runOnce()).toBe(0);
    expect(b.seen).toHaveLength(0);

    t.advance(61_000); // a stalls past its lease; b takes the row over and its attempt fails
    expect(await replicaB.runOnce()).toBe(0);
    expect(b.seen).toHaveLength(1);
    const afterB = await theEmailRow();
    expect(afterB).toMatchObject({
      status: "pending",
      attempts: 2,
      lastError: "b: smtp busy",
      lockedUntil: null,
      lockedBy: expect.stringMatching(/^b:/),
    });
    expect(logB.lines).toContainEqual({
      level: "warn",
      msg: expect.stringMatching(/claimed again after its lease ran out/),
      fields: expect.objectContaining({ previousHolder: expect.stringMatching(/^a:/), attempts: 2, outboxId: afterB.id }),
    });

    releaseA.open(); // a's send "succeeds" late: that must not mark b's retrying row done
    expect(await passA).toBe(0);
    expect(await theEmailRow()).toEqual(afterB);
    expect(logA.lines).toContainEqual(
      expect.objectContaining({
        level: "warn",
        msg: expect.stringMatching(/lost the claim/),
        fields: expect.objectContaining({ outcome: "delivered" }),
      }),
    );
  });

  it("gives a row up without sending it again once its attempts all ran out their lease", async () => {
    const [id] = await tickets(t, 1);
    await emailRow(t, id!, "m-poison");
    await t.prisma.outbox.updateMany({
      where: { target: "email" },
      data: { attempts: 3, lockedBy: "crashed", lockedUntil: new Date(t.deps.now().getTime() - 1) },
    });
    const email = recorder();
    const d = new OutboxDispatcher({ deps: t.deps, targets: { email }, log: silentLogger, maxAttempts: 3 });
    expect(await d.runOnce()).toBe(0);
    expect(email.seen).toHaveLength(0);
    expect(await theEmailRow()).toMatchObject({ status: "failed", attempts: 4, lastError: expect.stringMatching(/never finished/) });
    expect(await t.prisma.timelineEvent.count({ where: { ticketId: id!, type: "delivery.failed" } })).toBe(1);
  });

  it("runs at most `concurrency` deliveries at once, different tickets in parallel", async () => {
    const ids = await tickets(t, 8);
    for (const [i, id] of ids.entries()) await emailRow(t, id, `c-${i}`);
    let inFlight = 0;
    let most = 0;
    const slow: DeliveryTarget = {
      async deliver() {
        most = Math.max(most, ++inFlight);
        await sleep(30);
        inFlight--;
      },
    };
    const d = new OutboxDispatcher({ deps: t.deps, targets: { email: slow }, log: silentLogger, concurrency: 3 });
    expect(await d.runOnce()).toBe(8);
    expect(most).toBe(3);
  });

  it("keeps each ticket's rows in order: a later row never overtakes one waiting for its retry", async () => {
    const ids = await tickets(t, 4);
    // Written interleaved, several in one instant: creation order decides, not the clock alone.
    for (let k = 0; k < 4; k++) for (const [i, id] of ids.entries()) await emailRow(t, id, `${i}-${k}`);
    const seen: string[] = [];
    const busy = new Set<number>();
    let overlapped = false;
    const target: DeliveryTarget = {
      async deliver(row) {
        const m = String(row.payload.messageId);
        if (busy.has(row.ticketId!)) overlapped = true;
        busy.add(row.ticketId!);
        await sleep(Math.random() * 10);
        busy.delete(row.ticketId!);
        seen.push(m);
        if (m === "0-1" && row.attempts === 1) throw new DeliveryError("451 try later");
        if (m === "1-1") throw new DeliveryError("550 no such user", { permanent: true });
      },
    };
    const d = new OutboxDispatcher({ deps: t.deps, targets: { email: target }, log: silentLogger, concurrency: 4, backoffBaseMs: 1000 });
    await d.runOnce();
    const of = (i: number) => seen.filter((m) => m.startsWith(`${i}-`));
    expect(of(0)).toEqual(["0-0", "0-1"]);
    // A row given up on for good no longer holds its ticket back.
    expect(of(1)).toEqual(["1-0", "1-1", "1-2", "1-3"]);
    expect(of(2)).toEqual(["2-0", "2-1", "2-2", "2-3"]);
    expect(of(3)).toEqual(["3-0", "3-1", "3-2", "3-3"]);
    expect(await d.runOnce()).toBe(0); // 0-1 is not due yet, and 0-2 waits behind it
    t.advance(2_000);
    expect(await d.runOnce()).toBe(3);
    expect(of(0)).toEqual(["0-0", "0-1", "0-1", "0-2", "0-3"]);
    expect(overlapped).toBe(false);
  });

  it("does not let rows held back behind their ticket's retry keep other tickets waiting", async () => {
    const [stuck, other] = await tickets(t, 2);
    for (let k = 0; k < 12; k++) await emailRow(t, stuck!, `stuck-${k}`);
    await t.prisma.outbox.updateMany({
      where: { payload: { contains: '"stuck-0"' } },
      data: { attempts: 1, nextAttemptAt: new Date(t.deps.now().getTime() + 60_000) },
    });
    t.advance(1);
    await emailRow(t, other!, "other-0");
    const email = recorder();
    const d = new OutboxDispatcher({ deps: t.deps, targets: { email }, log: silentLogger, batchSize: 5 });
    expect(await d.runOnce()).toBe(1);
    expect(email.seen.map((r) => r.payload.messageId)).toEqual(["other-0"]);
  });

  it("two replicas deliver each row once and keep each ticket's order", async () => {
    const ids = await tickets(t, 5);
    for (let k = 0; k < 6; k++) for (const [i, id] of ids.entries()) await emailRow(t, id, `${i}-${k}`);
    const seen: string[] = [];
    const busy = new Set<number>();
    let overlapped = false;
    const target: DeliveryTarget = {
      async deliver(row) {
        if (busy.has(row.ticketId!)) overlapped = true;
        busy.add(row.ticketId!);
        await sleep(5);
        busy.delete(row.ticketId!);
        seen.push(String(row.payload.messageId));
      },
    };
    // Small batches, so the replicas' reads cut across tickets.
    const a = new OutboxDispatcher({
      deps: t.deps,
      targets: { email: target },
      log: silentLogger,
      workerId: "a",
      concurrency: 2,
      batchSize: 7,
    });
    const b = new OutboxDispatcher({
      deps: t.deps,
      targets: { email: target },
      log: silentLogger,
      workerId: "b",
      concurrency: 2,
      batchSize: 7,
    });
    for (let round = 0; round < 30 && (await t.prisma.outbox.count({ where: { status: "pending" } })) > 0; round++)
      await Promise.all([a.runOnce(), b.runOnce()]);
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
    for (const i of ids.keys()) expect(seen.filter((m) => m.startsWith(`${i}-`))).toEqual([0, 1, 2, 3, 4, 5].map((k) => `${i}-${k}`));
    expect(overlapped).toBe(false);
  });

  it("stop() lets the delivery in flight finish and claims nothing more", async () => {
    const [id] = await tickets(t, 1);
    for (let k = 0; k < 3; k++) await emailRow(t, id!, `s-${k}`);
    const inFirst = gate();
    const releaseFirst = gate();
    const email = recorder();
    const first: DeliveryTarget = {
      async deliver(row) {
        inFirst.open();
        await releaseFirst.wait;
        await email.deliver(row);
      },
    };
    const d = new OutboxDispatcher({ deps: t.deps, targets: { email: first }, log: silentLogger, pollMs: 10 });
    d.start();
    await inFirst.wait;
    const stopping = d.stop();
    releaseFirst.open();
    await stopping;
    expect(email.seen.map((r) => r.payload.messageId)).toEqual(["s-0"]);
    const rows = await t.prisma.outbox.findMany({ where: { target: "email" }, orderBy: { status: "asc" } });
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ["done", 1],
      ["pending", 0],
      ["pending", 0],
    ]);
  });
});
