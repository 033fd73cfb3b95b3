// A Bolt receiver that the project's one hono app calls: it verifies Slack's signature, hands the
// payload to Bolt, and answers the HTTP request as soon as a listener acks, while the listener
// goes on working. Bolt's own HTTPReceiver would open a second HTTP server.
import { createHash, createHmac } from "node:crypto";
import type { App, Receiver, ReceiverEvent } from "@slack/bolt";
import { constantTimeEqual, QuietGate, type Logger } from "../../core/index.js";

export interface HonoReceiverOptions {
  signingSecret: string;
  /** The clock signatures are checked against (injected so tests can sign with a fixed time). */
  nowMs: () => number;
  log: Logger;
  /**
   * Records `key` for `ttlMs` and answers whether this was its first sighting (in the database, so
   * every replica agrees). A signed request seen before is acknowledged and not handled.
   */
  firstSighting(key: string, ttlMs: number): Promise<boolean>;
  /** Slack wants an answer within 3 s; a listener that has not acked by then is answered for. */
  ackTimeoutMs?: number;
  /**
   * Work after an ack waits for a pause in incoming requests (see handle): the service's one gate,
   * which outbox deliveries wait on too. Without one the receiver keeps its own, with `quietMs`.
   */
  gate?: QuietGate | undefined;
  /** Without a gate: the pause, in ms, that work after an ack waits for (default 2). */
  quietMs?: number;
  /**
   * The answer to a request that needs no listener to answer it, or null: the request is then
   * answered at once, and its listener's ack does nothing.
   */
  answerEarly?(body: Record<string, unknown>): { answer: unknown } | null;
}

/** Why a request was refused before Bolt saw it. */
export type RefusedRequest = { ok: false; status: 401 | 400; error: string };

const replayWindowSec = 5 * 60;

/**
 * Payload types whose HTTP answer Slack reads only as "received": button clicks and menu choices,
 * modals closed without submitting, and Events API deliveries.
 * @see https://api.slack.com/interactivity/handling#acknowledgment_response
 */
const answeredOnArrival = new Set(["block_actions", "view_closed", "event_callback"]);

/**
 * Thrown by the ack of a signed request seen before, so its listener stops right after the ack,
 * before any database or Web API work. It carries a code, so Bolt hands it to the app's error
 * handler as it is (which lets it pass quietly: the receiver has logged the replay).
 */
export class ReplayedRequest extends Error {
  readonly code = "slack_replayed_request";
  constructor() {
    super("signed Slack request seen before; acknowledged, not handled");
  }
}

/**
 * Checks the `v0` HMAC signature and that the timestamp is within five minutes of now, either way.
 * (Bolt's own check compares the signatures with two further HMACs keyed by fresh random bytes,
 * a third of the cost of answering a click; hashing both sides and comparing in constant time is
 * as safe.)
 * @see https://api.slack.com/authentication/verifying-requests-from-slack
 */
export function verifyRequest(secret: string, raw: string, headers: Headers, nowMs: number): { ok: true } | RefusedRequest {
  const signature = headers.get("x-slack-signature");
  const ts = Number(headers.get("x-slack-request-timestamp"));
  if (!signature || !Number.isInteger(ts)) return { ok: false, status: 401, error: "missing signature" };
  if (Math.abs(Math.floor(nowMs / 1000) - ts) > replayWindowSec) return { ok: false, status: 401, error: "stale timestamp" };
  const expected = `v0=${createHmac("sha256", secret).update(`v0:${ts}:${raw}`).digest("hex")}`;
  return constantTimeEqual(signature, expected) ? { ok: true } : { ok: false, status: 401, error: "bad signature" };
}

/**
 * Slash commands and interactivity arrive form-encoded (interactions as a JSON `payload` field);
 * the Events API sends JSON.
 * @see https://api.slack.com/interactivity/handling#payloads
 */
export function parseBody(raw: string, contentType: string | null): Record<string, unknown> | null {
  try {
    if (contentType?.includes("application/json")) return JSON.parse(raw) as Record<string, unknown>;
    const form = new URLSearchParams(raw);
    const payload = form.get("payload");
    if (payload !== null) return JSON.parse(payload) as Record<string, unknown>;
    return Object.fromEntries(form);
  } catch {
    return null;
  }
}

function toResponse(body: unknown): Response {
  if (body === undefined || body === null || body === "") return new Response(null, { status: 200 });
  if (typeof body === "string") return new Response(body, { status: 200, headers: { "content-type": "text/plain; charset=utf-8" } });
  return Response.json(body);
}

/** @see https://tools.slack.dev/bolt-js/concepts/receiver */
export class HonoReceiver implements Receiver {
  #app: App | undefined;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #opts: HonoReceiverOptions;
  readonly #gate: QuietGate;

  constructor(opts: HonoReceiverOptions) {
    this.#opts = opts;
    this.#gate = opts.gate ?? new QuietGate({ quietMs: opts.quietMs });
  }

  init(app: App): void {
    this.#app = app;
  }

  async start(): Promise<void> {}

  /** Waits for the work still running after its ack. */
  async stop(): Promise<void> {
    await this.idle();
  }

