// The job engine: a key exists once, a due job fires once with its effects, failures roll back and
// come back later, a moved or cancelled job does nothing, and replicas never fire a job twice.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, parseDatabaseUrl, type OpenDatabase } from "../../bot/db/connect.js";
import { createTicket } from "../tickets/create-ticket.js";
import { as, testCore, until, type TestCore } from "../../test/harness.js";
import { withTx, type CoreDeps } from "../deps.js";
import { silentLogger } from "../log.js";
import { OutboxDispatcher } from "../outbox/dispatcher.js";
import { recordEvent } from "../timeline.js";
import { claimDueJobs, runClaimedJob, type JobHandlers } from "./run-jobs.js";
import { cancelJob, scheduleJob } from "./schedule.js";

let t: TestCore;
let ticketId: number;
beforeEach(async () => {
  t = await testCore();
  ticketId = (await createTicket(t.deps, { subject: "timers" }, as.bob)).id;
  await t.prisma.outbox.deleteMany({});
});
afterEach(() => t.close());

const hour = 3_600_000;
const later = (ms: number) => new Date(t.deps.now().getTime() + ms);
const schedule = (deps: CoreDeps, key: string, dueAt: Date, topic = "test.fire") =>
  withTx(deps, (tx) => scheduleJob(tx, deps.now(), { key, topic, dueAt, ticketId, payload: { key } }));
const fired = () => t.prisma.timelineEvent.count({ where: { ticketId, type: "test.fired" } });

/** A handler whose effect is a timeline event, so what committed can be counted. */
const handlers = (seen: string[] = []): JobHandlers => ({
  "test.fire": async (tx, job, deps) => {
    seen.push(String(job.payload.key));
    await recordEvent(tx, deps.now(), job.ticketId!, { type: "system" }, "test.fired", { key: job.payload.key });
  },
});
const worker = (deps: CoreDeps, jobs: JobHandlers, workerId = "w") =>
  new OutboxDispatcher({ deps, targets: {}, jobs, log: silentLogger, workerId, skipLocked: t.database.target.provider === "postgresql" });

