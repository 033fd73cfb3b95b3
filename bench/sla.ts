// `npm run bench:sla`: SLA timers at scale. 100,000 open tickets with a running SLA clock and its
// timer job, on SQLite and (when reachable) PostgreSQL; 30,000 of the timers fall due at 1,000 a
// second for 30 s and are fired by the worker (on PostgreSQL by two replicas, the second in its
// own process). Prints how late each fired (p50/p99/max, the target being p99 under 1 s) and whether each
// fired exactly once (breach events per ticket in the database). Asserts nothing.
//   BENCH_PG_URL        PostgreSQL to use (default postgres://postgres@127.0.0.1:5432/test; a scratch schema is dropped after)
//   BENCH_SLA_TICKETS   open tickets with timers (default 100000)
//   BENCH_SLA_RATE      timers due per second (default 1000); BENCH_SLA_SECONDS (default 30)
//   BENCH_SLA_ONLY      sqlite or postgresql: run that one only
//   BENCH_SLA_REPLICAS  workers on PostgreSQL, 1 or 2 (default: both, one run each)
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, parseDatabaseUrl, type OpenDatabase } from "../bot/db/connect.js";
import { syncDirectory } from "../core/agents/sync-directory.js";
import { buildCatalog, HelpdeskConfig } from "../core/config.js";
import type { CoreDeps } from "../core/deps.js";
import { silentLogger } from "../core/log.js";
import { OutboxDispatcher } from "../core/outbox/dispatcher.js";
import type { JobHandlers } from "../core/jobs/run-jobs.js";
import { slaJobs } from "../core/sla/sla-jobs.js";
import { slaTimerKey, slaTimerTopic } from "../core/sla/clocks.js";
import { benchPropagation } from "./sla-propagation.js";
import { withScratchPostgres } from "./seed.js";

const num = (name: string, def: number) => Number(process.env[name] ?? def);
const tickets = num("BENCH_SLA_TICKETS", 100_000);
const rate = num("BENCH_SLA_RATE", 1000);
const seconds = num("BENCH_SLA_SECONDS", 30);
const replicaCounts = process.env.BENCH_SLA_REPLICAS ? [num("BENCH_SLA_REPLICAS", 2)] : [1, 2];
const pgUrl = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const config = HelpdeskConfig.parse({
  teams: [{ id: "team0", name: "Team 0" }],
  agents: [{ id: "agent0", name: "Agent 0", teams: ["team0"] }],
  slaPolicies: [{ id: "bench", hours: "calendar", firstResponse: "1h", warnBefore: "15m" }],
});

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/**
 * Tickets 1..n, each opened an hour before its clock falls due, already warned: its timer fires
 * the breach. The first `rate × seconds` fall due one per 1/rate s from `firstDue`; the rest a day on.
 */
async function seed(open: OpenDatabase, firstDue: number): Promise<void> {
  const due = (i: number) => (i < rate * seconds ? firstDue + (i * 1000) / rate : firstDue + 86_400_000 + i * 1000);
  const batch = 500;
  for (let off = 0; off < tickets; off += batch) {
    const ids = Array.from({ length: Math.min(batch, tickets - off) }, (_, k) => off + k);
    const rows = ids.map((i) => ({ i, id: i + 1, dueAt: new Date(due(i)), createdAt: new Date(due(i) - 3_600_000) }));
    await open.db.transaction().execute(async (tx) => {
      await tx
        .insertInto("Ticket")
        .values(
          rows.map((r) => ({
            id: r.id,
            subject: `Timed ticket ${r.i}`,
            pipelineId: "support",
            statusId: "new",
            open: true,
            priority: "medium",
            teamId: "team0",
            source: "email",
            properties: "{}",
            createdAt: r.createdAt,
            updatedAt: r.createdAt,
            slaDueAt: r.dueAt,
          })),
        )
        .execute();
      await tx
        .insertInto("SlaClock")
        .values(
          rows.map((r) => ({
            ticketId: r.id,
            metric: "first_response",
            policy: "bench",
            calendar: null,
            startedAt: r.createdAt,
            targetSec: 3600,
            warnSec: 2700,
            usedSec: 0,
            runningSince: r.createdAt,
            dueAt: r.dueAt,
            warnAt: new Date(r.dueAt.getTime() - 900_000),
            warnedAt: new Date(r.dueAt.getTime() - 900_000),
            state: "running",
          })),
        )
        .execute();
      await tx
        .insertInto("Outbox")
        .values(
          rows.map((r) => ({
            id: `sla-${r.id}`,
            key: slaTimerKey(r.id, "first_response"),
            target: "job",
            topic: slaTimerTopic,
            ticketId: r.id,
            payload: JSON.stringify({ metric: "first_response" }),
            createdAt: r.createdAt,
            nextAttemptAt: r.dueAt,
          })),
        )
        .execute();
    });
  }
}

