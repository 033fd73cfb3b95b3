import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { sql } from "kysely";
import type { Db } from "../core/db.js";
import type { Logger } from "../core/log.js";
import type { QuietGate } from "../core/quiet-gate.js";

export interface AppEnv {
  Variables: { requestId: string; log: Logger };
}

export interface ServerState {
  /** Set when SIGTERM arrives: /readyz turns 503 so load balancers stop sending work. */
  draining: boolean;
  /** Requests being served now; shutdown waits for them. */
  inFlight: number;
}

/** The one HTTP app: health, readiness, and the routes adapters mount on it. */
export function createApp(opts: { db: Db; log: Logger; state: ServerState; gate?: QuietGate }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", async (c, next) => {
    // Work that can wait (after a Slack ack, outbox deliveries) waits for a pause in these.
    const answered = opts.gate?.enter();
    const requestId = c.req.header("x-request-id") ?? randomUUID();
    const log = opts.log.child({ requestId });
    c.set("requestId", requestId);
    c.set("log", log);
    opts.state.inFlight++;
    const started = performance.now();
    try {
      await next();
    } finally {
      answered?.();
      opts.state.inFlight--;
      c.header("x-request-id", requestId);
      log.debug("request", { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) });
    }
  });
  app.onError((err, c) => {
    // Driver and library messages can quote the values they failed on (a customer's address, a
    // subject): the default level gets the error's kind, the message only at debug.
    const code = (err as { code?: unknown }).code;
    c.get("log").error("unhandled error", { err: err.name, ...(typeof code === "string" ? { code } : {}) });
    c.get("log").debug("unhandled error detail", { err: err.message });
    return c.json({ error: { code: "internal", message: "Internal error" } }, 500);
  });
  app.get("/healthz", (c) => c.json({ ok: true }));
  app.get("/readyz", async (c) => {
    if (opts.state.draining) return c.json({ ok: false, reason: "shutting down" }, 503);
    try {
      await withTimeout(sql`SELECT 1`.execute(opts.db), 2000);
      return c.json({ ok: true });
    } catch (e) {
      c.get("log").warn("readiness check failed", { err: (e as Error).message });
      return c.json({ ok: false, reason: "database unreachable" }, 503);
    }
  });
  return app;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
