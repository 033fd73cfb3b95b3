// `npm run bench:intake`: the service as a child process on a fresh SQLite file; N realistic
// emails posted to /webhooks/email/raw over HTTP with concurrency 16 (emails/s, p50/p99), to two
// services, one per SQLITE_SYNCHRONOUS setting, each on its own fresh file, so FULL's cost shows as
// a ratio to NORMAL; then, on the FULL service, a second run killed with SIGKILL halfway, a
// restart, and a count of acknowledged emails missing from the database (must be 0). A SIGKILL is
// a process crash, which both settings survive; what FULL adds (surviving a power loss) no bench
// can show. Prints its figures.
//   BENCH_EMAILS        emails per setting in the timed runs (default 3000)
//   BENCH_ROUNDS        the timed emails go in this many alternating rounds (default 4), so
//                       both settings see the same load from whatever else runs on the machine
//   BENCH_CONCURRENCY   requests in flight (default 16)
//   BENCH_REPLY_SHARE   share of emails that answer an earlier one (default 0.4)
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, parseDatabaseUrl } from "../bot/db/connect.js";
import { lookupHash } from "../core/keys/lookup-hash.js";
import { benchMail } from "./intake-mail.js";
import { countTickets } from "./seed.js";

const num = (name: string, def: number) => Number(process.env[name] ?? def);
const total = num("BENCH_EMAILS", 3000);
const concurrency = num("BENCH_CONCURRENCY", 16);
const replyShare = num("BENCH_REPLY_SHARE", 0.4);
const rounds = Math.max(1, num("BENCH_ROUNDS", 4));
const secret = "bench-intake-secret-0123456789";
const root = join(import.meta.dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "helpdesk-bench-intake-"));
const dbUrlFor = (sync: Synchronous) => `file:${join(dir, `helpdesk-${sync}.db`)}`;
const configFile = join(dir, "config.json");
writeFileSync(
  configFile,
  JSON.stringify({
    teams: [{ id: "tier1", name: "Tier 1" }],
    inboxes: [{ address: "support@acme.example", name: "Acme Support", teamId: "tier1" }],
  }),
);

type Synchronous = "normal" | "full";

/** Services not yet exited, killed if the bench fails, so none is left serving a deleted file. */
const running = new Set<ChildProcess>();

interface Service {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
}

