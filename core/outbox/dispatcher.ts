// The outbox worker: polls, hands each due row to its target under a claim, and records how the
// attempt ended. Fan-out and waiting rows are in fan-out.ts, retry waits and giving up in give-up.ts.
import { randomUUID } from "node:crypto";
import type { CoreDeps } from "../deps.js";
import type { Logger } from "../log.js";
import type { QuietGate } from "../quiet-gate.js";
import { DeliveryError, isChatSurface, type DeliveryTarget, type DeliveryTargetName, type OutboxRow } from "./delivery.js";
import { claimRow, finishClaim, holdLease, type Claim, type DueRow } from "./claim-row.js";
import { readDueChains } from "./due-chains.js";
import { fanOutChat, markWaitingRows } from "./fan-out.js";
import { giveUpRow, retryDelayMs } from "./give-up.js";
import { nextDueAt, runDueBatch, type JobHandlers } from "../jobs/run-jobs.js";
import { jobTarget } from "../jobs/schedule.js";

export interface DispatcherOptions {
  deps: CoreDeps;
  /** The targets configured in this process; rows for the others wait. */
  targets: Partial<Record<DeliveryTargetName, DeliveryTarget>>;
  log: Logger;
  workerId?: string;
  pollMs?: number;
  batchSize?: number;
  /**
   * Deliveries in flight at once. Rows of one ticket (per target) still go one after another,
   * so this many tickets are worked in parallel.
   */
  concurrency?: number;
  /**
   * Rows of one ticket (per target) a polling pass delivers at most. A pass waits for all its
   * tickets, so a long chain of slow sends would otherwise keep new tickets from being read while
   * free slots sit idle; capped, the pass ends soon and the next poll reads them alongside the rest
   * of the chain. runOnce() called directly still delivers everything due.
   */
  rowsPerChainPerPass?: number;
  /** Attempts before a row is given up on and shown as failed. */
  maxAttempts?: number;
  /**
   * How long a claimed row is held before another replica may take it (crash recovery). The
   * holder renews it every third of this while the delivery runs.
   */
  leaseMs?: number;
  /**
   * How long one attempt's send may hold its row: after this its lease is no longer renewed, so
   * a send that hangs lets another replica take the row over once the lease runs out.
   */
  maxHoldMs?: number;
  /** How long stop() waits for the sends in flight before it returns anyway. */
  stopGraceMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /**
   * Deliveries wait for a pause in incoming requests before each of their database writes (the
   * claim and the outcome): on SQLite a COMMIT holds the event loop while it waits for the disk,
   * which would delay the answers to requests arriving meanwhile. At most the gate's longest
   * deferral (50 ms by default) each.
   */
  gate?: QuietGate | undefined;
  /** The core's own jobs (SLA timers …) by topic; without them, jobs wait for a worker that has them. */
  jobs?: JobHandlers | undefined;
  /** Claims jobs with FOR UPDATE SKIP LOCKED (PostgreSQL): replicas take different ones. */
  skipLocked?: boolean;
}

/** How one attempt ended: only "delivered" and "failed" (given up) let the ticket's next row go. */
type Outcome = "delivered" | "retry" | "failed" | "lost";

/**
 * Works the outbox after commit: picks due rows, claims each just before handing it to its
 * target (safely across replicas), and retries failures with exponential backoff (or the
 * target's Retry-After). Rows live in the database, so a restart loses nothing; a crashed
 * worker's claim expires with its lease.
 *
 * Delivery is at least once, fenced: every claim writes a fresh token to `lockedBy`, and a
 * holder's later writes only land while the row still carries its token, so a holder whose lease
 * ran out (and whose row another replica took) never overwrites the new holder's state. Rows of
 * one ticket and target are delivered one after another in creation order; different tickets in
 * parallel, up to `concurrency`.
 */
