// Runs due jobs (schedule.ts). Claimed a batch at a time in one statement (on PostgreSQL with
// FOR UPDATE SKIP LOCKED, so replicas take different jobs instead of queueing on the same rows),
// each then run in one transaction with its completion: a job's effects and its "done" commit
// together or not at all, so a job that came twice, or whose worker died, never acts twice.
import { randomUUID } from "node:crypto";
import { withTx, type CoreDeps } from "../deps.js";
import type { Db, Tx } from "../db.js";
import { parseJsonObject } from "../json.js";
import type { Logger } from "../log.js";
import { leaseFree } from "../outbox/claim-row.js";
import type { QuietGate } from "../quiet-gate.js";
import { jobTarget } from "./schedule.js";

/** A claimed job as its handler sees it. */
export interface Job {
  id: string;
  key: string | null;
  topic: string;
  ticketId: number | null;
  payload: Record<string, unknown>;
  /** When it was due. */
  dueAt: Date;
  /** Attempts so far, this one included. */
  attempts: number;
}

/**
 * Does a job's work in the transaction that completes it. It re-checks that what it was for still
 * holds (the job may have been due long ago, or the ticket moved on) and does nothing otherwise.
 */
export type JobHandler = (tx: Tx, job: Job, deps: CoreDeps) => Promise<void>;
export type JobHandlers = Readonly<Record<string, JobHandler>>;

export interface ClaimedJobs {
  /** Written to each claimed row's `lockedBy`: a completion lands only while the row still carries it. */
  token: string;
  jobs: Job[];
}

/** Claims up to `limit` due jobs no live claim holds, oldest due first. */
export async function claimDueJobs(
  db: Db,
  at: { now: Date; workerId: string; leaseMs: number; limit: number; skipLocked: boolean },
): Promise<ClaimedJobs> {
  const token = `${at.workerId}:${randomUUID()}`;
  const due = db
    .selectFrom("Outbox")
    .select("id")
    .where("target", "=", jobTarget)
    .where("status", "=", "pending")
    .where("nextAttemptAt", "<=", at.now)
    .where(leaseFree(at.now))
    .orderBy("nextAttemptAt")
    .limit(at.limit)
    .$if(at.skipLocked, (q) => q.forUpdate().skipLocked());
  const rows = await db
    .updateTable("Outbox")
    .set((eb) => ({ lockedBy: token, lockedUntil: new Date(at.now.getTime() + at.leaseMs), attempts: eb("attempts", "+", 1) }))
    .where("id", "in", due)
    // On PostgreSQL checked again on the row itself: a claim that waited on another's lock sees
    // that one's outcome. (SQLite runs the statement alone; there these conditions would only
    // lead its planner to scan every pending row by status instead of the few ids.)
    .$if(at.skipLocked, (q) => q.where("status", "=", "pending").where(leaseFree(at.now)))
    .returning(["id", "key", "topic", "ticketId", "payload", "attempts", "nextAttemptAt"])
    .execute();
  const jobs = rows
    .map((r) => ({
      id: r.id,
      key: r.key,
      topic: r.topic,
      ticketId: r.ticketId,
      payload: parseJsonObject(r.payload),
      dueAt: new Date(r.nextAttemptAt),
      attempts: r.attempts,
    }))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  return { token, jobs };
}

/** How running one claimed job ended. */
export type JobOutcome = "done" | "superseded" | "retry" | "failed";

/**
 * Runs one claimed job: its handler and its completion in one transaction, the completion fenced
 * by the claim's token (a job moved or cancelled meanwhile is left to its new schedule). A handler
 * that throws rolls back; the job is tried again after `retryInMs`, or marked failed after
 * `maxAttempts`.
 */
export async function runClaimedJob(
  deps: CoreDeps,
  handlers: JobHandlers,
  claimed: { job: Job; token: string },
  opts: { maxAttempts: number; retryInMs: (attempts: number) => number; log: Logger },
): Promise<JobOutcome> {
  const { job, token } = claimed;
  const log = opts.log.child({ job: job.key ?? job.id, topic: job.topic, ticket: job.ticketId });
  const handler = handlers[job.topic];
  if (!handler) {
    log.error("no handler for this job's topic; marked failed");
    await endClaim(deps.db, claimed, { status: "failed", lastError: `no handler for "${job.topic}"` });
    return "failed";
  }
  if (job.attempts > opts.maxAttempts) {
    log.error("job gave up: its attempts never finished", { attempts: job.attempts - 1 });
    await endClaim(deps.db, claimed, { status: "failed", lastError: `gave up after ${job.attempts - 1} attempts` });
    return "failed";
  }
  try {
    const ran = await withTx(deps, async (tx) => {
      const now = deps.now();
      const mine = await tx
        .updateTable("Outbox")
        .set({ status: "done", deliveredAt: now, lockedUntil: null, lastError: null })
        .where("id", "=", job.id)
        .where("lockedBy", "=", token)
        .where("status", "=", "pending")
        .executeTakeFirst();
      if (Number(mine.numUpdatedRows) === 0) return false;
      await handler(tx, job, deps);
      return true;
    });
    return ran ? "done" : "superseded";
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    if (job.attempts >= opts.maxAttempts) {
      log.error("job failed for good", { attempts: job.attempts, error });
      await endClaim(deps.db, claimed, { status: "failed", lastError: error });
      return "failed";
    }
    const wait = opts.retryInMs(job.attempts);
    log.warn("job failed; will retry", { attempts: job.attempts, retryInMs: Math.round(wait), error });
    await endClaim(deps.db, claimed, { lastError: error, nextAttemptAt: new Date(deps.now().getTime() + wait) });
    return "retry";
  }
}