/** A worker firing timers, its lateness figures kept in `late`. */
function timerWorker(deps: CoreDeps, db: OpenDatabase, id: string, late: number[]): OutboxDispatcher {
  const jobs: JobHandlers = {
    [slaTimerTopic]: async (tx, job, d) => {
      await slaJobs[slaTimerTopic]!(tx, job, d);
      late.push(Date.now() - job.dueAt.getTime());
    },
  };
  const skipLocked = db.target.provider === "postgresql";
  return new OutboxDispatcher({
    deps: { ...deps, db: db.db },
    targets: {},
    jobs,
    log: silentLogger,
    workerId: id,
    skipLocked,
    concurrency: skipLocked ? 8 : 4,
  });
}

/**
 * The second replica on PostgreSQL: this file run again in its own process (its own event loop and
 * core, as another replica has), firing timers until told to stop, then printing its figures.
 */
async function replicaProcess(url: string) {
  const open = await openDatabase(parseDatabaseUrl(url), { poolSize: 8 });
  const deps: CoreDeps = { db: open.db, catalog: buildCatalog(config), now: () => new Date() };
  const late: number[] = [];
  const w = timerWorker(deps, open, "replica-2", late);
  w.start();
  process.stdout.write("started\n");
  await new Promise<void>((resolve) => process.once("SIGTERM", () => resolve()));
  await w.stop();
  await open.close();
  process.stdout.write(`${JSON.stringify(late)}\n`);
}

/** Starts the second replica and returns a function that stops it and gives its lateness figures. */
async function startReplica(url: string): Promise<() => Promise<number[]>> {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!], {
    env: { ...process.env, BENCH_SLA_REPLICA_URL: url },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
  while (!out.includes("started\n")) await new Promise((r) => setTimeout(r, 50));
  return async () => {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
    return JSON.parse(out.split("\n")[1] ?? "[]") as number[];
  };
}

