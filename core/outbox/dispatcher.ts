// The outbox worker: polls, and in each pass delivers the due rows and runs the due jobs side by
// side. One attempt at a row (claim, send, outcome) is in attempt-row.ts, fan-out and waiting rows
// in fan-out.ts, retry waits and giving up in give-up.ts.
import { randomUUID } from "node:crypto";
import type { CoreDeps } from "../deps.js";
import type { Logger } from "../log.js";
import type { QuietGate } from "../quiet-gate.js";
import { isChatSurface, type DeliveryTarget, type DeliveryTargetName } from "./delivery.js";
import { attemptRow, rowLog, type Outcome } from "./attempt-row.js";
import type { DueRow } from "./claim-row.js";
import { readDueChains } from "./due-chains.js";
import { fanOutChat, markWaitingRows } from "./fan-out.js";
import { retryDelayMs } from "./give-up.js";
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
   * so this many tickets are worked in parallel. Due jobs run beside them, in as many parts.
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
  /** The loop's pass under way (until it knows how long to sleep): one at a time, even across stop() and start(). */
  #running: Promise<void> | null = null;
  #stopped = true;
  /** Set by stop(): deliveries in flight finish, no new row is claimed. */
  #draining = false;
  /**
   * Counts stop() calls. A pass claims only while the generation it began in is current, so a pass
   * that stop() interrupted stays drained even when start() comes before it ends.
   */
  #generation = 0;
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
    // A pass that stop() interrupted may still be finishing: the loop goes on from its end, so that
    // one loop runs and never two passes at once.
    if (!this.#running) this.#tick();
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
    const generation = this.#generation;
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
        if (this.#stopped) return;
        // Stopped and started again while this pass drained: the new run's first pass is due now.
        const restarted = generation !== this.#generation;
        this.#timer = setTimeout(() => this.#tick(), this.#again || restarted ? 0 : sleep);
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
    this.#generation++;
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
   * One pass: runs the due jobs and, beside them, fans out chat rows and delivers what is due (at
   * most `rowsPerChain` rows of each ticket and target). Returns how many rows and jobs it did.
   */
  async runOnce(pass: { rowsPerChain?: number } = {}): Promise<number> {
    const generation = this.#generation;
    // Side by side, so that a timer that is due does not wait for a slow send (or a slow timer for
    // deliveries). Both are settled before the pass ends, since stop() waits for the pass.
    const [delivered, ran] = await Promise.allSettled([
      this.#deliverDue(pass.rowsPerChain ?? Infinity, generation),
      this.#runJobs(generation),
    ]);
    if (delivered.status === "rejected") throw delivered.reason;
    if (ran.status === "rejected") throw ran.reason;
    return delivered.value + ran.value;
  }

  /** A pass claims nothing more once stop() was called after it began. */
  #drained(generation: number): boolean {
    return this.#draining || generation !== this.#generation;
  }

  /** Fans out chat rows, then delivers the due rows, `concurrency` tickets at once. Returns how many were delivered. */
  async #deliverDue(rowsPerChain: number, generation: number): Promise<number> {
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
        const n = await this.#work(chains[next++]!.slice(0, rowsPerChain), generation);
        delivered += n;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#o.concurrency, chains.length) }, worker));
    return delivered;
  }

  /** Claims due jobs a batch at a time and runs them, `concurrency` at once. Returns how many ran. */
  async #runJobs(generation: number): Promise<number> {
    const handlers = this.#o.jobs;
    if (!handlers) return 0;
    let ran = 0;
    // A few batches per pass: a backlog of jobs does not hold up the next pass, which reads the rows
    // that came due meanwhile, for long.
    for (let n = 0; n < 10 && !this.#drained(generation); n++) {
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
  async #work(chain: DueRow[], generation: number): Promise<number> {
    let delivered = 0;
    for (const due of chain) {
      if (this.#drained(generation)) break;
      const attempt = attemptRow(due, this.#o);
      this.#inFlight.add(attempt);
      let outcome: Outcome | null;
      try {
        outcome = await attempt;
      } catch (e) {
        // A database error on one row must not end the pass while other workers still deliver:
        // the pass would return early, the next one would claim past `concurrency`, and stop()
        // would not wait for them. The row's claim runs out with its lease and it is retried then;
        // the ticket's later rows wait behind it.
        rowLog(this.#o.log, due).error("outbox: delivering a row failed", { err: String(e) });
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
}
