// Replicas on one PostgreSQL wake each other: work committed by one reaches another's sleeping
// worker through NOTIFY at once, not at its next poll; a rolled-back transaction wakes nobody.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withTx, type CoreDeps } from "../../core/deps.js";
import { silentLogger } from "../../core/log.js";
import { OutboxDispatcher } from "../../core/outbox/dispatcher.js";
import { scheduleJob } from "../../core/jobs/schedule.js";
import { testCore, testProvider, until, type TestCore } from "../../test/harness.js";
import { openDatabase, parseDatabaseUrl, type OpenDatabase } from "./connect.js";
import { listenForWork, notifyWork, workChannel, type WorkListener } from "./work-notify.js";

describe.skipIf(testProvider !== "postgresql")("work notifications between replicas (PostgreSQL)", () => {
  let t: TestCore;
  let other: OpenDatabase;
  let listener: WorkListener;
  let worker: OutboxDispatcher;
  let wakes = 0;
  const ran: string[] = [];

  beforeEach(async () => {
    t = await testCore();
    other = await openDatabase(parseDatabaseUrl(t.database.url));
    const target = t.database.target;
    if (target.provider !== "postgresql") throw new Error("PostgreSQL only");
    // Replica B: its own pool, a worker that would otherwise sleep for ten minutes, and a listener.
    worker = new OutboxDispatcher({
      deps: { ...t.deps, db: other.db },
      targets: {},
      jobs: { "test.wake": (_tx, job) => Promise.resolve(void ran.push(job.key ?? "")) },
      log: silentLogger,
      pollMs: 600_000,
      skipLocked: true,
    });
    worker.start();
    listener = await listenForWork(
      target.url,
      workChannel(target.schema),
      () => {
        wakes++;
        worker.wake();
      },
      silentLogger,
    );
  });
  afterEach(async () => {
    await listener.close();
    await worker.stop();
    await other.close();
    await t.close();
  });

  it("wakes the other replica's worker when a transaction that wrote a job commits, and not when it rolls back", async () => {
    const target = t.database.target as { url: string; schema: string };
    // Replica A: writes and notifies, with no worker of its own.
    const a: CoreDeps = { ...t.deps, work: { written: (tx) => notifyWork(tx, workChannel(target.schema)), committed: () => undefined } };
    await new Promise((r) => setTimeout(r, 100));
    const before = wakes;
    await expect(
      withTx(a, async (tx) => {
        await scheduleJob(tx, t.deps.now(), { key: "rolled-back", topic: "test.wake", dueAt: t.deps.now() });
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    await withTx(a, (tx) => scheduleJob(tx, t.deps.now(), { key: "committed", topic: "test.wake", dueAt: t.deps.now() }));
    await until(() => (ran.includes("committed") ? true : null), "the other replica to run the job");
    expect(ran).toEqual(["committed"]);
    expect(wakes - before).toBe(1);
  });
});