  async idle(): Promise<void> {
    while (this.#inFlight.size) await Promise.allSettled([...this.#inFlight]);
  }

  /**
   * Remembers a verified interaction, command or shortcut by its signed timestamp and body until
   * that timestamp leaves the window. Events API deliveries are not checked here: they carry an
   * `event_id` that the listener claims (claimEvent), which also lets Slack's retry of a failed
   * one through.
   */
  async #replayed(raw: string, headers: Headers, body: { type?: unknown }): Promise<boolean> {
    if (body.type === "event_callback") return false;
    const ts = Number(headers.get("x-slack-request-timestamp"));
    const key = `slack:request:${ts}:${createHash("sha256").update(raw).digest("hex")}`;
    return !(await this.#opts.firstSighting(key, (ts + replayWindowSec + 1) * 1000 - this.#opts.nowMs()));
  }

  /**
   * Handles `POST /slack/events`: one Slack request in, one HTTP answer out. Work after the ack
   * waits (the gate) until this answer and the others being made are out.
   */
  async handle(request: Request): Promise<Response> {
    const answeredNow = this.#gate.enter();
    try {
      return await this.#answer(request);
    } finally {
      answeredNow();
    }
  }

  async #answer(request: Request): Promise<Response> {
    const raw = await request.text();
    const verdict = verifyRequest(this.#opts.signingSecret, raw, request.headers, this.#opts.nowMs());
    if (!verdict.ok) {
      this.#opts.log.warn("slack request refused", { reason: verdict.error });
      return Response.json({ error: verdict.error }, { status: verdict.status });
    }
    const body = parseBody(raw, request.headers.get("content-type"));
    if (!body) return Response.json({ error: "unreadable body" }, { status: 400 });
    if (body.type === "url_verification") return Response.json({ challenge: body.challenge });
    if (body.ssl_check) return new Response(null, { status: 200 });
    const app = this.#app;
    if (!app) throw new Error("HonoReceiver used before Bolt initialised it");

    let answer!: (r: Response) => void;
    const answered = new Promise<Response>((resolve) => (answer = resolve));
    let acked = false;
    // The replay check is a database write, so it does not hold the ack back: it starts with the
    // rest of the work after the ack (every listener acks before any database or Web API work,
    // and on SQLite a write holds the loop, which would delay this answer and other requests'
    // parsing), and the listener goes on past the ack only for a first sighting. A captured
    // interaction sent again while its timestamp is fresh (Slack never resends one) is answered
    // like any other, so the sender learns nothing, and not acted on.
    // Work after an ack waits for a pause in requests: Slack wants every ack within 3 s, and a burst
    // of clicks (a team working a queue) is then answered before any of its database work runs,
    // instead of each ack waiting for the work of the clicks parsed before it.
    const quiet = this.#gate.quiet();
    const replayed = quiet.then(() => this.#replayed(raw, request.headers, body));
    replayed.catch(() => undefined); // observed by the ack, or below when nothing acks
    const kind = typeof body.type === "string" ? body.type : "command";
    const retryNum = Number(request.headers.get("x-slack-retry-num") ?? "");
    const event: ReceiverEvent = {
      body,
      ...(Number.isInteger(retryNum) && request.headers.has("x-slack-retry-num") ? { retryNum } : {}),
      ...(request.headers.get("x-slack-retry-reason") ? { retryReason: request.headers.get("x-slack-retry-reason")! } : {}),
      customProperties: {},
      ack: async (response?: unknown) => {
        if (!acked) {
          acked = true;
          answer(toResponse(response));
          // Let the answer reach the socket, and the requests arriving with this one be answered,
          // before the listener goes on: database work on SQLite runs mostly synchronously and
          // would hold them back.
          await quiet;
        }
        if (await replayed) {
          this.#opts.log.warn("slack request replayed; acknowledged, not handled", { type: kind });
          throw new ReplayedRequest();
        }
      },
    };
    // Slack ignores the body of an answer to these: nothing a listener could ack with changes it.
    // So they are answered now, and Bolt sees them with the rest of the work after the ack. So are
    // requests the adapter can answer without a listener (a modal submission's field checks).
    const early = answeredOnArrival.has(kind) ? { answer: undefined } : this.#opts.answerEarly?.(body);
    const answerNow = early !== undefined && early !== null;
    if (answerNow) {
      acked = true;
      answer(toResponse(early.answer));
    }
    const timer = setTimeout(() => {
      if (acked) return;
      this.#opts.log.warn("slack request not acknowledged in time; answered empty");
      acked = true;
      answer(toResponse(undefined));
    }, this.#opts.ackTimeoutMs ?? 2_500);
    const work: Promise<void> = (answerNow ? quiet.then(() => app.processEvent(event)) : app.processEvent(event))
      .then(() => replayed)
      .then(() => undefined)
      .catch((e: unknown) => {
        if (e instanceof ReplayedRequest) return;
        this.#opts.log.error("slack listener failed", { err: e instanceof Error ? e.message : String(e) });
      })
      .finally(() => {
        clearTimeout(timer);
        this.#inFlight.delete(work);
        // Nothing listened (or a listener forgot): Slack still gets its 200.
        if (!acked) {
          acked = true;
          answer(toResponse(undefined));
        }
      });
    this.#inFlight.add(work);
    return answered;
  }
}
