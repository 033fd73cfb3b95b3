// Socket Mode, for teams without a public URL: Slack sends events, interactions and commands over
// a WebSocket this process opens (with an app-level `xapp-` token), instead of POSTing to
// /slack/events. Bolt's SocketModeReceiver holds the socket; this wrapper adds what the HTTP
// receiver has (waiting for listeners still working after their ack) and a database lease so only
// one replica holds the socket at a time.
// @see https://api.slack.com/apis/connections/socket
// @see https://tools.slack.dev/bolt-js/concepts/socket-mode
import { SocketModeReceiver, type App, type Logger as BoltLogger, type Receiver, type ReceiverEvent } from "@slack/bolt";
import { SingleHolderLease, type SingleHolderLeaseOptions } from "../../core/index.js";

/** Why an app token cannot open a socket, or null when it looks right. */
export function appTokenProblem(token: string | undefined): string | null {
  if (!token) return "Slack Socket Mode needs SLACK_APP_TOKEN, an app-level token (xapp-…).";
  if (!token.startsWith("xapp-")) {
    const kind = token.startsWith("xoxb-")
      ? "a bot token (xoxb-…)"
      : token.startsWith("xoxp-")
        ? "a user token (xoxp-…)"
        : "not an app-level token";
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

export const socketLeaseName = "slack:socket";

export type SocketLeaseOptions = Omit<SingleHolderLeaseOptions, "name" | "label">;

/**
 * The Socket Mode socket on one replica. Slack would accept up to ten sockets and give each
 * envelope to one of them, so two holders for a moment during a hand-over handle nothing twice;
 * the lease keeps the normal state to one.
 */
export class SocketLease extends SingleHolderLease {
  constructor(opts: SocketLeaseOptions) {
    super({ ...opts, name: socketLeaseName, label: "slack socket" });
  }
}
