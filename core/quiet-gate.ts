/**
 * Lets background work wait for a pause in incoming requests. On SQLite a write holds the event
 * loop (and its COMMIT waits for the disk), so work started while a burst of requests arrives
 * delays every answer in the burst. Work that can wait a few milliseconds (what a Slack listener
 * does after its ack, outbox deliveries) waits until no request is being answered and none has
 * arrived or been answered for `quietMs`, and at most `maxDeferMs` after it asked. One timer
 * serves every waiter.
 */
export class QuietGate {
  readonly #quietMs: number;
  readonly #maxDeferMs: number;
  readonly #now: () => number;
  /** When a request last arrived or was answered. */
  #lastActivity = -Infinity;
  /** Requests arrived (`enter`) and not answered yet. */
  #inFlight = 0;
  #waiters: { resolve: () => void; deadline: number }[] = [];
  #timer: NodeJS.Timeout | null = null;

  constructor(opts: { quietMs?: number; maxDeferMs?: number; now?: () => number } = {}) {
    this.#quietMs = opts.quietMs ?? 2;
    this.#maxDeferMs = opts.maxDeferMs ?? Math.max(50, 25 * this.#quietMs);
    this.#now = opts.now ?? (() => performance.now());
  }

  /**
   * A request has arrived and is being answered: work waits until it is (the function returned),
   * since a burst's requests arrive within a few milliseconds while their answers take longer,
   * and work started after the last arrival held back the answers still being made.
   */
  enter(): () => void {
    this.#lastActivity = this.#now();
    this.#inFlight++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.#inFlight--;
      this.#lastActivity = this.#now();
      if (this.#inFlight === 0) this.#rearm();
    };
  }

  /** Resolves once nothing is in flight and nothing happened for `quietMs` (at once if so now), or `maxDeferMs` from now. */
  quiet(): Promise<void> {
    const now = this.#now();
    if (this.#isQuiet(now) && !this.#waiters.length) return Promise.resolve();
    return new Promise((resolve) => {
      this.#waiters.push({ resolve, deadline: now + this.#maxDeferMs });
      this.#arm();
    });
  }

  /** Lets every waiter go, and later ones at once (at shutdown: no request is coming any more). */
  open(): void {
    this.#lastActivity = -Infinity;
    this.#inFlight = 0;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    for (const w of this.#waiters.splice(0)) w.resolve();
  }

  #isQuiet(at: number): boolean {
    return this.#inFlight === 0 && at >= this.#lastActivity + this.#quietMs;
  }

  /** The last answer went out: the waiters' time may now come before the timer armed for their deadline. */
  #rearm(): void {
    if (!this.#timer || !this.#waiters.length) return;
    clearTimeout(this.#timer);
    this.#timer = null;
    this.#arm();
  }

  #arm(): void {
    if (this.#timer || !this.#waiters.length) return;
    const deadline = this.#waiters[0]!.deadline;
    const due = this.#inFlight > 0 ? deadline : Math.min(this.#lastActivity + this.#quietMs, deadline);
    this.#timer = setTimeout(
      () => {
        this.#timer = null;
        const at = this.#now();
        if (this.#isQuiet(at)) {
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
