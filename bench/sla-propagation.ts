// The propagation half of `npm run bench:sla`: how long a change made from one chat surface takes
// to show on the other surface's card. Everything but the platforms runs in this process, as the
// service wires it (bot/service.ts): a fresh SQLite file, the core with `work.committed` waking the
// outbox worker, the Slack adapter's route on hono, the Discord delivery target, one
// OutboxDispatcher for both at the default poll (1000 ms) with the core's jobs and the shared
// QuietGate. Slack's Web API and Discord's REST are a stub in a child process
// (bench/chat-api-stub.ts) answering every call after BENCH_API_DELAY_MS.
//
// Tickets get their cards on both surfaces first. Then agents click Claim or Release on a ticket's
// Slack card (a signed block_actions request to POST /slack/events), each agent pausing a random
// time before each click so clicks land anywhere in the poll's cycle. A change's figure runs from
// just before its request is written to the moment the stub receives the PATCH that edits that
// ticket's Discord card (the forum post's starter message), both on the monotonic clock. Before
// that PATCH the Discord target makes one REST call (GET of the post, to see whether it is
// archived), so one stub delay of the figure is the stub's own time.
// The same run with the wake off (no `work` in the deps, the poll alone) is the floor beside it.
//   BENCH_PROP_CHANGES       changes measured with the wake on (default 200)
//   BENCH_PROP_FLOOR_CHANGES changes measured with the wake off (default 30; 0 skips the floor)
//   BENCH_PROP_WARMUP        changes first made in each mode and not counted (default 6)
//   BENCH_PROP_AGENTS        agents clicking at once, each on tickets of their own (default 2)
//   BENCH_PROP_TICKETS       tickets with cards (default 20), shared out among the agents
//   BENCH_PROP_GAP_MS        longest pause before each click, drawn evenly from 0 to it (default 1000)
//   BENCH_API_DELAY_MS       the stub's answer time (default 100)
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createDiscordTarget, type DiscordSettings } from "../adapters/discord/index.js";
import { FORUM, GUILD } from "../adapters/discord/testing/payloads.js";
import { cardActions } from "../adapters/slack/card.js";
import { createSlackAdapter, type SlackAdapter } from "../adapters/slack/index.js";
import { openDatabase, parseDatabaseUrl, type OpenDatabase } from "../bot/db/connect.js";
import { syncDirectory } from "../core/agents/sync-directory.js";
import { buildCatalog, HelpdeskConfig } from "../core/config.js";
import type { CoreDeps } from "../core/deps.js";
import type { DeliveryTarget } from "../core/outbox/delivery.js";
import { coreJobs } from "../core/jobs/core-jobs.js";
import { OutboxDispatcher } from "../core/outbox/dispatcher.js";
import { QuietGate } from "../core/quiet-gate.js";
import { createTicket } from "../core/tickets/create-ticket.js";
import {
  giveUpMs,
  outboxSettled,
  pct,
  secret,
  signedClick,
  sleep,
  startStub,
  stderrLogger,
  triage,
  type Stub,
} from "./sla-propagation-fixture.js";

const num = (name: string, def: number) => Number(process.env[name] ?? def);

interface ModeResult {
  /** Click sent → card PATCH at the stub, ms, per counted change. */
  ms: number[];
  /** The same changes split: click sent → the Discord target is handed the card row, and from there → the PATCH. */
  toDelivery: number[];
  inDelivery: number[];
  lost: number;
  refused: number;
  seconds: number;
}

interface ModeOptions {
  wake: boolean;
  changes: number;
  warmup: number;
  agents: number;
  tickets: number;
  gapMs: number;
}