/**
 * Runs a claimed batch in one transaction (one commit for all, which is most of a small job's
 * cost): completions fenced together, then each job's handler. If any handler throws, the batch
 * rolls back and its jobs run one at a time (runClaimedJob), so only the failing one waits for a
 * retry. Returns how many ran.
 */
export async function runClaimedJobs(
  deps: CoreDeps,
  handlers: JobHandlers,
  claimed: ClaimedJobs,
  opts: { maxAttempts: number; retryInMs: (attempts: number) => number; log: Logger },
): Promise<number> {
  const { jobs, token } = claimed;
  const together = jobs.filter((j) => handlers[j.topic] && j.attempts <= opts.maxAttempts);
  if (together.length > 1 && together.length === jobs.length) {
    try {
      return await withTx(deps, async (tx) => {
        const held = await tx
          .updateTable("Outbox")
          .set({ status: "done", deliveredAt: deps.now(), lockedUntil: null, lastError: null })
          .where(
            "id",
            "in",
            jobs.map((j) => j.id),
          )
          // The token alone fences: it is this claim's, and moving or cancelling a job clears it.
          // (A status condition here would lead SQLite's planner to scan the pending rows.)
          .where("lockedBy", "=", token)
          .returning("id")
          .execute();
        const mine = new Set(held.map((r) => r.id));
        let ran = 0;
        for (const job of jobs) {
          if (!mine.has(job.id)) continue;
          await handlers[job.topic]!(tx, job, deps);
          ran++;
        }
        return ran;
      });
    } catch (e) {
      opts.log.warn("a batch of jobs failed; running them one at a time", { err: e instanceof Error ? e.message : String(e) });
    }
  }
  let ran = 0;
  for (const job of jobs) if ((await runClaimedJob(deps, handlers, { job, token }, opts)) === "done") ran++;
  return ran;
}

export interface BatchOptions {
  workerId: string;
  leaseMs: number;
  batchSize: number;
  /** Parts the batch is run in at once, each in one transaction. */
  concurrency: number;
  skipLocked: boolean;
  maxAttempts: number;
  retryInMs: (attempts: number) => number;
  log: Logger;
  /** Waited on before the claim and before each part (see core/quiet-gate.ts). */
  gate?: QuietGate | undefined;
  /** Told of each part under way, so a stopping worker can wait for it; returns its "done". */
  track: (run: Promise<unknown>) => () => void;
}

/** Claims one batch of due jobs and runs it in `concurrency` parts. Returns how many were claimed and ran. */
export async function runDueBatch(deps: CoreDeps, handlers: JobHandlers, o: BatchOptions): Promise<{ claimed: number; ran: number }> {
  await o.gate?.quiet();
  const { token, jobs } = await claimDueJobs(deps.db, {
    now: deps.now(),
    workerId: o.workerId,
    leaseMs: o.leaseMs,
    limit: o.batchSize,
    skipLocked: o.skipLocked,
  });
  const size = Math.ceil(jobs.length / o.concurrency);
  const parts = Array.from({ length: Math.ceil(jobs.length / size) }, (_, i) => jobs.slice(i * size, (i + 1) * size));
  let ran = 0;
  await Promise.all(
    parts.map(async (part) => {
      await o.gate?.quiet();
      const run = runClaimedJobs(deps, handlers, { jobs: part, token }, o);
      const done = o.track(run);
      try {
        ran += await run;
      } catch (e) {
        // Recording an outcome failed: those claims run out with their lease and the jobs come back.
        o.log.error("jobs: recording their outcome failed", { err: String(e) });
      } finally {
        done();
      }
    }),
  );
  return { claimed: jobs.length, ran };
}

async function endClaim(
  db: Db,
  claimed: { job: Job; token: string },
  data: { status?: string; lastError: string; nextAttemptAt?: Date },
): Promise<void> {
  await db
    .updateTable("Outbox")
    .set({ ...data, lockedUntil: null })
    .where("id", "=", claimed.job.id)
    .where("lockedBy", "=", claimed.token)
    .where("status", "=", "pending")
    .execute();
}

/**
 * The earliest time a row among `targets` (deliveries and jobs) comes due that no live claim
 * holds, or null; read per target from the (target, status, nextAttemptAt) index.
 */
export async function nextDueAt(db: Db, targets: readonly string[], now: Date): Promise<Date | null> {
  let first: Date | null = null;
  for (const target of targets) {
    const r = await db
      .selectFrom("Outbox")
      .select("nextAttemptAt")
      .where("target", "=", target)
      .where("status", "=", "pending")
      .where(leaseFree(now))
      .orderBy("nextAttemptAt")
      .limit(1)
      .executeTakeFirst();
    if (r) {
      const at = new Date(r.nextAttemptAt);
      if (!first || at < first) first = at;
    }
  }
  return first;
}