export class OutboxDispatcher {
  readonly #o: Required<Omit<DispatcherOptions, "targets" | "deps" | "log" | "gate" | "jobs">> &
    Pick<DispatcherOptions, "targets" | "deps" | "log" | "gate" | "jobs">;
  #timer: NodeJS.Timeout | null = null;
  /** A wake came while a pass ran: run another as soon as it ends. */
  #again = false;
  #waitingCheckedAt = -Infinity;
  #running: Promise<void> | null = null;
  #stopped = true;
  /** Set by stop(): deliveries in flight finish, no new row is claimed. */
  #draining = false;
  readonly #waitingSaid = new Set<string>();
  /** Every attempt under way (claim, send, outcome), so stop() can wait for each one to finish. */
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(opts: DispatcherOptions) {
    this.#o = {
      workerId: `dispatcher-${randomUUID().slice(0, 8)}`,
      pollMs: 1000,
      batchSize: 50,
      concurrency: 4,
      rowsPerChainPerPass: 3,
      maxAttempts: 8,
      leaseMs: 60_000,
      maxHoldMs: 5 * 60_000,
      stopGraceMs: 10_000,
      backoffBaseMs: 2_000,
      backoffMaxMs: 15 * 60_000,
      skipLocked: false,
      ...opts,
    };
  }

  get configuredTargets(): DeliveryTargetName[] {
    return Object.keys(this.#o.targets) as DeliveryTargetName[];
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#draining = false;
    this.#tick();
  }

  /**
   * New work was committed (in this process, or another replica's NOTIFY): run a pass now rather
   * than at the next poll. Wakes that come while a pass runs make one more pass after it.
   */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#tick(), 0);
  }

  /**
   * One pass, then a sleep: none when the pass did work or a wake came meanwhile, else until the
   * next row or job falls due, at most `pollMs` (the fallback for wakes that never came).
   */
  #tick(): void {
    this.#timer = null;
    this.#again = false;
    this.#running = this.runOnce({ rowsPerChain: this.#o.rowsPerChainPerPass })
      .then(async (done) => (done > 0 ? 0 : await this.#sleepMs()))
      .catch((e: unknown) => {
        this.#o.log.error("outbox pass failed", { err: String(e) });
        return this.#o.pollMs;
      })
      .then((sleep) => {
        this.#running = null;
        if (!this.#stopped) this.#timer = setTimeout(() => this.#tick(), this.#again ? 0 : sleep);
      });
  }

  async #sleepMs(): Promise<number> {
    const now = this.#o.deps.now();
    const next = await nextDueAt(this.#o.deps.db, this.#workedTargets(), now);
    // A row due already yet not worked waits behind another (its ticket's earlier row, a claim):
    // the poll comes back to it.
    if (!next || next <= now) return this.#o.pollMs;
    return Math.min(this.#o.pollMs, next.getTime() - now.getTime());
  }

  /** What this worker takes: its delivery targets and, with handlers, jobs. */
  #workedTargets(): string[] {
    return this.#o.jobs ? [...this.configuredTargets, jobTarget] : this.configuredTargets;
  }

  /** Stops polling and claiming, and waits (up to `stopGraceMs`) for the deliveries in flight to finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#draining = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const settled = (async () => {
      await this.#running;
      // A pass that failed part-way may have returned while attempts it started still run; their
      // outcomes must be written before the caller closes the database.
      while (this.#inFlight.size) await Promise.allSettled([...this.#inFlight]);
      return true;
    })();
    // A send that hangs must not hold shutdown up for ever; its row is retried once its lease ends.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((r) => (timer = setTimeout(() => r(false), this.#o.stopGraceMs)));
    const done = await Promise.race([settled, late]);
    clearTimeout(timer);
    if (!done)
      this.#o.log.warn("outbox: stopped with sends still in flight; their rows are sent again once their lease runs out", {
        inFlight: this.#inFlight.size,
      });
  }

  /**
   * One pass: fan out chat rows, then deliver what is due (at most `rowsPerChain` rows of each
   * ticket and target). Returns how many rows it delivered.
   */
  async runOnce(pass: { rowsPerChain?: number } = {}): Promise<number> {
    const rowsPerChain = pass.rowsPerChain ?? Infinity;
    await fanOutChat(this.#o.deps, this.#surfaces(), this.#o.batchSize);
    // Counting what waits reads every pending row (timers included): once a minute is enough.
    if (this.#o.deps.now().getTime() - this.#waitingCheckedAt >= 60_000) {
      this.#waitingCheckedAt = this.#o.deps.now().getTime();
      await this.#sayWhatWaits();
    }
    const chains = await readDueChains(this.#o.deps.db, {
      targets: this.configuredTargets,
      now: this.#o.deps.now(),
      batchSize: this.#o.batchSize,
    });
    let delivered = 0;
    let next = 0;
    const worker = async () => {
      while (next < chains.length) {
        const n = await this.#work(chains[next++]!.slice(0, rowsPerChain));
        delivered += n;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#o.concurrency, chains.length) }, worker));
    return delivered + (await this.#runJobs());
  }

  /** Claims due jobs a batch at a time and runs them, `concurrency` at once. Returns how many ran. */
  async #runJobs(): Promise<number> {
    const handlers = this.#o.jobs;
    if (!handlers) return 0;
    let ran = 0;
    // A few batches per pass: a backlog drains without keeping deliveries waiting for long.
    for (let n = 0; n < 10 && !this.#draining; n++) {
      const batch = await runDueBatch(this.#o.deps, handlers, {
        workerId: this.#o.workerId,
        leaseMs: this.#o.leaseMs,
        batchSize: this.#o.batchSize,
        concurrency: this.#o.concurrency,
        skipLocked: this.#o.skipLocked,
        maxAttempts: this.#o.maxAttempts,
        retryInMs: (attempts) => retryDelayMs(attempts, { baseMs: this.#o.backoffBaseMs, maxMs: this.#o.backoffMaxMs }),
        log: this.#o.log,
        gate: this.#o.gate,
        track: (run) => {
          this.#inFlight.add(run);
          return () => this.#inFlight.delete(run);
        },
      });
      ran += batch.ran;
      if (batch.claimed < this.#o.batchSize) break;
    }
    return ran;
  }

  #surfaces() {
    return this.configuredTargets.filter(isChatSurface);
  }

  /** Rows for a target nobody configured stay pending, marked with why, and logged once per target. */
  async #sayWhatWaits(): Promise<void> {
    const configured = new Set<string>(this.#workedTargets());
    if (this.#surfaces().length) configured.add("chat");
    for (const w of await markWaitingRows(this.#o.deps, configured)) {
      if (!this.#waitingSaid.has(w.target)) {
        this.#waitingSaid.add(w.target);
        this.#o.log.warn(`outbox: ${w.count} row(s) for ${w.target} wait until it is configured`, { target: w.target });
      }
    }
  }

  /** Delivers a ticket's rows one after another; stops where one is not delivered. Returns how many were. */
  async #work(chain: DueRow[]): Promise<number> {
    let delivered = 0;
    for (const due of chain) {
      if (this.#draining) break;
      const attempt = this.#attempt(due);
      this.#inFlight.add(attempt);
      let outcome: Outcome | null;
      try {
        outcome = await attempt;
      } catch (e) {
        // A database error on one row must not end the pass while other workers still deliver:
        // the pass would return early, the next one would claim past `concurrency`, and stop()
        // would not wait for them. The row's claim runs out with its lease and it is retried then;
        // the ticket's later rows wait behind it.
        this.#log(this.#rowOf(due)).error("outbox: delivering a row failed", { err: String(e) });
        break;
      } finally {
        this.#inFlight.delete(attempt);
      }
      // Taken by another replica meanwhile (it works the rest of the ticket), or given up.
      if (!outcome) break;
      if (outcome === "delivered") delivered++;
      else if (outcome !== "failed") break;
    }
    return delivered;
  }

  async #attempt(due: DueRow): Promise<Outcome | null> {
    await this.#o.gate?.quiet();
    const claim = await this.#claim(due);
    return claim ? this.#deliver(claim) : null;
  }

  /** Enough of a due row to log it by. */
  #rowOf(due: DueRow): OutboxRow {
    return { id: due.id, ticketId: due.ticketId, target: due.target, topic: due.topic, payload: {}, attempts: due.attempts };
  }

  /** Claims a row just before its delivery (see claimRow); gives up one whose attempts all stalled. */
  async #claim(due: DueRow): Promise<Claim | null> {
    const claim = await claimRow(this.#o.deps.db, due, { now: this.#o.deps.now(), workerId: this.#o.workerId, leaseMs: this.#o.leaseMs });
    if (!claim?.takenOver) return claim;
    const { previousHolder, leaseEnded } = claim.takenOver;
    this.#log(claim.row).warn("outbox: row claimed again after its lease ran out; it may have been delivered already", {
      previousHolder,
      leaseEnded: leaseEnded.toISOString(),
      attempts: claim.row.attempts,
    });
    // A row whose sends keep crashing the worker must not do so for ever.
    if (claim.row.attempts > this.#o.maxAttempts) {
      await giveUpRow(this.#o.deps, claim, `gave up: ${claim.row.attempts - 1} attempts, the last of which never finished`);
      return null;
    }
    return claim;
  }

  async #deliver(claim: Claim): Promise<Outcome> {
    const { row } = claim;
    const target = this.#o.targets[row.target as DeliveryTargetName];
    const { db } = this.#o.deps;
    const log = this.#log(row);
    const lease = holdLease(db, claim, {
      now: this.#o.deps.now,
      leaseMs: this.#o.leaseMs,
      maxHoldMs: this.#o.maxHoldMs,
      onHeldTooLong: () =>
        log.warn("outbox: a send ran past maxHoldMs; its lease is no longer renewed, so another worker may take the row over", {
          maxHoldMs: this.#o.maxHoldMs,
        }),
      onLost: () => log.warn("outbox: lost the claim on a row while delivering it (its lease ran out and another worker took it)"),
      onError: (e) => log.warn("outbox: could not renew a lease", { err: String(e) }),
    });
    try {
      if (!target) throw new DeliveryError(`no ${row.target} delivery is configured`);
      await target.deliver(row);
    } catch (e) {
      // The pause is waited for while the lease is still renewed, so the row cannot be taken over meanwhile.
      await this.#o.gate?.quiet();
      await lease.release();
      const err = e instanceof DeliveryError ? e : new DeliveryError(e instanceof Error ? e.message : String(e));
      const attempts = row.attempts;
      if (err.opts.permanent || attempts >= this.#o.maxAttempts) {
        log.error("delivery failed for good", { attempts, error: err.message });
        return (await giveUpRow(this.#o.deps, claim, err.message)) ? "failed" : this.#lost(log, "failed for good");
      }
      const wait = retryDelayMs(attempts, {
        baseMs: this.#o.backoffBaseMs,
        maxMs: this.#o.backoffMaxMs,
        retryAfterMs: err.opts.retryAfterMs,
      });
      log.warn("delivery failed; will retry", { attempts, retryInMs: Math.round(wait), error: err.message });
      const kept = await finishClaim(db, claim, { lastError: err.message, nextAttemptAt: new Date(this.#o.deps.now().getTime() + wait) });
      return kept ? "retry" : this.#lost(log, "failed");
    }
    await this.#o.gate?.quiet();
    await lease.release();
    const done = await finishClaim(db, claim, { status: "done", deliveredAt: this.#o.deps.now(), lastError: null });
    return done ? "delivered" : this.#lost(log, "delivered");
  }

  /** The row was taken from this holder while it delivered; its outcome is not written over the new holder's. */
  #lost(log: Logger, outcome: string): "lost" {
    log.warn(
      "outbox: lost the claim on a row while delivering it (its lease ran out and another worker took it); the outcome was not recorded",
      { outcome },
    );
    return "lost";
  }

  #log(row: OutboxRow): Logger {
    return this.#o.log.child({ outboxId: row.id, target: row.target, topic: row.topic, ticket: row.ticketId });
  }
}