describe("jobs", () => {
  it("keeps one job per key: scheduling it again moves it", async () => {
    await schedule(t.deps, "sla:1:first_response", later(hour));
    await schedule(t.deps, "sla:1:first_response", later(2 * hour));
    const rows = await t.prisma.outbox.findMany({ where: { key: "sla:1:first_response" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ target: "job", status: "pending", attempts: 0 });
    expect(rows[0]!.nextAttemptAt.getTime()).toBe(later(2 * hour).getTime());
  });

  it("fires a job once it is due, not before, and never again", async () => {
    const d = worker(t.deps, handlers());
    await schedule(t.deps, "k1", later(hour));
    expect(await d.runOnce()).toBe(0);
    expect(await fired()).toBe(0);
    t.advance(hour);
    expect(await d.runOnce()).toBe(1);
    expect(await d.runOnce()).toBe(0);
    expect(await fired()).toBe(1);
    expect(await t.prisma.outbox.findFirstOrThrow({ where: { key: "k1" } })).toMatchObject({ status: "done", lockedUntil: null });
  });

  it("rolls back a job whose handler throws and runs it again after a wait", async () => {
    let fail = true;
    const jobs: JobHandlers = {
      "test.fire": async (tx, job, deps) => {
        await recordEvent(tx, deps.now(), job.ticketId!, { type: "system" }, "test.fired");
        if (fail) throw new Error("boom");
      },
    };
    const d = new OutboxDispatcher({ deps: t.deps, targets: {}, jobs, log: silentLogger, backoffBaseMs: 1000 });
    await schedule(t.deps, "k2", t.deps.now());
    expect(await d.runOnce()).toBe(0);
    expect(await fired()).toBe(0);
    const row = await t.prisma.outbox.findFirstOrThrow({ where: { key: "k2" } });
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastError: "boom", lockedUntil: null });
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(t.deps.now().getTime());
    fail = false;
    t.advance(2_000);
    expect(await d.runOnce()).toBe(1);
    expect(await fired()).toBe(1);
  });

  it("marks a job failed after its last attempt", async () => {
    const jobs: JobHandlers = {
      "test.fire": () => Promise.reject(new Error("always")),
    };
    const d = new OutboxDispatcher({ deps: t.deps, targets: {}, jobs, log: silentLogger, maxAttempts: 2, backoffBaseMs: 10 });
    await schedule(t.deps, "k3", t.deps.now());
    await d.runOnce();
    t.advance(1_000);
    await d.runOnce();
    expect(await t.prisma.outbox.findFirstOrThrow({ where: { key: "k3" } })).toMatchObject({ status: "failed", attempts: 2 });
  });

  it("does nothing for a job moved after its claim: the new schedule stands", async () => {
    await schedule(t.deps, "k4", t.deps.now());
    const claimed = await claimDueJobs(t.deps.db, { now: t.deps.now(), workerId: "w", leaseMs: 60_000, limit: 10, skipLocked: false });
    expect(claimed.jobs).toHaveLength(1);
    await schedule(t.deps, "k4", later(hour));
    const seen: string[] = [];
    const outcome = await runClaimedJob(
      t.deps,
      handlers(seen),
      { job: claimed.jobs[0]!, token: claimed.token },
      { maxAttempts: 3, retryInMs: () => 1000, log: silentLogger },
    );
    expect(outcome).toBe("superseded");
    expect(seen).toEqual([]);
    const row = await t.prisma.outbox.findFirstOrThrow({ where: { key: "k4" } });
    expect(row).toMatchObject({ status: "pending", lockedBy: null });
    expect(row.nextAttemptAt.getTime()).toBe(later(hour).getTime());
  });

  it("does not mark jobs as waiting for a target when the worker runs them", async () => {
    await schedule(t.deps, "k8", later(hour));
    await worker(t.deps, handlers()).runOnce();
    expect(await t.prisma.outbox.findFirstOrThrow({ where: { key: "k8" } })).toMatchObject({ status: "pending", lastError: null });
  });

  it("never runs a cancelled job", async () => {
    const d = worker(t.deps, handlers());
    await schedule(t.deps, "k5", t.deps.now());
    await withTx(t.deps, (tx) => cancelJob(tx, "k5"));
    expect(await d.runOnce()).toBe(0);
    expect(await fired()).toBe(0);
  });

  it("runs again a job whose worker died holding it, once its lease ran out", async () => {
    await schedule(t.deps, "k6", t.deps.now());
    // A worker claims it and dies: nothing it did committed.
    await claimDueJobs(t.deps.db, { now: t.deps.now(), workerId: "dead", leaseMs: 60_000, limit: 10, skipLocked: false });
    const d = worker(t.deps, handlers());
    expect(await d.runOnce()).toBe(0);
    t.advance(61_000);
    expect(await d.runOnce()).toBe(1);
    expect(await fired()).toBe(1);
  });

  it("wakes a sleeping worker when a transaction that wrote a job commits", async () => {
    const slow = new OutboxDispatcher({ deps: t.deps, targets: {}, jobs: handlers(), log: silentLogger, pollMs: 600_000 });
    slow.start();
    try {
      // The first pass found nothing; the worker now sleeps for its whole poll.
      await new Promise((r) => setTimeout(r, 50));
      await schedule({ ...t.deps, work: { committed: () => slow.wake() } }, "k7", t.deps.now());
      await until(async () => (await fired()) === 1 || null, "the job to fire after the wake");
    } finally {
      await slow.stop();
    }
  });
});

describe("jobs on two replicas", () => {
  let other: Pick<OpenDatabase, "db" | "close">;
  beforeEach(async () => {
    // On PostgreSQL a second pool on the same database, as another replica has. SQLite is one
    // process's file (its connection waits for locks synchronously, so two in one process would
    // stall each other): there the two workers share the connection, as two would in one service.
    other =
      t.database.target.provider === "postgresql"
        ? await openDatabase(parseDatabaseUrl(t.database.url))
        : { db: t.database.db, close: () => Promise.resolve() };
  });
  afterEach(() => other.close());

  it("fires each due job exactly once with two workers claiming at the same time", async () => {
    for (let i = 0; i < 60; i++) await schedule(t.deps, `r${i}`, t.deps.now());
    const seenA: string[] = [];
    const seenB: string[] = [];
    const a = new OutboxDispatcher({
      deps: t.deps,
      targets: {},
      jobs: handlers(seenA),
      log: silentLogger,
      workerId: "a",
      batchSize: 7,
      skipLocked: t.database.target.provider === "postgresql",
    });
    const b = new OutboxDispatcher({
      deps: { ...t.deps, db: other.db },
      targets: {},
      jobs: handlers(seenB),
      log: silentLogger,
      workerId: "b",
      batchSize: 7,
      skipLocked: t.database.target.provider === "postgresql",
    });
    await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
    const all = [...seenA, ...seenB];
    expect(all).toHaveLength(60);
    expect(new Set(all).size).toBe(60);
    expect(await fired()).toBe(60);
  });
});