async function benchProvider(name: string, open: OpenDatabase, replicaUrl: string | null) {
  const deps: CoreDeps = { db: open.db, catalog: buildCatalog(config), now: () => new Date() };
  await syncDirectory(deps, config);
  const startSeed = performance.now();
  // Seeding takes a while; the first timer falls due a little after it ends.
  const seedGuessMs = name === "sqlite" ? 15_000 : 30_000;
  const firstDue = Date.now() + seedGuessMs;
  await seed(open, firstDue);
  const seeded = performance.now() - startSeed;
  console.log(`${name}: seeded ${tickets} open tickets, clocks and timers in ${(seeded / 1000).toFixed(1)} s`);
  if (Date.now() > firstDue - 2000) console.log(`${name}: seeding ran late; the first timers are already due (raise the guess)`);

  const late: number[] = [];
  const stopReplica = replicaUrl ? await startReplica(replicaUrl) : null;
  const worker = timerWorker(deps, open, "replica-1", late);
  const cpu0 = process.cpuUsage();
  worker.start();
  const expected = Math.min(tickets, rate * seconds);
  const deadline = firstDue + seconds * 1000 + 30_000;
  const firedSoFar = async () =>
    Number(
      (
        await open.db
          .selectFrom("TimelineEvent")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("type", "=", "sla.breached")
          .executeTakeFirstOrThrow()
      ).n,
    );
  while (Date.now() < deadline && (Date.now() < firstDue + seconds * 1000 || (await firedSoFar()) < expected))
    await new Promise((r) => setTimeout(r, 500));
  await new Promise((r) => setTimeout(r, 1000));
  await worker.stop();
  const cpu = process.cpuUsage(cpu0);
  const own = late.length;
  if (stopReplica) late.push(...(await stopReplica()));
  const fired = await open.db
    .selectFrom("TimelineEvent")
    .select(["ticketId", (eb) => eb.fn.countAll<number>().as("n")])
    .where("type", "=", "sla.breached")
    .groupBy("ticketId")
    .execute();
  const twice = fired.filter((f) => Number(f.n) > 1).length;
  const early = await open.db
    .selectFrom("TimelineEvent as e")
    .innerJoin("SlaClock as c", (j) => j.onRef("c.ticketId", "=", "e.ticketId"))
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("e.type", "=", "sla.breached")
    .whereRef("e.createdAt", "<", "c.dueAt")
    .executeTakeFirstOrThrow();
  // How fast timers were fired while they fell due: a backlog grows when this is below the rate.
  const lastFired = await open.db
    .selectFrom("TimelineEvent")
    .select((eb) => eb.fn.max("createdAt").as("at"))
    .where("type", "=", "sla.breached")
    .executeTakeFirstOrThrow();
  const firedSecs = (new Date(lastFired.at ?? firstDue).getTime() - firstDue) / 1000;
  late.sort((a, b) => a - b);
  console.log(
    `${name}: ${fired.length} of ${expected} due timers fired (${twice} more than once, ${Number(early.n)} before their due time), ${replicaUrl ? `two replicas (processes): ${own} and ${late.length - own}` : "one worker"}`,
  );
  console.log(
    `${name}: lateness p50 ${percentile(late, 50).toFixed(0)} ms, p99 ${percentile(late, 99).toFixed(0)} ms, max ${(late.at(-1) ?? NaN).toFixed(0)} ms (target p99 < 1000 ms)`,
  );
  console.log(`${name}: fired ${(fired.length / Math.max(firedSecs, seconds)).toFixed(0)}/s on average while due at ${rate}/s`);
  console.log(`${name}: CPU per timer fired in this process: ${((cpu.user + cpu.system) / 1000 / Math.max(1, own)).toFixed(2)} ms`);
}

async function main() {
  console.log(
    `bench:sla on ${process.platform} ${process.arch}, node ${process.version}: ${tickets} tickets, ${rate}/s due for ${seconds} s`,
  );
  const only = process.env.BENCH_SLA_ONLY;
  if (only !== "postgresql") await benchSqlite();
  if (only !== "sqlite") await benchPostgres();
  // A change from one chat surface reaching the other's card (bench/sla-propagation.ts).
  if (!only) await benchPropagation();
}

async function benchSqlite() {
  const dir = mkdtempSync(join(tmpdir(), "helpdesk-bench-"));
  try {
    const sqlite = await openDatabase(parseDatabaseUrl(`file:${join(dir, "bench.db")}`));
    // SQLite is one process's database: one worker.
    await benchProvider("sqlite", sqlite, null);
    await sqlite.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchPostgres() {
  for (const replicas of replicaCounts) {
    await withScratchPostgres(pgUrl, async (url) => {
      const open = await openDatabase(parseDatabaseUrl(url), { poolSize: 8 });
      await benchProvider(replicas === 1 ? "postgresql, one replica" : "postgresql, two replicas", open, replicas === 1 ? null : url);
      await open.close();
    });
  }
}

const replicaUrl = process.env.BENCH_SLA_REPLICA_URL;
if (replicaUrl) await replicaProcess(replicaUrl);
else await main();
