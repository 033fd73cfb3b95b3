// The gateway mode of `npm run bench:discord`: the real service (bot/main.ts in its own process,
// as `npm start` runs it) against the local Discord in this process (adapters/discord/testing/
// local-discord.ts), DISCORD_API_URL pointing at it. Each interaction goes out as an
// INTERACTION_CREATE frame on the gateway's WebSocket; its latency runs from handing the frame to
// the socket to the interaction callback reaching the fake REST, both read on this process's
// clock. What the outbox posts meanwhile goes to the same REST (BENCH_API_DELAY_MS to answer) and
// comes back on the gateway as Discord would send it (THREAD_CREATE, MESSAGE_CREATE).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testToken } from "../adapters/discord/testing/client.js";
import { startLocalDiscord } from "../adapters/discord/testing/local-discord.js";
import { autocomplete, FORUM, GUILD } from "../adapters/discord/testing/payloads.js";
import { openDatabase, parseDatabaseUrl } from "../bot/db/connect.js";
import { startServiceProcess } from "../test/service-process.js";
import { workDone } from "./seed.js";
import { apiDelayMs, benchConfigInput, discordId, runRounds, seed, type Mode, type Raw, type Results } from "./discord-load.js";

export async function gatewayMode(): Promise<{ results: Results; work: { claims: number; notes: number } }> {
  const dir = mkdtempSync(join(tmpdir(), "helpdesk-bench-discord-gw-"));
  const dbUrl = `file:${join(dir, "helpdesk.db")}`;
  const seeded = await seed(dbUrl);
  await seeded.database.close();
  writeFileSync(join(dir, "helpdesk.json"), JSON.stringify({ ...benchConfigInput(), discord: { forums: [{ channel: FORUM }] } }));

  const discord = await startLocalDiscord({ token: testToken, delayMs: apiDelayMs });
  const answers = new Map<string, number>();
  const followUps = new Set<string>();
  const waiting = new Map<string, () => void>();
  discord.onCall((c) => {
    const callback = /^\/interactions\/(\d+)\/[^/]+\/callback$/.exec(c.path);
    if (callback) answers.set(callback[1]!, c.at);
    // A deferred answer is completed by editing the original response through the webhook.
    const hook = /^\/webhooks\/\d+\/([^/]+)/.exec(c.path);
    if (hook) followUps.add(hook[1]!);
    for (const [key, wake] of waiting) if (answers.has(key) || followUps.has(key)) wake();
  });
  const when = (key: string, seen: () => boolean) =>
    seen() ? Promise.resolve() : new Promise<void>((resolve) => waiting.set(key, () => seen() && (waiting.delete(key), resolve())));

  const service = startServiceProcess(
    {
      DATABASE_URL: dbUrl,
      HOST: "127.0.0.1",
      PORT: "0",
      // As the in-process dispatcher; warnings only, as the in-process mode logs nothing.
      OUTBOX_POLL_MS: "50",
      LOG_LEVEL: "warn",
      HELPDESK_CONFIG: join(dir, "helpdesk.json"),
      DISCORD_TOKEN: testToken,
      DISCORD_GUILD_ID: GUILD,
      DISCORD_API_URL: discord.apiUrl,
    },
    dir,
  );
  try {
    // Ready when an interaction gets answered (discord.js holds those back until its guild arrived).
    for (;;) {
      if (service.child.exitCode !== null) throw new Error(`service exited:\n${service.stderr()}`);
      if (discord.gateway.connected()) {
        const probe = autocomplete({ id: discordId(0) }, "show", "ticket", "bench");
        discord.gateway.dispatch("INTERACTION_CREATE", probe);
        const ok = await Promise.race([
          when(probe.id, () => answers.has(probe.id)).then(() => true),
          new Promise((r) => setTimeout(() => r(false), 2_000)),
        ]);
        if (ok) break;
      } else await new Promise((r) => setTimeout(r, 100));
    }

    const mode: Mode = {
      send(raw) {
        const at = performance.now();
        discord.gateway.dispatch("INTERACTION_CREATE", raw);
        return at;
      },
      answered: (raw: Raw) => when(raw.id, () => answers.has(raw.id)).then(() => answers.get(raw.id)!),
      async settle(batch) {
        const deferred = batch.filter((raw) => discord.callbackFor(raw.id)?.type === 5);
        const timeout = new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error("deferred answers not completed after 10 s")), 10_000).unref(),
        );
        await Promise.race([Promise.all(deferred.map((raw) => when(raw.token, () => followUps.has(raw.token)))), timeout]);
      },
    };
    const results = await runRounds(mode, seeded.ticketIds);
    service.child.kill("SIGTERM");
    if ((await service.exited) !== 0) throw new Error(`service did not stop cleanly:\n${service.stderr()}`);
    const after = await openDatabase(parseDatabaseUrl(dbUrl));
    const work = await workDone(after.db);
    await after.close();
    return { results, work };
  } finally {
    service.child.kill("SIGKILL");
    await discord.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
