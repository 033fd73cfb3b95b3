// The stand-ins bench/sla-propagation.ts measures against: the chat API stub in a child process
// (bench/chat-api-stub.ts) that notes when each card edit arrives, signed Slack clicks, a wait for
// the outbox to drain, and a logger that shows only what went wrong.
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { OpenDatabase } from "../bot/db/connect.js";
import type { Logger } from "../core/log.js";

export const secret = "bench-propagation-signing-secret";
export const team = "T0BENCH";
export const triage = "C0BENCH";
/** How long a change may take to reach the Discord card before it is counted as lost. */
export const giveUpMs = 15_000;

export interface Stub {
  url: string;
  /** Resolves with the arrival (ns) of the first edit of the thread's card at or after `after`. */
  cardEdit(thread: string, after: bigint): Promise<bigint | null>;
  stop(): Promise<void>;
}

/** Warnings and errors on stderr (a delivery that fails would otherwise go unseen); the rest dropped. */
export function stderrLogger(prefix: string): Logger {
  const line = (level: string, msg: string, fields?: Record<string, unknown>) =>
    console.error(`${prefix} ${level}: ${msg}${fields ? ` ${JSON.stringify(fields)}` : ""}`);
  const log: Logger = {
    debug() {},
    info() {},
    warn: (msg, fields) => line("warn", msg, fields),
    error: (msg, fields) => line("error", msg, fields),
    child: () => log,
  };
  return log;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

export async function startStub(apiDelayMs: number): Promise<Stub> {
  const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "chat-api-stub.ts")], {
    env: { ...process.env, BENCH_API_DELAY_MS: String(apiDelayMs) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.once("line", (l) => resolve(l.trim()));
    void exited.then(() => reject(new Error("the API stub exited before it was ready")));
  });
  const waiting = new Map<string, { after: bigint; resolve: (ns: bigint | null) => void }>();
  lines.on("line", (l) => {
    const [kind, thread, ns] = l.split(" ");
    if (kind !== "card" || !thread || !ns) return;
    const w = waiting.get(thread);
    if (w && BigInt(ns) >= w.after) {
      waiting.delete(thread);
      w.resolve(BigInt(ns));
    }
  });
  return {
    url,
    cardEdit(thread, after) {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(thread);
          resolve(null);
        }, giveUpMs);
        waiting.set(thread, {
          after,
          resolve: (ns) => {
            clearTimeout(timer);
            resolve(ns);
          },
        });
      });
    },
    async stop() {
      lines.close();
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** A card button click as Slack posts it to the interactivity URL, signed now. */
export function signedClick(o: { user: string; ticketId: number; action: string; messageTs: string; hook: string; n: number }) {
  const payload = {
    type: "block_actions",
    user: { id: o.user, username: o.user.toLowerCase(), name: o.user.toLowerCase(), team_id: team },
    api_app_id: "A0BENCH",
    token: "legacy",
    trigger_id: `${1_000_000 + o.n}.1.bench`,
    team: { id: team, domain: "bench" },
    container: { type: "message", channel_id: triage, message_ts: o.messageTs, is_ephemeral: false },
    channel: { id: triage, name: "triage" },
    message: { type: "message", ts: o.messageTs, text: "card" },
    state: { values: {} },
    response_url: o.hook,
    actions: [
      {
        type: "button",
        action_id: o.action,
        block_id: `card.actions.${o.ticketId}`,
        value: String(o.ticketId),
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const ts = Math.floor(Date.now() / 1000);
  return {
    body,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(Buffer.byteLength(body)),
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": `v0=${createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex")}`,
    },
  };
}

/** Waits until no outbox row for a chat surface is pending (the cards are posted and nothing is left over). */
export async function outboxSettled(db: OpenDatabase["db"], deadline: number): Promise<void> {
  for (;;) {
    const { n } = await db
      .selectFrom("Outbox")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("status", "=", "pending")
      .where("target", "in", ["chat", "slack", "discord"])
      .executeTakeFirstOrThrow();
    if (Number(n) === 0) return;
    if (Date.now() > deadline) throw new Error(`${n} outbox rows still pending after setup`);
    await sleep(100);
  }
}
