// `npm run bench:discord`: rounds of 50 concurrent interactions (card buttons, `/ticket`
// commands, modal submissions, modals opened and autocomplete) handed to the real discord.js client as raw gateway payloads,
// with Discord's REST API on a local stub in a child process. Prints p50/p99 from receipt (the
// payload reaching the client) to the initial response (the interaction callback reaching the
// stub). A fresh SQLite file; the outbox dispatcher runs meanwhile, delivering card edits and
// thread posts to the same stub, as it would in service.
//   BENCH_ROUNDS (default 10), BENCH_WARMUP_ROUNDS (default 1), BENCH_CONCURRENCY (default 50),
//   BENCH_API_DELAY_MS (default 100: how long the stub takes to answer anything but a callback),
//   BENCH_KINDS (default all: button,command,modal,opens,autocomplete)
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { modalId } from "../adapters/discord/custom-ids.js";
import { createDiscordClient, WorkInFlight } from "../adapters/discord/gateway.js";
import { contextFor, createDiscordTarget, type DiscordSettings } from "../adapters/discord/index.js";
import { autocomplete, button, chatInput, FORUM, GUILD, guildCreate, modalSubmit } from "../adapters/discord/testing/payloads.js";
import { openDatabase, parseDatabaseUrl } from "../bot/db/connect.js";
import { syncDirectory } from "../core/agents/sync-directory.js";
import { buildCatalog, HelpdeskConfig } from "../core/config.js";
import type { CoreDeps } from "../core/deps.js";
import { silentLogger } from "../core/log.js";
import { OutboxDispatcher } from "../core/outbox/dispatcher.js";
import { createTicket } from "../core/tickets/create-ticket.js";

const num = (name: string, def: number) => Number(process.env[name] ?? def);
const rounds = num("BENCH_ROUNDS", 10);
// Rounds run first and not counted: a fresh process compiles its code paths on first use.
const warmupRounds = num("BENCH_WARMUP_ROUNDS", 1);
const concurrency = num("BENCH_CONCURRENCY", 50);
const apiDelayMs = num("BENCH_API_DELAY_MS", 100);

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
const answered = new Map<string, bigint>();
const waiting = new Map<string, () => void>();
lines.on("line", (l) => {
  const [id, ns] = l.split(" ");
  answered.set(id!, BigInt(ns!));
  waiting.get(id!)?.();
});

const dir = mkdtempSync(join(tmpdir(), "helpdesk-bench-discord-"));
const database = await openDatabase(parseDatabaseUrl(`file:${join(dir, "helpdesk.db")}`));
const discordId = (i: number) => String(100000000000100000n + BigInt(i));
const config = HelpdeskConfig.parse({
  agents: Array.from({ length: concurrency }, (_, i) => ({ id: `agent${i}`, name: `Agent ${i}`, discordUserId: discordId(i) })),
});
const deps: CoreDeps = { db: database.db, sql: database.sql, catalog: buildCatalog(config), now: () => new Date() };
await syncDirectory(deps, config);
const ticketIds: number[] = [];
for (let i = 0; i < (warmupRounds + rounds) * concurrency; i++) {
  ticketIds.push((await createTicket(deps, { subject: `bench ${i}`, text: "The printer is on fire." }, { type: "agent", agentId: "agent0" })).id);
}

const settings: DiscordSettings = { token: "MTAwMDAwMDAwMDAwMDAwMDAw.Gabcde.bench-token-not-real", guildId: GUILD, forums: [{ channel: FORUM }] };
const rest = { api: `${stubUrl}/api` };
const ctx = contextFor(deps, silentLogger, settings);
const work = new WorkInFlight();
const client = createDiscordClient(ctx, work, { rest });
client.rest.setToken(settings.token);
(client.guilds as unknown as { _add(d: unknown): unknown })._add(guildCreate());
const handle = (raw: unknown) => (client as unknown as { actions: { InteractionCreate: { handle(d: unknown): void } } }).actions.InteractionCreate.handle(raw);
const dispatcher = new OutboxDispatcher({ deps, targets: { discord: createDiscordTarget(deps, settings, rest) }, log: silentLogger, pollMs: 50 });
dispatcher.start();

