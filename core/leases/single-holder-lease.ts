// One holder among the replicas for a connection only one of them may keep open (Slack's Socket
// Mode socket, Discord's gateway session), decided through a row of the Lease table.
import type { CoreDeps } from "../deps.js";
import type { Logger } from "../log.js";
import { releaseLease, takeLease } from "./take-lease.js";

export interface SingleHolderLeaseOptions {
  /** The lease row's name, e.g. `slack:socket`. */
  name: string;
  /** What the lease guards, for log lines ("slack socket"). */
  label: string;
  deps: CoreDeps;
  log: Logger;
  /** This process, as the lease's holder. */
  workerId: string;
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /** The lease lasts this long unless renewed (a crashed holder is replaced after it). */
  ttlMs?: number | undefined;
  /** How often the holder renews and a standby tries to take over. */
  renewMs?: number | undefined;
}

/**
 * One holder among the replicas, decided in the database (the Lease table): the holder
 * renews its lease every `renewMs`; the others try as often and take over once it has expired
 * (`ttlMs` after the holder last renewed, so a crashed holder is replaced within about that).
 * Slack would accept up to ten sockets and give each envelope to one of them, so two holders for
 * a moment during a hand-over handle nothing twice; the lease keeps the normal state to one.
 */
export class SingleHolderLease {
  readonly #o: Required<Omit<SingleHolderLeaseOptions, "ttlMs" | "renewMs">> & { ttlMs: number; renewMs: number };
  #held = false;
  #timer: NodeJS.Timeout | null = null;
  #busy: Promise<unknown> = Promise.resolve();
  /** When the lease was last taken or renewed (the injected clock), while held. */
  #renewedAt = 0;

  constructor(opts: SingleHolderLeaseOptions) {
    this.#o = { ...opts, ttlMs: opts.ttlMs ?? 30_000, renewMs: opts.renewMs ?? 10_000 };
  }

  get held(): boolean {
    return this.#held;
  }

  /** Tries once now, then keeps trying or renewing every renewMs. */
  async start(): Promise<void> {
    await this.tick();
    this.#timer = setInterval(() => void this.tick(), this.#o.renewMs);
    this.#timer.unref();
  }

  /** Takes or renews the lease, connecting or disconnecting to match. True while held. */
  tick(): Promise<boolean> {
    const run = this.#busy.then(() => this.#tick());
    this.#busy = run.catch(() => undefined);
    return run;
  }

  async #tick(): Promise<boolean> {
    let mine: boolean;
    try {
      mine = await this.#acquire();
    } catch (e) {
      // The database is away: keep what we have until the lease would have run out anyway, then
      // let go, since by then another replica may have taken it.
      this.#o.log.warn(`${this.#o.label} lease check failed`, { err: e instanceof Error ? e.message : String(e) });
      if (this.#held && this.#o.deps.now().getTime() - this.#renewedAt >= this.#o.ttlMs) {
        this.#held = false;
        this.#o.log.warn(`${this.#o.label} lease ran out while the database was away; disconnecting`, { holder: this.#o.workerId });
        await this.#o.disconnect();
      }
      return this.#held;
    }
    if (mine) this.#renewedAt = this.#o.deps.now().getTime();
    if (mine && !this.#held) {
      this.#held = true;
      this.#o.log.info(`${this.#o.label} lease taken; connecting`, { holder: this.#o.workerId });
      try {
        await this.#o.connect();
      } catch (e) {
        this.#o.log.error(`${this.#o.label} did not open; letting the lease go`, { err: e instanceof Error ? e.message : String(e) });
        this.#held = false;
        await this.#release();
        return false;
      }
      // Nothing renewed the lease while connecting: one that took longer than the lease lasts may
      // have been taken over meanwhile, and then this connection must not stay open beside it.
      if (!(await this.#acquire().catch(() => true))) {
        this.#held = false;
        this.#o.log.warn(`${this.#o.label} lease taken over while connecting; disconnecting`, { holder: this.#o.workerId });
        await this.#o.disconnect();
        return false;
      }
      this.#renewedAt = this.#o.deps.now().getTime();
    } else if (!mine && this.#held) {
      this.#held = false;
      this.#o.log.warn(`${this.#o.label} lease lost; disconnecting`, { holder: this.#o.workerId });
      await this.#o.disconnect();
    }
    return this.#held;
  }

  #acquire(): Promise<boolean> {
    return takeLease(this.#o.deps.db, this.#o.name, this.#o.workerId, this.#o.ttlMs, this.#o.deps.now());
  }

  async #release(): Promise<void> {
    await releaseLease(this.#o.deps.db, this.#o.name, this.#o.workerId).catch(() => undefined);
  }

  /**
   * The connection ended on its own (a session the platform invalidated): lets the lease go, so
   * the next tick takes it again, here or on another replica, and connects afresh.
   */
  lost(): Promise<void> {
    const run = this.#busy.then(async () => {
      if (!this.#held) return;
      this.#held = false;
      this.#o.log.warn(`${this.#o.label} connection lost; letting the lease go`, { holder: this.#o.workerId });
      await this.#o.disconnect();
      await this.#release();
    });
    this.#busy = run.catch(() => undefined);
    return run;
  }

  /** Stops trying, closes the socket if held, and hands the lease on at once. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#busy;
    if (this.#held) {
      this.#held = false;
      await this.#o.disconnect();
    }
    await this.#release();
  }
}
