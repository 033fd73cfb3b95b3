// What both modes of `npm run bench:discord` share: the database they start from (agents and
// tickets on a fresh SQLite file), the interactions of each round, the rounds themselves and the
// report. A mode says how a payload reaches the client and when its initial response arrived.
import { modalId } from "../adapters/discord/custom-ids.js";
import { autocomplete, button, chatInput, modalSubmit } from "../adapters/discord/testing/payloads.js";
import { openDatabase, parseDatabaseUrl } from "../bot/db/connect.js";
import { syncDirectory } from "../core/agents/sync-directory.js";
import { buildCatalog, HelpdeskConfig } from "../core/config.js";
import type { CoreDeps } from "../core/deps.js";
import { createTicket } from "../core/tickets/create-ticket.js";

const num = (name: string, def: number) => Number(process.env[name] ?? def);
export const rounds = num("BENCH_ROUNDS", 10);
// Rounds run first and not counted: a fresh process compiles its code paths on first use.
export const warmupRounds = num("BENCH_WARMUP_ROUNDS", 1);
export const concurrency = num("BENCH_CONCURRENCY", 50);
export const apiDelayMs = num("BENCH_API_DELAY_MS", 100);

export type Kind = "button" | "command" | "modal" | "opens" | "autocomplete";
const allKinds: Kind[] = ["button", "command", "modal", "opens", "autocomplete"];
export const kinds = (process.env.BENCH_KINDS?.split(",") as Kind[] | undefined)?.filter((k) => allKinds.includes(k)) ?? allKinds;

export const discordId = (i: number) => String(100000000000100000n + BigInt(i));

/** The configuration file's content: one agent per concurrent interaction. */
export const benchConfigInput = () => ({
  agents: Array.from({ length: concurrency }, (_, i) => ({ id: `agent${i}`, name: `Agent ${i}`, discordUserId: discordId(i) })),
});

/** A migrated SQLite file with the agents and one ticket per interaction to come; left open. */
export async function seed(dbUrl: string) {
  const database = await openDatabase(parseDatabaseUrl(dbUrl));
  const config = HelpdeskConfig.parse(benchConfigInput());
  const deps: CoreDeps = { db: database.db, catalog: buildCatalog(config), now: () => new Date() };
  await syncDirectory(deps, config);
  const ticketIds: number[] = [];
  for (let i = 0; i < (warmupRounds + rounds) * concurrency; i++) {
    ticketIds.push(
      (await createTicket(deps, { subject: `bench ${i}`, text: "The printer is on fire." }, { type: "agent", agentId: "agent0" })).id,
    );
  }
  return { database, deps, ticketIds };
}

/**
 * One interaction of each kind in turn: claim on the card (acknowledged, then worked), `/ticket
 * comment` (deferred, then worked), a comment modal submitted (deferred), the card's Reply button
 * (a modal opened after reading the draft and the ticket), and ticket autocomplete (answered with
 * its choices, which cannot be deferred).
 */
export function interaction(kind: Kind, agent: number, ticketId: number) {
  const who = { id: discordId(agent), name: `Agent ${agent}` };
  if (kind === "button") return button(who, `ticket:claim:${ticketId}`);
  if (kind === "command") return chatInput(who, "comment", { ticket: `#${ticketId}`, text: "Looked at the logs; it is the toner." });
  if (kind === "opens") return button(who, `ticket:reply:${ticketId}`);
  if (kind === "autocomplete") return autocomplete(who, "show", "ticket", "bench 1");
  return modalSubmit(who, modalId("comment", ticketId), { text: "Called the customer back." });
}

export type Raw = ReturnType<typeof interaction>;

export interface Mode {
  /** Hands the payload to the client; returns when it did, in ms on the mode's clock. */
  send(raw: Raw): number;
  /** When the interaction's initial response reached Discord, on the same clock. */
  answered(raw: Raw): Promise<number>;
  /** Waits for the round's work after the responses (deferred replies' follow-ups). */
  settle(batch: Raw[]): Promise<void>;
}

export interface Results {
  byKind: Record<Kind, number[]>;
  slowestWarmup: number;
}

/** Bursts of `concurrency` interactions: every payload reaches the client before any is answered. */
export async function runRounds(mode: Mode, ticketIds: number[]): Promise<Results> {
  const byKind: Record<Kind, number[]> = { button: [], command: [], modal: [], opens: [], autocomplete: [] };
  let slowestWarmup = 0;
  for (let round = 0; round < warmupRounds + rounds; round++) {
    const batch = Array.from({ length: concurrency }, (_, i) => {
      const kind = kinds[i % kinds.length]!;
      return { kind, raw: interaction(kind, i, ticketIds[round * concurrency + i]!) };
    });
    const sentAt = batch.map(({ raw }) => mode.send(raw));
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`round ${round}: initial responses missing after 10 s`)), 10_000).unref(),
    );
    const at = await Promise.race([Promise.all(batch.map(({ raw }) => mode.answered(raw))), timeout]);
    await mode.settle(batch.map((b) => b.raw));
    batch.forEach(({ kind }, i) => {
      const ms = at[i]! - sentAt[i]!;
      if (round < warmupRounds) slowestWarmup = Math.max(slowestWarmup, ms);
      else byKind[kind].push(ms);
    });
  }
  return { byKind, slowestWarmup };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
export const p50 = (xs: number[]) => pct(xs, 50);
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} ms, p99 ${pct(xs, 99).toFixed(1)} ms (n=${xs.length})`;
const labels: Record<Kind, string> = {
  button: "card buttons (claim):    ",
  command: "/ticket comment:         ",
  modal: "modal submissions:       ",
  opens: "Reply button (modal):    ",
  autocomplete: "ticket autocomplete:     ",
};

/** Prints one mode's figures; returns all its latencies. */
export function report(title: string, r: Results, work: { claims: number; notes: number }): number[] {
  console.log(title);
  console.log(`  warm-up (${warmupRounds} round, not counted): max ${r.slowestWarmup.toFixed(1)} ms`);
  for (const k of kinds) console.log(`  ${labels[k]}  ${fmt(r.byKind[k])}`);
  const all = Object.values(r.byKind).flat();
  console.log(`  all:                       ${fmt(all)}`);
  console.log(`  work done: ${work.claims} claims, ${work.notes} notes saved`);
  return all;
}

/** Claims and notes in the database, to show the interactions did their work. */