type Kind = "button" | "command" | "modal" | "opens" | "autocomplete";
const allKinds: Kind[] = ["button", "command", "modal", "opens", "autocomplete"];
const kinds = (process.env.BENCH_KINDS?.split(",") as Kind[] | undefined)?.filter((k) => allKinds.includes(k)) ?? allKinds;
/**
 * One interaction of each kind in turn: claim on the card (acknowledged, then worked), `/ticket
 * comment` (deferred, then worked), a comment modal submitted (deferred), the card's Reply button
 * (a modal opened after reading the draft and the ticket), and ticket autocomplete (answered with
 * its choices, which cannot be deferred).
 */
function interaction(kind: Kind, agent: number, ticketId: number) {
  const who = { id: discordId(agent), name: `Agent ${agent}` };
  if (kind === "button") return button(who, `ticket:claim:${ticketId}`);
  if (kind === "command") return chatInput(who, "comment", { ticket: `#${ticketId}`, text: "Looked at the logs; it is the toner." });
  if (kind === "opens") return button(who, `ticket:reply:${ticketId}`);
  if (kind === "autocomplete") return autocomplete(who, "show", "ticket", "bench 1");
  return modalSubmit(who, modalId("comment", ticketId), { text: "Called the customer back." });
}

const results: Record<Kind, number[]> = { button: [], command: [], modal: [], opens: [], autocomplete: [] };
let slowestWarmup = 0;
for (let round = 0; round < warmupRounds + rounds; round++) {
  const batch = Array.from({ length: concurrency }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    return { kind, raw: interaction(kind, i, ticketIds[round * concurrency + i]!) };
  });
  const done = batch.map(({ raw }) => new Promise<void>((resolve) => (answered.has(raw.id) ? resolve() : waiting.set(raw.id, resolve))));
  const received = new Map<string, bigint>();
  // A burst: every payload reaches the client before any of them is answered.
  for (const { raw } of batch) {
    received.set(raw.id, process.hrtime.bigint());
    handle(raw);
  }
  await Promise.race([Promise.all(done), new Promise((r) => setTimeout(r, 10_000))]);
  await work.idle();
  for (const { kind, raw } of batch) {
    const at = answered.get(raw.id);
    if (at === undefined) throw new Error(`interaction ${raw.id} (${kind}) got no initial response`);
    const ms = Number(at - received.get(raw.id)!) / 1e6;
    if (round < warmupRounds) slowestWarmup = Math.max(slowestWarmup, ms);
    else results[kind].push(ms);
  }
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const all = Object.values(results).flat();
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} ms, p99 ${pct(xs, 99).toFixed(1)} ms (n=${xs.length})`;
console.log(`bench:discord on ${process.platform} ${process.arch}, node ${process.version}, SQLite`);
console.log(`warm-up (${warmupRounds} round, not counted): max ${slowestWarmup.toFixed(1)} ms`);
console.log(`receipt → initial response, ${rounds} rounds of ${concurrency} concurrent interactions, REST stub delay ${apiDelayMs} ms`);
const labels: Record<Kind, string> = {
  button: "card buttons (claim):    ",
  command: "/ticket comment:         ",
  modal: "modal submissions:       ",
  opens: "Reply button (modal):    ",
  autocomplete: "ticket autocomplete:     ",
};
for (const k of kinds) console.log(`  ${labels[k]}  ${fmt(results[k])}`);
console.log(`  all:                       ${fmt(all)}`);
const claimed = await deps.db.ticket.count({ where: { ownerId: { not: null } } });
const notes = await deps.db.message.count({ where: { kind: "COMMENT" } });
console.log(`work done: ${claimed} claims, ${notes} notes saved`);

await dispatcher.stop();
await client.destroy();
stub.kill("SIGTERM");
await database.close();
rmSync(dir, { recursive: true, force: true });
