import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { createTicket } from "../tickets/create-ticket.js";
import { silentLogger, type Logger } from "../log.js";
import { DeliveryError, type DeliveryTarget, type OutboxRow } from "./delivery.js";
import { OutboxDispatcher } from "./dispatcher.js";
import { enqueue } from "./enqueue.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

/** A target that records what reached it and fails as told. */
function recorder(fail?: (row: OutboxRow, n: number) => Error | null): DeliveryTarget & { seen: OutboxRow[] } {
  const seen: OutboxRow[] = [];
  return {
    seen,
    async deliver(row) {
      const err = fail?.(row, seen.length);
      seen.push(row);
      if (err) throw err;
    },
  };
}

interface LogLine {
  level: string;
  msg: string;
  fields: Record<string, unknown>;
}

/** A logger that keeps what it was told, with its children's bound fields. */
function capturing(lines: LogLine[] = [], bound: Record<string, unknown> = {}): Logger & { lines: LogLine[] } {
  const at =
    (level: string) =>
    (msg: string, fields: Record<string, unknown> = {}) =>
      void lines.push({ level, msg, fields: { ...bound, ...fields } });
  return {
    lines,
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (f) => capturing(lines, { ...bound, ...f }),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A promise and the function that settles it. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}

async function clearOutbox() {
  await t.prisma.outbox.deleteMany({});
}

async function emailRow(ticketId: number, messageId = "m-1") {
  await t.deps.db
    .transaction()
    .execute((tx) => enqueue(tx, t.deps.now(), { target: "email", topic: "email.reply", payload: { ticketId, messageId } }));
}

describe("OutboxDispatcher", () => {
  it("keeps rows for a target that is not configured, and says why", async () => {
    await clearOutbox();
    const { id } = await createTicket(t.deps, { subject: "waits" }, as.bob);
    await emailRow(id);
    const d = new OutboxDispatcher({ deps: t.deps, targets: {}, log: silentLogger });
    expect(await d.runOnce()).toBe(0);
    const rows = await t.prisma.outbox.findMany({ where: { ticketId: id } });
    expect(rows.every((r) => r.status === "pending")).toBe(true);
    expect(rows.find((r) => r.target === "email")?.lastError).toBe("waiting: no email delivery is configured");
    expect(rows.find((r) => r.target === "chat")?.lastError).toMatch(/no chat surface/);
  });

  it("fans chat rows out to every configured surface and delivers each once", async () => {
    await clearOutbox();
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
    await clearOutbox();
    const { id } = await createTicket(t.deps, { subject: "flaky", ownerId: "cy" }, as.bob);
    await t.prisma.outbox.deleteMany({});
    await emailRow(id, "msg-x");
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
    await clearOutbox();
    const { id } = await createTicket(t.deps, { subject: "bad address" }, as.bob);
    await emailRow(id);
    const d = new OutboxDispatcher({
      deps: t.deps,
      targets: { email: recorder(() => new DeliveryError("550 no such user", { permanent: true })) },
      log: silentLogger,
    });
    await d.runOnce();
    expect(await t.prisma.outbox.findFirstOrThrow({ where: { target: "email" } })).toMatchObject({ status: "failed", attempts: 1 });
  });

  it("survives a restart: a crashed worker's claimed row is delivered by the next one once its lease ends", async () => {
    await clearOutbox();
    const { id } = await createTicket(t.deps, { subject: "crash" }, as.bob);
    await emailRow(id);
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
    await clearOutbox();
    const { id } = await createTicket(t.deps, { subject: "two replicas" }, as.bob);
    await t.prisma.outbox.deleteMany({});
    for (let i = 0; i < 30; i++) await emailRow(id, `m-${i}`);
    const email = recorder();
    const a = new OutboxDispatcher({ deps: t.deps, targets: { email }, log: silentLogger, workerId: "a", batchSize: 30 });
    const b = new OutboxDispatcher({ deps: t.deps, targets: { email }, log: silentLogger, workerId: "b", batchSize: 30 });
    const [na, nb] = await Promise.all([a.runOnce(), b.runOnce()]);
    expect(na + nb).toBe(30);
    expect(new Set(email.seen.map((r) => r.payload.messageId)).size).toBe(30);
    expect(email.seen).toHaveLength(30);
  });

  it("finishes the delivery in flight before stop() resolves", async () => {
    await clearOutbox();
    const { id } = await createTicket(t.deps, { subject: "slow smtp" }, as.bob);
    await emailRow(id);
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

describe("OutboxDispatcher: claims, fencing and order", () => {
  /** `count` tickets with no outbox rows of their own. */
  async function tickets(count: number): Promise<number[]> {
    await clearOutbox();
    const ids: number[] = [];
    for (let i = 0; i < count; i++) ids.push((await createTicket(t.deps, { subject: `ticket ${i}` }, as.bob)).id);
    await clearOutbox();
    return ids;
  }
  const theEmailRow = () => t.prisma.outbox.findFirstOrThrow({ where: { target: "email" } });

  it("counts an attempt when its row is claimed; a holder whose lease ran out does not write over the new holder", async () => {
    const [id] = await tickets(1);
    await emailRow(id!, "m-stalled");
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
    const [id] = await tickets(1);
    await emailRow(id!, "m-poison");
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
    const ids = await tickets(8);
    for (const [i, id] of ids.entries()) await emailRow(id, `c-${i}`);
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
    const ids = await tickets(4);
    // Written interleaved, several in one instant: creation order decides, not the clock alone.
    for (let k = 0; k < 4; k++) for (const [i, id] of ids.entries()) await emailRow(id, `${i}-${k}`);
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
    const [stuck, other] = await tickets(2);
    for (let k = 0; k < 12; k++) await emailRow(stuck!, `stuck-${k}`);
    await t.prisma.outbox.updateMany({
      where: { payload: { contains: '"stuck-0"' } },
      data: { attempts: 1, nextAttemptAt: new Date(t.deps.now().getTime() + 60_000) },
    });
    t.advance(1);
    await emailRow(other!, "other-0");
    const email = recorder();
    const d = new OutboxDispatcher({ deps: t.deps, targets: { email }, log: silentLogger, batchSize: 5 });
    expect(await d.runOnce()).toBe(1);
    expect(email.seen.map((r) => r.payload.messageId)).toEqual(["other-0"]);
  });

  it("two replicas deliver each row once and keep each ticket's order", async () => {
    const ids = await tickets(5);
    for (let k = 0; k < 6; k++) for (const [i, id] of ids.entries()) await emailRow(id, `${i}-${k}`);
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
    const [id] = await tickets(1);
    for (let k = 0; k < 3; k++) await emailRow(id!, `s-${k}`);
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

describe("OutboxDispatcher: errors and shutdown", () => {
  async function tickets(count: number): Promise<number[]> {
    await clearOutbox();
    const ids: number[] = [];
    for (let i = 0; i < count; i++) ids.push((await createTicket(t.deps, { subject: `ticket ${i}` }, as.bob)).id);
    await clearOutbox();
    return ids;
  }

  /** The test database, but an update of an outbox row that `failOn` picks (by its query tree, as JSON) throws. */
  function failingOutcome(failOn: (query: string) => boolean): typeof t.deps {
    const db = t.deps.db.withPlugin({
      transformQuery({ node }) {
        if (node.kind === "UpdateQueryNode" && JSON.stringify(node).includes('"Outbox"') && failOn(JSON.stringify(node)))
          throw new Error("database went away");
        return node;
      },
      transformResult: async ({ result }) => result,
    });
    return { ...t.deps, db };
  }

  it("a database error on one row neither ends the others nor lets stop() return before they finish", async () => {
    const ids = await tickets(4);
    for (const [i, id] of ids.entries()) await emailRow(id, `e-${i}`);
    const first = await t.prisma.outbox.findFirstOrThrow({ where: { payload: { contains: '"e-0"' } } });
    const deps = failingOutcome((q) => q.includes(`"${first.id}"`) && q.includes('"done"'));
    const gates = new Map<string, ReturnType<typeof gate>>();
    const began = new Map<string, ReturnType<typeof gate>>();
    for (let i = 0; i < 4; i++) {
      gates.set(`e-${i}`, gate());
      began.set(`e-${i}`, gate());
    }
    let inFlight = 0;
    let most = 0;
    const done: string[] = [];
    const target: DeliveryTarget = {
      async deliver(row) {
        const m = String(row.payload.messageId);
        most = Math.max(most, ++inFlight);
        began.get(m)!.open();
        await gates.get(m)!.wait;
        inFlight--;
        done.push(m);
      },
    };
    const log = capturing();
    const d = new OutboxDispatcher({ deps, targets: { email: target }, log, concurrency: 2, pollMs: 5 });
    d.start();
    await Promise.all([began.get("e-0")!.wait, began.get("e-1")!.wait]);
    gates.get("e-0")!.open(); // its send succeeds, writing its outcome fails
    await began.get("e-2")!.wait; // the worker goes on with the next ticket
    await sleep(50); // several polls: none may claim past `concurrency`
    expect(most).toBe(2);
    let stopped = false;
    const stopping = d.stop().then(() => (stopped = true));
    await sleep(30);
    expect(stopped).toBe(false);
    gates.get("e-1")!.open();
    gates.get("e-2")!.open();
    await stopping;
    expect(most).toBe(2);
    const rows = await t.prisma.outbox.findMany({ where: { target: "email" } });
    const status = (m: string) => rows.find((r) => r.payload.includes(`"${m}"`))?.status;
    expect([status("e-0"), status("e-1"), status("e-2"), status("e-3")]).toEqual(["pending", "done", "done", "pending"]);
    expect(log.lines).toContainEqual(
      expect.objectContaining({
        level: "error",
        fields: expect.objectContaining({ err: expect.stringMatching(/database went away/), outboxId: first.id }),
      }),
    );
  });

  it("stops renewing a send that hangs past maxHoldMs, so another replica takes its row over, and stop() does not wait for it for ever", async () => {
    const [id] = await tickets(1);
    await emailRow(id!, "h-0");
    const began = gate();
    const hangs: DeliveryTarget = {
      async deliver() {
        began.open();
        await new Promise(() => {}); // never settles
      },
    };
    const logA = capturing();
    const a = new OutboxDispatcher({
      deps: t.deps,
      targets: { email: hangs },
      log: logA,
      workerId: "a",
      leaseMs: 30,
      maxHoldMs: 1_000,
      stopGraceMs: 50,
      pollMs: 5,
    });
    a.start();
    await began.wait;
    await sleep(40); // renewed while within maxHoldMs
    const email = recorder();
    const b = new OutboxDispatcher({ deps: t.deps, targets: { email }, log: silentLogger, workerId: "b", leaseMs: 30 });
    expect(await b.runOnce()).toBe(0);
    t.advance(1_000);
    await sleep(40);
    expect(logA.lines).toContainEqual(expect.objectContaining({ level: "warn", msg: expect.stringMatching(/ran past maxHoldMs/) }));
    t.advance(31); // the last lease taken runs out
    expect(await b.runOnce()).toBe(1);
    expect(email.seen.map((r) => r.payload.messageId)).toEqual(["h-0"]);
    const started = Date.now();
    await a.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(logA.lines).toContainEqual(
      expect.objectContaining({
        level: "warn",
        msg: expect.stringMatching(/stopped with sends still in flight/),
        fields: expect.objectContaining({ inFlight: 1 }),
      }),
    );
  });

  it("a new ticket's row is delivered while another ticket's long chain of slow sends is still under way", async () => {
    const [long, fresh] = await tickets(2);
    for (let k = 0; k < 10; k++) await emailRow(long!, `long-${k}`);
    const seen: string[] = [];
    const began = gate();
    const slow: DeliveryTarget = {
      async deliver(row) {
        began.open();
        await sleep(20);
        seen.push(String(row.payload.messageId));
      },
    };
    const d = new OutboxDispatcher({
      deps: t.deps,
      targets: { email: slow },
      log: silentLogger,
      concurrency: 2,
      pollMs: 5,
      rowsPerChainPerPass: 2,
    });
    d.start();
    await began.wait;
    await emailRow(fresh!, "fresh-0");
    for (let i = 0; i < 200 && seen.length < 11; i++) await sleep(10);
    await d.stop();
    expect(seen).toHaveLength(11);
    expect(seen.filter((m) => m.startsWith("long-"))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => `long-${k}`));
    // Read at the next poll, not only after the whole chain went out.
    expect(seen.indexOf("fresh-0")).toBeLessThan(6);
  });
});