async function startService(sync: Synchronous): Promise<Service> {
  // node itself (not the tsx wrapper), so that SIGKILL hits the process that serves.
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "bot", "main.ts")], {
    env: {
      ...process.env,
      DATABASE_URL: dbUrlFor(sync),
      SQLITE_SYNCHRONOUS: sync,
      HELPDESK_CONFIG: configFile,
      EMAIL_RAW_SECRET: secret,
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  running.add(child);
  void exited.then(() => running.delete(child));
  const port = await new Promise<number>((resolve, reject) => {
    let head = "";
    const onData = (d: Buffer) => {
      head += d.toString();
      const m = /"msg":"listening".*"port":(\d+)/.exec(head);
      if (m) {
        head = "";
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on("data", onData);
    void exited.then((code) => reject(new Error(`service exited (${code}) before listening`)));
  });
  // Keep draining the per-request log lines so the child never blocks on a full pipe.
  child.stdout!.removeAllListeners("data");
  child.stdout!.resume();
  return { child, port, exited };
}

interface Acked {
  messageId: string;
  ticketId: number;
}

/** Posts mails with `concurrency` workers; stops early (and counts failures) once `stop()` says so. */
async function post(svc: Service, count: number, run: string, onAck?: (n: number) => boolean) {
  const acked: Acked[] = [];
  const pool: { messageId: string; from: string }[] = [];
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  let stopped = false;
  const started = performance.now();
  const worker = async () => {
    while (next < count && !stopped) {
      const n = next++;
      const answer = pool.length && Math.random() < replyShare ? pool[Math.floor(Math.random() * pool.length)] : undefined;
      const mail = benchMail(n, run, answer);
      const t0 = performance.now();
      try {
        const res = await fetch(`http://127.0.0.1:${svc.port}/webhooks/email/raw`, {
          method: "POST",
          body: new Uint8Array(mail.raw),
          headers: {
            "content-type": "message/rfc822",
            "x-helpdesk-signature": `sha256=${createHmac("sha256", secret).update(mail.raw).digest("hex")}`,
          },
        });
        const body = (await res.json()) as { ticketId?: number };
        if (res.status !== 200 || typeof body.ticketId !== "number") throw new Error(`HTTP ${res.status}: ${JSON.stringify(body)}`);
        latencies.push(performance.now() - t0);
        acked.push({ messageId: mail.messageId, ticketId: body.ticketId });
        if (!answer) pool.push({ messageId: mail.messageId, from: mail.from });
        if (onAck?.(acked.length)) stopped = true;
      } catch (e) {
        failed++;
        if (run !== "kill") throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { acked, failed, seconds, latencies };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

interface Timed {
  svc: Service;
  acked: Acked[];
  latencies: number[];
  seconds: number;
}

/**
 * Both settings, each on its own file and service, warmed up, then `total` emails each in
 * alternating rounds (only one service is posted to at a time). The services are left running.
 */
async function timedRuns(): Promise<Record<Synchronous, Timed>> {
  const runs = {} as Record<Synchronous, Timed>;
  for (const sync of ["normal", "full"] as const) {
    const svc = await startService(sync);
    runs[sync] = { svc, acked: (await post(svc, 50, "warm")).acked, latencies: [], seconds: 0 };
  }
  for (let r = 0; r < rounds; r++) {
    const count = Math.floor(total / rounds) + (r < total % rounds ? 1 : 0);
    for (const sync of r % 2 ? (["full", "normal"] as const) : (["normal", "full"] as const)) {
      const res = await post(runs[sync].svc, count, `timed${r}`);
      runs[sync].acked.push(...res.acked);
      runs[sync].latencies.push(...res.latencies);
      runs[sync].seconds += res.seconds;
    }
  }
  const figures = (sync: Synchronous) => {
    const t = runs[sync];
    const sorted = [...t.latencies].sort((a, b) => a - b);
    const rate = t.latencies.length / t.seconds;
    console.log(
      `${sync.toUpperCase().padEnd(6)}  throughput: ${rate.toFixed(0)} emails/s (${t.latencies.length} in ${t.seconds.toFixed(1)} s); latency p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms`,
    );
    return { rate, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  };
  const normal = figures("normal");
  const full = figures("full");
  console.log(
    `FULL / NORMAL: throughput ×${(full.rate / normal.rate).toFixed(2)}, p50 ×${(full.p50 / normal.p50).toFixed(2)}, p99 ×${(full.p99 / normal.p99).toFixed(2)}`,
  );
  return runs;
}

async function main() {
  console.log(
    `bench:intake — ${total} emails per setting in ${rounds} alternating rounds, concurrency ${concurrency}, ${Math.round(replyShare * 100)}% replies, SQLite (${dir})`,
  );
  const runs = await timedRuns();
  runs.normal.svc.child.kill("SIGTERM");
  await runs.normal.svc.exited;
  let svc = runs.full.svc;

  // Crash test: SIGKILL once half of a second run is acknowledged; the requests in flight fail.
  const crashTotal = Math.max(200, Math.floor(total / 2));
  let killed = false;
  const crash = await post(svc, crashTotal, "kill", (n) => {
    if (!killed && n >= crashTotal / 2) {
      killed = true;
      svc.child.kill("SIGKILL");
    }
    return killed;
  });
  await svc.exited;
  console.log(`crash run:  SIGKILL after ${crash.acked.length} acknowledged; ${crash.failed} requests in flight were cut off`);
  svc = await startService("full");
  const ready = await fetch(`http://127.0.0.1:${svc.port}/readyz`);
  svc.child.kill("SIGTERM");
  await svc.exited;

  const db = await openDatabase(parseDatabaseUrl(dbUrlFor("full")));
  const all = [...runs.full.acked, ...crash.acked];
  let missing = 0;
  for (let i = 0; i < all.length; i += 500) {
    const slice = all.slice(i, i + 500);
    const found = await db.db
      .selectFrom("MessageRef as r")
      .innerJoin("Message as m", "m.id", "r.messageId")
      .select(["r.externalId", "m.ticketId"])
      .where("r.system", "=", "email")
      .where(
        "r.externalIdHash",
        "in",
        slice.map((a) => lookupHash(a.messageId)),
      )
      .execute();
    const byId = new Map(found.map((f) => [f.externalId, f.ticketId]));
    missing += slice.filter((a) => byId.get(a.messageId) !== a.ticketId).length;
  }
  const tickets = await countTickets(db);
  await db.close();
  console.log(`restart:    /readyz ${ready.status}; ${tickets} tickets for ${all.length} acknowledged emails`);
  console.log(`acknowledged but missing after SIGKILL + restart: ${missing}`);
  rmSync(dir, { recursive: true, force: true });
  if (missing > 0) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  for (const child of running) child.kill("SIGKILL");
  process.exit(1);
});