/** One fresh help desk (database, adapters, worker), the changes made and timed on it, then torn down. */
async function runMode(stub: Stub, o: ModeOptions): Promise<ModeResult> {
  const label = o.wake ? "wake" : "poll only";
  const log = stderrLogger(`[propagation, ${label}]`);
  const dir = mkdtempSync(join(tmpdir(), "helpdesk-bench-propagation-"));
  const slackUser = (i: number) => `U0BENCH${String(i).padStart(3, "0")}`;
  const config = HelpdeskConfig.parse({
    // A configured language: the click's listener then asks Slack nothing before the core runs.
    agents: Array.from({ length: o.agents }, (_, i) => ({ id: `agent${i}`, name: `Agent ${i}`, slackUserId: slackUser(i), locale: "en" })),
    // SLA clocks on, as in the rest of bench:sla: every change settles them in its transaction.
    slaPolicies: [{ id: "bench", hours: "calendar", firstResponse: "1h", warnBefore: "15m" }],
  });
  let database: OpenDatabase | null = null;
  let adapter: SlackAdapter | null = null;
  let dispatcher: OutboxDispatcher | null = null;
  let server: Server | null = null;
  const agent = new Agent({ keepAlive: true, maxSockets: o.agents });
  try {
    database = await openDatabase(parseDatabaseUrl(`file:${join(dir, "helpdesk.db")}`));
    const worker: { d: OutboxDispatcher | null } = { d: null };
    const deps: CoreDeps = {
      db: database.db,
      catalog: buildCatalog(config),
      now: () => new Date(),
      work: o.wake ? { committed: () => worker.d?.wake() } : undefined,
    };
    await syncDirectory(deps, config);
    const gate = new QuietGate();
    adapter = createSlackAdapter({
      deps,
      log,
      gate,
      settings: {
        botToken: "xoxb-bench",
        signingSecret: secret,
        botId: "B0BENCH",
        botUserId: "U0BENCHBOT",
        apiUrl: `${stub.url}/slack/api/`,
        triageChannels: [{ channel: triage }],
      },
    });
    const discord: DiscordSettings = {
      token: "bench.propagation.not-a-real-token",
      guildId: GUILD,
      forums: [{ channel: FORUM }],
    };
    const app = new Hono();
    adapter.route(app);
    server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }) as Server;
    await new Promise((r) => server!.once("listening", r));
    const eventsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    // The Discord target as the service builds it, noting when each ticket's card row reaches it:
    // the figure then splits into the way to the delivery and the delivery itself.
    const discordTarget = createDiscordTarget(deps, discord, { api: `${stub.url}/discord/api` });
    const deliveryStarted = new Map<number, bigint>();
    const timedDiscord: DeliveryTarget = {
      deliver(row) {
        if (row.topic === "ticket.changed" && row.ticketId !== null) deliveryStarted.set(row.ticketId, process.hrtime.bigint());
        return discordTarget.deliver(row);
      },
    };
    dispatcher = new OutboxDispatcher({
      deps,
      gate,
      targets: { slack: adapter.target, discord: timedDiscord },
      jobs: coreJobs,
      log,
    });
    worker.d = dispatcher;
    dispatcher.start();

    // Tickets, and their cards on both surfaces.
    const started = Date.now();
    const ids: number[] = [];
    for (let i = 0; i < o.tickets; i++) {
      ids.push((await createTicket(deps, { subject: `Propagation ${i}` }, { type: "agent", agentId: "agent0" })).id);
    }
    let links: { ticketId: number; surface: string; messageId: string | null; threadId: string | null }[] = [];
    while (links.length < 2 * o.tickets) {
      if (Date.now() - started > 120_000) throw new Error(`only ${links.length} of ${2 * o.tickets} cards were posted`);
      await sleep(100);
      links = await database.db
        .selectFrom("ChatLink")
        .select(["ticketId", "surface", "messageId", "threadId"])
        .where("role", "=", "card")
        .where("surface", "in", ["slack", "discord"])
        // The row is written first as the right to post, its message filled in once posted.
        .where("messageId", "is not", null)
        .execute();
    }
    await outboxSettled(database.db, started + 120_000);
    const thread = new Map(links.filter((l) => l.surface === "discord").map((l) => [l.ticketId, l.threadId ?? l.messageId!]));
    const slackTs = new Map(links.filter((l) => l.surface === "slack").map((l) => [l.ticketId, l.messageId!]));

    // The changes: each agent on their own tickets, one change at a time, a random pause before each.
    const owned = new Set<number>();
    const result: ModeResult = { ms: [], toDelivery: [], inDelivery: [], lost: 0, refused: 0, seconds: 0 };
    let taken = 0;
    const total = o.warmup + o.changes;
    const measuredFrom = Date.now();
    const agentLoop = async (a: number) => {
      const mine = ids.filter((_, i) => i % o.agents === a);
      for (let visit = 0; mine.length; visit++) {
        const n = taken++;
        if (n >= total) return;
        const ticketId = mine[visit % mine.length]!;
        await sleep(Math.random() * o.gapMs);
        const claim = !owned.has(ticketId);
        const click = signedClick({
          user: slackUser(a),
          ticketId,
          action: claim ? cardActions.claim : cardActions.release,
          messageTs: slackTs.get(ticketId)!,
          hook: `${stub.url}/slack/hook/${n}`,
          n,
        });
        const sent = process.hrtime.bigint();
        const edited = stub.cardEdit(thread.get(ticketId)!, sent);
        const ack = await new Promise<number>((resolve) => {
          const req = request(eventsUrl, { method: "POST", agent, headers: click.headers }, (res) => {
            res.resume();
            res.once("end", () => resolve(res.statusCode ?? 0));
          });
          req.once("error", () => resolve(0));
          req.end(click.body);
        });
        const at = await edited;
        if (claim) owned.add(ticketId);
        else owned.delete(ticketId);
        if (n < o.warmup) continue;
        if (ack !== 200) result.refused++;
        else if (at === null) result.lost++;
        else {
          result.ms.push(Number(at - sent) / 1e6);
          const handed = deliveryStarted.get(ticketId);
          if (handed !== undefined && handed >= sent && handed <= at) {
            result.toDelivery.push(Number(handed - sent) / 1e6);
            result.inDelivery.push(Number(at - handed) / 1e6);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: o.agents }, (_, a) => agentLoop(a)));
    result.seconds = (Date.now() - measuredFrom) / 1000;
    return result;
  } finally {
    agent.destroy();
    const step = async (what: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
      } catch (e) {
        console.error(`[propagation, ${label}] teardown: ${what} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
    if (server) {
      const s = server;
      await step("closing the HTTP server", () => {
        s.closeAllConnections();
        return new Promise<void>((r) => s.close(() => r()));
      });
    }
    if (adapter) await step("stopping the Slack adapter", () => adapter!.stop());
    if (dispatcher) await step("stopping the outbox worker", () => dispatcher!.stop());
    if (database) await step("closing the database", () => database!.close());
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchPropagation(): Promise<void> {
  const apiDelayMs = num("BENCH_API_DELAY_MS", 100);
  const base = {
    warmup: num("BENCH_PROP_WARMUP", 6),
    agents: Math.max(1, num("BENCH_PROP_AGENTS", 2)),
    gapMs: num("BENCH_PROP_GAP_MS", 1000),
  };
  const tickets = Math.max(base.agents, num("BENCH_PROP_TICKETS", 20));
  const changes = num("BENCH_PROP_CHANGES", 200);
  const floorChanges = num("BENCH_PROP_FLOOR_CHANGES", 30);
  console.log(
    `propagation: Claim/Release clicked on Slack cards, timed to the Discord card's edit at the API stub (answers in ${apiDelayMs} ms); ` +
      `${base.agents} agents at once, each pausing 0–${base.gapMs} ms before a click, ${tickets} tickets, SQLite, outbox poll 1000 ms`,
  );
  const stub = await startStub(apiDelayMs);
  try {
    const line = (r: ModeResult) => {
      const beyond = r.ms.map((ms) => ms - apiDelayMs);
      const extra = [
        r.lost ? `${r.lost} lost (no card edit within ${giveUpMs / 1000} s)` : "",
        r.refused ? `${r.refused} clicks refused` : "",
      ]
        .filter(Boolean)
        .join(", ");
      const p = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(0)}, p99 ${pct(xs, 99).toFixed(0)}`;
      return {
        text:
          `p50 ${pct(r.ms, 50).toFixed(0)} ms, p99 ${pct(r.ms, 99).toFixed(0)} ms; ` +
          `beyond the stub's ${apiDelayMs} ms: ${p(beyond)} ` +
          `(n=${r.ms.length}, ${r.seconds.toFixed(0)} s${extra ? `; ${extra}` : ""})`,
        split:
          `  split: click → Discord card delivery starts ${p(r.toDelivery)} ms (ack, core and commit, the wait for the worker: a pass under way, or the next poll without the wake; fan-out, claim); ` +
          `→ PATCH at the stub ${p(r.inDelivery)} ms (card sync, one stub call: GET of the post)`,
        p50: pct(r.ms, 50),
        p99: pct(r.ms, 99),
        p99beyond: pct(beyond, 99),
      };
    };
    const woken = line(await runMode(stub, { ...base, wake: true, changes, tickets }));
    const verdict = Number.isNaN(woken.p99beyond) ? "no data" : woken.p99beyond < 500 ? "met" : "MISSED";
    console.log(`propagation slack→discord card, woken on commit: ${woken.text} (target p99 < 500 ms beyond the stub: ${verdict})`);
    console.log(woken.split);
    if (floorChanges > 0) {
      const polled = line(await runMode(stub, { ...base, wake: false, changes: floorChanges, tickets }));
      console.log(`propagation slack→discord card, floor with the wake off (poll only): ${polled.text}`);
      console.log(polled.split);
      console.log(
        `  the wake cuts the delay ${(polled.p50 / woken.p50).toFixed(1)}× at p50 and ${(polled.p99 / woken.p99).toFixed(1)}× at p99`,
      );
    }
  } finally {
    await stub.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchPropagation();
