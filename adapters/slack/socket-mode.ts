// Socket Mode, for teams without a public URL: Slack sends events, interactions and commands over
// a WebSocket this process opens (with an app-level `xapp-` token), instead of POSTing to
// /slack/events. Bolt's SocketModeReceiver holds the socket; this wrapper adds what the HTTP
// receiver has (waiting for listeners still working after their ack) and a database lease so only
// one replica holds the socket at a time.
// @see https://api.slack.com/apis/connections/socket
// @see https://tools.slack.dev/bolt-js/concepts/socket-mode
import { SocketModeReceiver, type App, type Logger as BoltLogger, type Receiver, type ReceiverEvent } from "@slack/bolt";
import type { CoreDeps } from "../../core/deps.js";
import { prismaCode } from "../../core/deps.js";
import type { Logger } from "../../core/log.js";

/** Why an app token cannot open a socket, or null when it looks right. */
export function appTokenProblem(token: string | undefined): string | null {
  if (!token) return "Slack Socket Mode needs SLACK_APP_TOKEN, an app-level token (xapp-…).";
  if (!token.startsWith("xapp-")) {
    const kind = token.startsWith("xoxb-") ? "a bot token (xoxb-…)" : token.startsWith("xoxp-") ? "a user token (xoxp-…)" : "not an app-level token";
    return `SLACK_APP_TOKEN is ${kind}; Socket Mode needs an app-level token (xapp-…) with the connections:write scope, made under the app's Basic Information → App-Level Tokens.`;
  }
  return null;
}

/**
 * Bolt's SocketModeReceiver, with the listeners' after-ack work tracked so stop() can wait for it.
 * Constructing it opens nothing; start() connects.
 */
export class SlackSocketReceiver implements Receiver {
  readonly socket: SocketModeReceiver;
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(opts: { appToken: string; logger: BoltLogger }) {
    const problem = appTokenProblem(opts.appToken);
    if (problem) throw new Error(problem);
    this.socket = new SocketModeReceiver({ appToken: opts.appToken, logger: opts.logger });
  }

  init(app: App): void {
    // The socket receiver only ever calls processEvent on the app it is given.
    const tracked = {
      processEvent: (event: ReceiverEvent) => {
        const work = app.processEvent(event);
        this.#inFlight.add(work);
        void work.then(
          () => this.#inFlight.delete(work),
          () => this.#inFlight.delete(work),
        );
        return work;
      },
    };
    this.socket.init(tracked as unknown as App);
  }

  /** Opens the socket (apps.connections.open, then the WebSocket). */
  async start(): Promise<void> {
    await this.socket.start();
  }

  /** Closes the socket, then waits for listeners still working after their ack. */
  async stop(): Promise<void> {
    await this.socket.stop();
    await this.idle();
  }

  async idle(): Promise<void> {
    while (this.#inFlight.size) await Promise.allSettled([...this.#inFlight]);
  }
}

export interface SocketLeaseOptions {
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

export const socketLeaseName = "slack:socket";

/**
 * One socket holder among the replicas, decided in the database (the Lease table): the holder
 * renews its lease every `renewMs`; the others try as often and take over once it has expired
 * (`ttlMs` after the holder last renewed, so a crashed holder is replaced within about that).
 * Slack would accept up to ten sockets and give each envelope to one of them, so two holders for
 * a moment during a hand-over handle nothing twice; the lease keeps the normal state to one.
 */
export class SocketLease {
  readonly #o: Required<Omit<SocketLeaseOptions, "ttlMs" | "renewMs">> & { ttlMs: number; renewMs: number };
  #held = false;
  #timer: NodeJS.Timeout | null = null;
  #busy: Promise<unknown> = Promise.resolve();

  constructor(opts: SocketLeaseOptions) {
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
      // The database is away: keep what we have until the lease would have run out anyway.
      this.#o.log.warn("slack socket lease check failed", { err: e instanceof Error ? e.message : String(e) });
      return this.#held;
    }
    if (mine && !this.#held) {
      this.#held = true;
      this.#o.log.info("slack socket lease taken; connecting", { holder: this.#o.workerId });
      try {
        await this.#o.connect();
      } catch (e) {
        this.#o.log.error("slack socket did not open; letting the lease go", { err: e instanceof Error ? e.message : String(e) });
        this.#held = false;
        await this.#release();
      }
    } else if (!mine && this.#held) {
      this.#held = false;
      this.#o.log.warn("slack socket lease lost; disconnecting", { holder: this.#o.workerId });
      await this.#o.disconnect();
    }
    return this.#held;
  }

  async #acquire(): Promise<boolean> {
    const { db, now } = this.#o.deps;
    const at = now();
    const expiresAt = new Date(at.getTime() + this.#o.ttlMs);
    // Renew our own lease, or take one that has run out: one conditional UPDATE, so two replicas
    // racing for an expired lease cannot both win.
    const taken = await db.lease.updateMany({
      where: { name: socketLeaseName, OR: [{ holder: this.#o.workerId }, { expiresAt: { lt: at } }] },
      data: { holder: this.#o.workerId, expiresAt },
    });
    if (taken.count === 1) return true;
    try {
      await db.lease.create({ data: { name: socketLeaseName, holder: this.#o.workerId, expiresAt } });
      return true;
    } catch (e) {
      if (prismaCode(e) === "P2002") return false;
      throw e;
    }
  }

  async #release(): Promise<void> {
    await this.#o.deps.db.lease.deleteMany({ where: { name: socketLeaseName, holder: this.#o.workerId } }).catch(() => undefined);
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
