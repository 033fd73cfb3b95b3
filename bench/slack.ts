// `npm run bench:slack`: rounds of 50 concurrent signed Slack interactions (card button clicks
// and modal submissions) against the Slack route of a service process (bench/slack-service.ts:
// hono on node, fresh SQLite), with Slack's Web API on a local stub that takes
// BENCH_API_DELAY_MS to answer. Prints p50/p99 of the HTTP ack for each kind.
// No ack waits on the Web API or on the core's database work: buttons ack first, and modal
// submissions ack once their input passes the checks that need no database (field errors),
// running the core use case after the ack.
//   BENCH_ROUNDS (default 10), BENCH_CONCURRENCY (default 50), BENCH_API_DELAY_MS (default 200),
//   BENCH_MODAL_EVERY (default 2: every second interaction is a modal submission; 0 for none)
//   BENCH_CPU_PROF=<dir>: the service process writes a V8 CPU profile there (--cpu-prof, a sample every 100 µs)
//   BENCH_BASELINE=0: skip the floor (a bare node HTTP server answering the same requests)
//   BENCH_TRACE=1: both processes print raw per-request timings (epoch ms, by x-bench-id) to
//     stderr as CLIENT/TRACE JSON lines: when the client sent and got the answer, and when node
//     in the service parsed the request and handed the answer to the socket
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { modalIds } from "../adapters/slack/modals.js";
import { openDatabase, parseDatabaseUrl } from "../bot/db/connect.js";
import { workDone } from "./seed.js";

const num = (name: string, def: number) => Number(process.env[name] ?? def);
const rounds = num("BENCH_ROUNDS", 10);
// Rounds first run and not counted: a fresh process compiles its code paths (and Prisma its
// query engine) on first use, which says nothing about the acks of a running service.
const warmupRounds = num("BENCH_WARMUP_ROUNDS", 1);
const concurrency = num("BENCH_CONCURRENCY", 50);
const apiDelayMs = num("BENCH_API_DELAY_MS", 200);
const modalEvery = num("BENCH_MODAL_EVERY", 2);
const secret = "bench-slack-signing-secret-0123";

// Slack's Web API and response_url hooks, answering after a delay.
let stubCalls = 0;
const stub = createServer((req, res) => {
  req.resume();
  req.on("end", () =>
    setTimeout(() => {
      stubCalls++;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true, ts: `${Date.now() / 1000}`, view: { id: "V1" } }));
    }, apiDelayMs),
  );
});
await new Promise<void>((r) => stub.listen(0, "127.0.0.1", () => r()));
const stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;

const dir = mkdtempSync(join(tmpdir(), "helpdesk-bench-slack-"));
const dbUrl = `file:${join(dir, "helpdesk.db")}`;
const child = spawn(
  process.execPath,
  [
    ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", "--cpu-prof-interval=100", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    "--import",
    "tsx",
    join(import.meta.dirname, "slack-service.ts"),
  ],
  {
    env: {
      ...process.env,
      DATABASE_URL: dbUrl,
      BENCH_AGENTS: String(concurrency),
      BENCH_TICKETS: String((warmupRounds + rounds) * concurrency),
      BENCH_SECRET: secret,
      BENCH_API_URL: `${stubUrl}/api/`,
    },
    stdio: ["ignore", "pipe", "inherit"],
  },
);
const ready = await new Promise<{ port: number; tickets: number[] }>((resolve, reject) => {
  createInterface({ input: child.stdout! }).once("line", (l) => resolve(JSON.parse(l)));
  child.once("exit", (code) => reject(new Error(`service exited ${code}`)));
});
const url = `http://127.0.0.1:${ready.port}/slack/events`;

interface Signed {
  body: string;
  headers: Record<string, string>;
}

function signed(payload: object): Signed {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const sig = `v0=${createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex")}`;
  return {
    body,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(Buffer.byteLength(body)),
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": sig,
    },
  };
}

const user = (i: number) => ({ id: `U${String(i).padStart(6, "0")}`, team_id: "T0" });
const click = (i: number, ticketId: number) =>
  signed({
    type: "block_actions",
    user: user(i),
    team: { id: "T0" },
    trigger_id: `t${i}`,
    api_app_id: "A0",
    token: "x",
    container: { type: "message", channel_id: "C0BENCH", message_ts: "1.1" },
    channel: { id: "C0BENCH" },
    response_url: `${stubUrl}/hook/${i}`,
    actions: [{ type: "button", action_id: "ticket.claim", block_id: `card.actions.${ticketId}`, value: String(ticketId), action_ts: "1" }],
  });
const submit = (i: number, ticketId: number) =>
  signed({
    type: "view_submission",
    user: user(i),
    team: { id: "T0" },
    api_app_id: "A0",
    token: "x",
    trigger_id: `t${i}`,
    view: {
      id: `V${i}`,
      type: "modal",
      callback_id: modalIds.comment,
      private_metadata: JSON.stringify({ ticketId }),
      state: { values: { text: { value: { type: "plain_text_input", value: `note ${i}` } } } },
    },
  });

