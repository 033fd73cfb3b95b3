// The service half of `npm run bench:slack`, in its own process so that the load generator does
// not share its event loop: hono on node with the Slack adapter over a fresh SQLite file, tickets
// made in advance. Prints one JSON line {"port", "tickets"} when ready; stops on SIGTERM.
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import type { AddressInfo } from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createSlackAdapter } from "../adapters/slack/index.js";
import { openDatabase, parseDatabaseUrl } from "../bot/db/connect.js";
import { syncDirectory } from "../core/agents/sync-directory.js";
import { buildCatalog, HelpdeskConfig } from "../core/config.js";
import type { CoreDeps } from "../core/deps.js";
import { silentLogger } from "../core/log.js";
import { createTicket } from "../core/tickets/create-ticket.js";
import { OutboxDispatcher } from "../core/outbox/dispatcher.js";
import { QuietGate } from "../core/quiet-gate.js";

const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const agents = Number(env("BENCH_AGENTS"));
const tickets = Number(env("BENCH_TICKETS"));

const database = await openDatabase(parseDatabaseUrl(env("DATABASE_URL")));
const config = HelpdeskConfig.parse({
  agents: Array.from({ length: agents }, (_, i) => ({
    id: `agent${i}`,
    name: `Agent ${i}`,
    slackUserId: `U${String(i).padStart(6, "0")}`,
  })),
});
const deps: CoreDeps = { db: database.db, catalog: buildCatalog(config), now: () => new Date() };
await syncDirectory(deps, config);
const ids: number[] = [];
for (let i = 0; i < tickets; i++) ids.push((await createTicket(deps, { subject: `bench ${i}` }, { type: "agent", agentId: "agent0" })).id);

// As in the service: one gate for the listeners' work after their acks and the outbox deliveries.
const gate = new QuietGate();
const adapter = createSlackAdapter({
  deps,
  log: silentLogger,
  gate,
  settings: {
    botToken: "xoxb-bench",
    signingSecret: env("BENCH_SECRET"),
    botId: "B0",
    botUserId: "U0",
    apiUrl: env("BENCH_API_URL"),
    triageChannels: [{ channel: "C0BENCH" }],
  },
});
const app = new Hono();
// How long the event loop was held at a time: a request that arrives meanwhile waits that long.
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
// Server-side view of the ack: from the request reaching hono to its answer being ready.
const serverMs: number[] = [];
let measuring = false;
app.use("*", async (_c, next) => {
  // The loop's record starts with the first interaction, not with start-up.
  if (!measuring) {
    measuring = true;
    loopDelay.reset();
  }
  const started = performance.now();
  await next();
  serverMs.push(performance.now() - started);
});
adapter.route(app);
const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 });
await new Promise((r) => server.once("listening", r));
// BENCH_TRACE: per request, when node parsed it and when its answer was handed to the socket.
const trace: [string, number, number][] = [];
if (process.env.BENCH_TRACE) {
  server.on("request", (req, res) => {
    const t0 = performance.timeOrigin + performance.now();
    res.once("finish", () => trace.push([String(req.headers["x-bench-id"]), t0, performance.timeOrigin + performance.now()]));
  });
}
// The outbox runs as in service: each claim and note queues card updates and thread posts, which
// go to the stub Web API (and its delay) while the acks are measured.
const dispatcher = new OutboxDispatcher({ deps, targets: { slack: adapter.target }, log: silentLogger, pollMs: 50, gate });
dispatcher.start();
console.log(JSON.stringify({ port: (server.address() as AddressInfo).port, tickets: ids }));

process.once("SIGTERM", async () => {
  const sorted = [...serverMs].sort((a, b) => a - b);
  const at = (p: number) => (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(1);
  console.error(`  server-side (request in hono to answer ready): p50 ${at(0.5)} ms, p99 ${at(0.99)} ms (n=${sorted.length})`);
  console.error(
    `  server event loop delay: p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms`,
  );
  if (trace.length) console.error(`TRACE ${JSON.stringify(trace)}`);
  server.close();
  await adapter.stop();
  await dispatcher.stop();
  await database.close();
  process.exit(0);
});
