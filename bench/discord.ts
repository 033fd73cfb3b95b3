// `npm run bench:discord`: rounds of 50 concurrent interactions (card buttons, `/ticket`
// commands, modal submissions, modals opened and autocomplete), p50/p99 from receipt to the
// initial response (the interaction callback reaching Discord's REST), in two modes, each on a
// fresh SQLite file with the outbox delivering card edits and thread posts meanwhile:
// - in-process: raw gateway payloads handed to the real discord.js client in this process, REST on
//   a stub in a child process (bench/discord-stub.ts) that stamps each callback's arrival;
// - gateway: the real service (bot/main.ts) in a child process against a local Discord here, each
//   payload sent on the gateway's WebSocket (bench/discord-gateway.ts).
// Both run by default, one after the other, so their figures compare within one run.
//   BENCH_MODE (default both: in-process,gateway), BENCH_ROUNDS (default 10),
//   BENCH_WARMUP_ROUNDS (default 1), BENCH_CONCURRENCY (default 50),
//   BENCH_API_DELAY_MS (default 100: how long REST takes to answer anything but a callback),
//   BENCH_KINDS (default all: button,command,modal,opens,autocomplete)
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { createDiscordClient, WorkInFlight } from "../adapters/discord/gateway.js";
import { contextFor, createDiscordTarget, type DiscordSettings } from "../adapters/discord/index.js";
import { FORUM, GUILD, guildCreate } from "../adapters/discord/testing/payloads.js";
import { silentLogger } from "../core/log.js";
import { OutboxDispatcher } from "../core/outbox/dispatcher.js";
import { gatewayMode } from "./discord-gateway.js";
import { workDone } from "./seed.js";
import { apiDelayMs, concurrency, p50, report, rounds, runRounds, seed, type Mode, type Results } from "./discord-load.js";

async function inProcessMode(): Promise<{ results: Results; work: { claims: number; notes: number } }> {
  // The REST stub, in its own process so its clock readings do not wait on this event loop. It
  // prints `<interaction id> <monotonic ns>` for every interaction callback it receives.
  const stub = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "discord-stub.ts")], {
    env: { ...process.env, BENCH_API_DELAY_MS: String(apiDelayMs) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: stub.stdout! });
  const stubUrl = await new Promise<string>((resolve, reject) => {
    lines.once("line", (l) => resolve(l.trim()));
    stub.once("exit", (code) => reject(new Error(`stub exited ${code}`)));
  });
  const answered = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  lines.on("line", (l) => {
    const [id, ns] = l.split(" ");
    answered.set(id!, Number(BigInt(ns!)) / 1e6);
    waiting.get(id!)?.();
  });

  const dir = mkdtempSync(join(tmpdir(), "helpdesk-bench-discord-"));
  const { database, deps, ticketIds } = await seed(`file:${join(dir, "helpdesk.db")}`);
  const settings: DiscordSettings = {
    token: "MTAwMDAwMDAwMDAwMDAwMDAw.Gabcde.bench-token-not-real",
    guildId: GUILD,
    forums: [{ channel: FORUM }],
  };
  const rest = { api: `${stubUrl}/api` };
  const work = new WorkInFlight();
  const client = createDiscordClient(contextFor(deps, silentLogger, settings), work, { rest });
  client.rest.setToken(settings.token);
  (client.guilds as unknown as { _add(d: unknown): unknown })._add(guildCreate());
  const handle = (raw: unknown) =>
    (client as unknown as { actions: { InteractionCreate: { handle(d: unknown): void } } }).actions.InteractionCreate.handle(raw);
  const dispatcher = new OutboxDispatcher({
    deps,
    targets: { discord: createDiscordTarget(deps, settings, rest) },
    log: silentLogger,
    pollMs: 50,
  });
  dispatcher.start();

  const mode: Mode = {
    send(raw) {
      // process.hrtime is the monotonic clock the stub stamps with too.
      const at = Number(process.hrtime.bigint()) / 1e6;
      handle(raw);
      return at;
    },
    answered: (raw) =>
      new Promise<number>((resolve) =>
        answered.has(raw.id) ? resolve(answered.get(raw.id)!) : waiting.set(raw.id, () => resolve(answered.get(raw.id)!)),
      ),
    settle: () => work.idle(),
  };
  try {
    const results = await runRounds(mode, ticketIds);
    return { results, work: await workDone(deps.db) };
  } finally {
    await dispatcher.stop();
    await client.destroy();
    stub.kill("SIGTERM");
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const modes = (process.env.BENCH_MODE ?? "in-process,gateway").split(",").map((m) => m.trim());
console.log(`bench:discord on ${process.platform} ${process.arch}, node ${process.version}, SQLite`);
console.log(`receipt → initial response, ${rounds} rounds of ${concurrency} concurrent interactions, REST delay ${apiDelayMs} ms`);
const medians: Record<string, number> = {};
if (modes.includes("in-process")) {
  const r = await inProcessMode();
  medians["in-process"] = p50(report("in-process (payloads handed to the client; REST on a stub process):", r.results, r.work));
}
if (modes.includes("gateway")) {
  const r = await gatewayMode();
  medians.gateway = p50(
    report(
      "gateway (bot/main.ts in its own process; payloads on the local gateway's WebSocket, REST on the same local Discord):",
      r.results,
      r.work,
    ),
  );
}
if (medians["in-process"] !== undefined && medians.gateway !== undefined) {
  console.log(`gateway / in-process, p50 of all: ${(medians.gateway / medians["in-process"]).toFixed(2)}×`);
}
process.exit(0);