// The client is plain node:http with a kept-alive connection for each request in flight: fetch()
// spends this process's CPU per request (web streams, promises, header objects), which with 50 in
// flight showed up as tens of milliseconds of "ack" the service never spent (on this machine a
// bare node server measured p50 ~21 ms through fetch, ~10 ms through this).
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

const clientTrace: [string, number, number][] = [];
let traceId = 0;
function timed(req: Signed, to = url, via = agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const id = String(traceId++);
    const r = request(to, { method: "POST", agent: via, headers: { ...req.headers, "x-bench-id": id } }, (res) => {
      res.resume();
      res.once("end", () => {
        if (process.env.BENCH_TRACE && to === url)
          clientTrace.push([id, performance.timeOrigin + started, performance.timeOrigin + performance.now()]);
        return res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`HTTP ${res.statusCode}`));
      });
    });
    r.once("error", reject);
    r.end(req.body);
  });
}

// The floor on this machine at this moment: a bare node HTTP server in its own process, answering
// the same requests from the same client just before each round. The machine is shared (2 CPUs
// here), so the service's figures only mean something beside this one.
const baselineOn = process.env.BENCH_BASELINE !== "0";
const bare = baselineOn
  ? spawn(
      process.execPath,
      [
        "-e",
        `const s = require("node:http").createServer((q, a) => { q.resume(); q.on("end", () => a.end()); }); s.keepAliveTimeout = 30000; s.listen(0, "127.0.0.1", () => console.log(s.address().port));`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    )
  : null;
const bareUrl = bare
  ? `http://127.0.0.1:${await new Promise<string>((r) => createInterface({ input: bare.stdout! }).once("line", r))}/`
  : "";
const bareAgent = new Agent({ keepAlive: true, maxSockets: concurrency });
const baseline: number[] = [];

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const clicks: number[] = [];
const modals: number[] = [];
const warm: number[] = [];
for (let r = 0; r < warmupRounds + rounds; r++) {
  const ids = ready.tickets.slice(r * concurrency, (r + 1) * concurrency);
  // Some click Claim, the others submit a comment modal, all at once (signed beforehand, so that
  // signing one request is not counted in the others' time).
  const reqs = ids.map((id, i) =>
    modalEvery && i % modalEvery === 0 ? (["modal", submit(i, id)] as const) : (["click", click(i, id)] as const),
  );
  if (bare) {
    const floor = await Promise.all(reqs.map(([, req]) => timed(req, bareUrl, bareAgent)));
    if (r >= warmupRounds) baseline.push(...floor);
    await new Promise((r) => setTimeout(r, 200));
  }
  const samples = await Promise.all(reqs.map(([kind, req]) => timed(req).then((ms) => [kind, ms] as const)));
  if (r < warmupRounds) warm.push(...samples.map(([, ms]) => ms));
  else for (const [kind, ms] of samples) (kind === "click" ? clicks : modals).push(ms);
  if (process.env.BENCH_VERBOSE) console.log(`round ${r}: max ${Math.max(...samples.map(([, ms]) => ms)).toFixed(0)} ms`);
  // Let the round's post-ack work finish before the next round starts.
  await new Promise((r) => setTimeout(r, 1500));
}
agent.destroy();
bareAgent.destroy();
if (process.env.BENCH_TRACE) console.error(`CLIENT ${JSON.stringify(clientTrace)}`);
bare?.kill();
child.kill("SIGTERM");
await new Promise((r) => child.once("exit", r));

const database = await openDatabase(parseDatabaseUrl(dbUrl));
const { claims: claimed, notes } = await workDone(database.db);
await database.close();
const fmt = (xs: number[]) => (!xs.length ? "none" : `p50 ${pct(xs, 50).toFixed(1)} ms, p99 ${pct(xs, 99).toFixed(1)} ms (n=${xs.length})`);
if (warm.length)
  console.log(`warm-up (${warmupRounds} round${warmupRounds > 1 ? "s" : ""}, not counted): max ${Math.max(...warm).toFixed(1)} ms`);
console.log(`Slack ack, ${rounds} rounds of ${concurrency} concurrent interactions, Web API stub delay ${apiDelayMs} ms`);
console.log(`  button clicks:     ${fmt(clicks)}`);
console.log(`  modal submissions: ${fmt(modals)}`);
console.log(`  all:               ${fmt([...clicks, ...modals])}`);
if (baseline.length) console.log(`  floor, a bare node HTTP server answering the same requests: ${fmt(baseline)}`);
console.log(
  `  effects: ${claimed} claimed, ${notes} notes; Web API/response_url calls during the run (outbox deliveries, none before an ack): ${stubCalls}`,
);
stub.close();
rmSync(dir, { recursive: true, force: true });
