/**
 * Lets background work wait for a pause in incoming requests. On SQLite a write holds the event
 * loop (and its COMMIT waits for the disk), so work started while a burst of requests arrives
 * delays every answer in the burst. Work that can wait a few milliseconds (what a Slack listener
 * does after its ack, outbox deliveries) waits until no request has arrived for `quietMs`, and at
 * most `maxDeferMs` after it asked. One timer serves every waiter.
 */
export class QuietGate {
  readonly #quietMs: number;
  readonly #maxDeferMs: number;
  readonly #now: () => number;
  /** When the last request arrived. */
  #lastArrival = -Infinity;
  #waiters: { resolve: () => void; deadline: number }[] = [];
  #timer: NodeJS.Timeout | null = null;

  constructor(opts: { quietMs?: number; maxDeferMs?: number; now?: () => number } = {}) {
    this.#quietMs = opts.quietMs ?? 2;
    this.#maxDeferMs = opts.maxDeferMs ?? Math.max(50, 25 * this.#quietMs);
    this.#now = opts.now ?? (() => performance.now());
  }

  /** A request has arrived. */
  arrived(): void {
    this.#lastArrival = this.#now();
  }

  /** Resolves once no request has arrived for `quietMs` (at once if none has), or `maxDeferMs` from now. */
  quiet(): Promise<void> {
    const now = this.#now();
    if (now >= this.#lastArrival + this.#quietMs && !this.#waiters.length) return Promise.resolve();
    return new Promise((resolve) => {
      this.#waiters.push({ resolve, deadline: now + this.#maxDeferMs });
      this.#arm();
    });
  }

  /** Lets every waiter go, and later ones at once (at shutdown: no request is coming any more). */
  open(): void {
    this.#lastArrival = -Infinity;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    for (const w of this.#waiters.splice(0)) w.resolve();
  }

  #arm(): void {
    if (this.#timer || !this.#waiters.length) return;
    const due = Math.min(this.#lastArrival + this.#quietMs, this.#waiters[0]!.deadline);
    this.#timer = setTimeout(
      () => {
        this.#timer = null;
        const at = this.#now();
        if (at >= this.#lastArrival + this.#quietMs) {
          for (const w of this.#waiters.splice(0)) w.resolve();
        } else {
          const ready = this.#waiters.filter((w) => at >= w.deadline);
          this.#waiters = this.#waiters.filter((w) => at < w.deadline);
          for (const w of ready) w.resolve();
        }
        this.#arm();
      },
      Math.max(0, Math.ceil(due - this.#now())),
    );
  }
}
