// Replicas on one PostgreSQL wake each other: work committed by one reaches another's sleeping
// worker through NOTIFY at once, not at its next poll; a rolled-back transaction wakes nobody. The
// listening connection comes back after it is lost, is never left open, and a server that cannot be
// reached only delays it.
import { randomUUID } from "node:crypto";
import net from "node:net";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withTx, type CoreDeps } from "../../core/deps.js";
import { silentLogger } from "../../core/log.js";
import { OutboxDispatcher } from "../../core/outbox/dispatcher.js";
import { scheduleJob } from "../../core/jobs/schedule.js";
import { testCore, testProvider, until, type TestCore } from "../../test/harness.js";
import { capturing, sleep } from "../../test/outbox-kit.js";
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

describe.skipIf(testProvider !== "postgresql")("the listening connection (PostgreSQL)", () => {
  let t: TestCore;
  let url: string;
  let listener: WorkListener | null = null;
  beforeEach(async () => {
    t = await testCore();
    if (t.database.target.provider !== "postgresql") throw new Error("PostgreSQL only");
    url = t.database.target.url;
  });
  afterEach(async () => {
    await listener?.close();
    listener = null;
    await t.close();
  });

  /** The server's process for the connection whose last statement was `query`, if there is one. */
  const backendPid = async (query: string): Promise<number | null> => {
    const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where query = ${query}`.execute(t.deps.db);
    return rows[0]?.pid ?? null;
  };
  const backends = async (applicationName: string): Promise<number> => {
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_stat_activity where application_name = ${applicationName}`.execute(t.deps.db);
    return rows[0]!.n;
  };

  it("listens again after its connection is killed, and wakes the worker then", async () => {
    const channel = `test_${randomUUID().slice(0, 8)}`;
    const log = capturing();
    let wakes = 0;
    listener = await listenForWork(url, channel, () => wakes++, log, { retryMs: 20 });
    const listen = `LISTEN "${channel}"`;
    const first = await until(() => backendPid(listen), "the listening connection");
    expect(wakes).toBe(1); // it looked once when it began to listen

    await sql`select pg_terminate_backend(${first})`.execute(t.deps.db);
    const second = await until(async () => {
      const pid = await backendPid(listen);
      return pid !== first ? pid : null;
    }, "a new listening connection");
    expect(second).not.toBe(first);
    // Notifications sent while it was down are lost: it wakes the worker to look.
    await until(() => (wakes === 2 ? true : null), "a wake once it listens again");
    expect(log.lines).toContainEqual(expect.objectContaining({ level: "warn", msg: expect.stringMatching(/LISTEN connection lost/) }));

    await sql`select pg_notify(${channel}, '')`.execute(t.deps.db);
    await until(() => (wakes === 3 ? true : null), "the notification on the new connection");
  });

  it("ends a connection whose LISTEN failed, tries again, and leaves none open once closed", async () => {
    const name = `listen-test-${randomUUID().slice(0, 8)}`;
    const withName = new URL(url);
    withName.searchParams.set("application_name", name);
    const log = capturing();
    let wakes = 0;
    // An empty channel name is refused by LISTEN on a connection that opened fine.
    listener = await listenForWork(withName.toString(), "", () => wakes++, log, { retryMs: 10, maxRetryMs: 20 });
    const failed = () => log.lines.filter((l) => /could not connect/.test(l.msg)).length;
    expect(log.lines[0]).toMatchObject({ level: "warn", fields: { err: expect.stringMatching(/zero-length delimited identifier/) } });
    await until(() => (failed() >= 5 ? true : null), "several attempts");
    // Each failed connection was ended: they do not pile up.
    expect(await backends(name)).toBeLessThanOrEqual(2);
    await listener.close();
    await until(async () => ((await backends(name)) === 0 ? true : null), "no connection left open");
    expect(wakes).toBe(0);
  });
});

describe("the listening connection without a server", () => {
  let listener: WorkListener | null = null;
  let server: net.Server | null = null;
  afterEach(async () => {
    await listener?.close();
    listener = null;
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    server = null;
  });

  const listening = async (s: net.Server): Promise<number> => {
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    return (s.address() as net.AddressInfo).port;
  };

  it("does not throw when PostgreSQL cannot be reached: it tries again with a growing wait until closed", async () => {
    // A port nothing listens on: the connection is refused at once.
    const free = net.createServer();
    const port = await listening(free);
    await new Promise((r) => free.close(r));
    const log = capturing();
    let wakes = 0;
    listener = await listenForWork(`postgres://postgres@127.0.0.1:${port}/test`, "ch", () => wakes++, log, { retryMs: 10, maxRetryMs: 40 });
    const failures = () => log.lines.filter((l) => l.level === "warn" && /could not connect/.test(l.msg));
    expect(failures()).toHaveLength(1);
    await until(() => (failures().length >= 4 ? true : null), "attempts again");
    expect(
      failures()
        .slice(0, 4)
        .map((l) => l.fields.retryInMs),
    ).toEqual([10, 20, 40, 40]);
    await listener.close();
    const tried = failures().length;
    await sleep(150);
    expect(failures()).toHaveLength(tried);
    expect(wakes).toBe(0);
  });

  it("close() ends a connection still being opened at once, and no attempt follows", async () => {
    // The first connection is dropped at once; the next ones get no answer, so they stay being opened.
    const open = new Set<net.Socket>();
    let accepted = 0;
    server = net.createServer((socket) => {
      if (accepted++ === 0) return void socket.destroy();
      open.add(socket);
      socket.on("close", () => open.delete(socket));
      socket.resume(); // reads what comes (and so sees the end), answers nothing
    });
    const port = await listening(server);
    const log = capturing();
    listener = await listenForWork(`postgres://postgres@127.0.0.1:${port}/test`, "ch", () => undefined, log, {
      retryMs: 10,
      connectTimeoutMs: 5_000,
    });
    expect(log.lines).toContainEqual(expect.objectContaining({ level: "warn", msg: expect.stringMatching(/could not connect/) }));
    await until(() => (open.size === 1 ? true : null), "a second attempt under way");
    const closing = Date.now();
    await listener.close();
    await until(() => (open.size === 0 ? true : null), "the connection ended");
    // Well before the connect timeout would have ended it.
    expect(Date.now() - closing).toBeLessThan(1_000);
    await sleep(100);
    expect(accepted).toBe(2);
  });
});
