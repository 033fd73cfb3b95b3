// `npm run bench:core`: ticket creation and lifecycle throughput, and queue listing latency at
// 1,000,000 tickets, on SQLite and (when reachable) PostgreSQL. Prints its figures; asserts nothing.
//   BENCH_PG_URL      PostgreSQL to use (default postgres://postgres@127.0.0.1:5432/test; a scratch schema is dropped after)
//   BENCH_TICKETS     tickets in the listing database (default 1000000)
//   BENCH_CREATE      creations to time (default 3000); BENCH_LIFECYCLES (default 1000)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, parseDatabaseUrl, type OpenDatabase } from "../bot/db/connect.js";
import { syncDirectory } from "../core/agents/sync-directory.js";
import { buildCatalog, HelpdeskConfig } from "../core/config.js";
import type { Actor, CoreDeps } from "../core/deps.js";
import { changeStatus } from "../core/tickets/change-status.js";
import { claimTicket } from "../core/tickets/claim-ticket.js";
import { ingestInbound } from "../core/tickets/ingest-inbound.js";
import { listTickets } from "../core/tickets/list-tickets.js";
import { replyToTicket } from "../core/tickets/reply-to-ticket.js";
import { countTickets, seedTickets, withScratchPostgres } from "./seed.js";

const num = (name: string, def: number) => Number(process.env[name] ?? def);
const totalTickets = num("BENCH_TICKETS", 1_000_000);
const creations = num("BENCH_CREATE", 3000);
const lifecycles = num("BENCH_LIFECYCLES", 1000);
const listCalls = num("BENCH_LIST_CALLS", 1000);
const pgUrl = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const config = HelpdeskConfig.parse({
  teams: Array.from({ length: 10 }, (_, i) => ({ id: `team${i}`, name: `Team ${i}` })),
  agents: [
    { id: "agent0", name: "Agent 0", teams: ["team3"] },
    ...Array.from({ length: 7 }, (_, i) => ({ id: `agent${i + 1}`, name: `Agent ${i + 1}`, teams: [`team${i % 10}`] })),
  ],
});
const agent: Actor = { type: "agent", agentId: "agent0" };

/** Runs `n` tasks with at most `width` in flight; returns elapsed seconds. */
async function pool(n: number, width: number, task: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) await task(next++);
    }),
  );
  return (performance.now() - started) / 1000;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timeCalls(n: number, call: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await call();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

async function benchProvider(name: string, open: OpenDatabase, concurrency: number) {
  const deps: CoreDeps = { db: open.db, catalog: buildCatalog(config), now: () => new Date() };
  await syncDirectory(deps, config);
  const run = `${Date.now()}`;

  const createSecs = await pool(creations, concurrency, (i) =>
    ingestInbound(deps, {
      channel: "email",
      from: { email: `customer${i}@example${i % 50}.com`, name: `Customer ${i}` },
      subject: `Order ${i} has not arrived`,
      text: `Hello, my order ${i} has not arrived yet. Could you check?`,
      externalId: `<bench-${run}-${i}@mail.example.com>`,
      route: { teamId: `team${i % 10}` },
    }),
  );
  console.log(
    `${name}: created ${creations} tickets (message, timeline event, outbox rows each) at ${(creations / createSecs).toFixed(0)}/s, concurrency ${concurrency}`,
  );

  const lifeSecs = await pool(lifecycles, concurrency, async (i) => {
    const { ticket } = await ingestInbound(deps, {
      channel: "email",
      from: { email: `life${i}@customer.example` },
      subject: `Lifecycle ${i}`,
      text: "Please help",
      externalId: `<life-${run}-${i}@mail.example.com>`,
      route: { teamId: "team3" },
    });
    await claimTicket(deps, { ticketId: ticket.id }, agent);
    await replyToTicket(deps, { ticketId: ticket.id, text: "Fixed it for you." }, agent);
    await changeStatus(deps, { ticketId: ticket.id, statusId: "resolved" }, agent);
  });
  console.log(
    `${name}: ${lifecycles} full lifecycles (create, claim, reply, resolve) at ${(lifecycles / lifeSecs).toFixed(0)}/s, concurrency ${concurrency}`,
  );
  // The figure to compare across machines: a lifecycle is four use cases, so 25% would mean each
  // costs what a creation does.
  console.log(
    `${name}: lifecycles/s as a share of creations/s in this run: ${((100 * (lifecycles / lifeSecs)) / (creations / createSecs)).toFixed(1)}%`,
  );

  const seedSecs = await seedTickets(
    open,
    totalTickets,
    config.teams.map((t) => t.id),
  );
  const count = await countTickets(open);
  console.log(`${name}: seeded to ${count} tickets in ${seedSecs.toFixed(1)} s`);

  const teamQueue = await timeCalls(listCalls, () => listTickets(deps, { queue: "unassigned", teamId: "team3" }, agent));
  console.log(
    `${name}: list unassigned open of one team (25 a page) at ${count} tickets: p50 ${teamQueue.p50.toFixed(2)} ms, p99 ${teamQueue.p99.toFixed(2)} ms`,
  );
  const first = await listTickets(deps, { queue: "unassigned", teamId: "team3" }, agent);
  let cursor = first.nextCursor;
  for (let i = 0; i < 200 && cursor; i++)
    cursor = (await listTickets(deps, { queue: "unassigned", teamId: "team3", cursor }, agent)).nextCursor;
  const deep = await timeCalls(listCalls, () =>
    listTickets(deps, { queue: "unassigned", teamId: "team3", cursor: cursor ?? undefined }, agent),
  );
  console.log(`${name}: same queue, page 200: p50 ${deep.p50.toFixed(2)} ms, p99 ${deep.p99.toFixed(2)} ms`);
  const mine = await timeCalls(listCalls, () => listTickets(deps, { queue: "unassigned" }, agent));
  console.log(
    `${name}: list unassigned open visible to the agent (own team + unrestricted): p50 ${mine.p50.toFixed(2)} ms, p99 ${mine.p99.toFixed(2)} ms`,
  );
}

async function main() {
  console.log(`bench:core on ${process.platform} ${process.arch}, node ${process.version}`);
  const dir = mkdtempSync(join(tmpdir(), "helpdesk-bench-"));
  try {
    const sqlite = await openDatabase(parseDatabaseUrl(`file:${join(dir, "bench.db")}`));
    await benchProvider("sqlite", sqlite, 8);
    await sqlite.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  await withScratchPostgres(pgUrl, async (url) => {
    const open = await openDatabase(parseDatabaseUrl(url), { poolSize: 16 });
    await benchProvider("postgresql", open, 16);
    await open.close();
  });
}

await main();
