// A chat surface turned on after tickets exist: at start it gets one card for each open ticket it
// never showed, delivered through the fake Slack and Discord APIs, and never a second one; and
// `npm run chat:backfill` queues the same on demand.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { testToken } from "../adapters/discord/testing/client.js";
import { fakeDiscordApi, testRest } from "../adapters/discord/testing/discord-api.js";
import { FORUM } from "../adapters/discord/testing/payloads.js";
import { fakeSlackApi } from "../adapters/slack/testing/slack-api.js";
import { signingSecret } from "../adapters/slack/testing/requests.js";
import type { Logger } from "../core/log.js";
import { silentLogger } from "../core/log.js";
import { OutboxDispatcher } from "../core/outbox/dispatcher.js";
import { syncDirectory } from "../core/agents/sync-directory.js";
import { buildCatalog } from "../core/config.js";
import { changeStatus } from "../core/tickets/change-status.js";
import { createTicket } from "../core/tickets/create-ticket.js";
import { deleteTicket } from "../core/tickets/delete-ticket.js";
import { freshDatabase, until, type TestDatabase } from "../test/harness.js";
import { startService, type RunningService } from "./service.js";
import { loadSettings } from "./settings.js";

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const config = {
  agents: [
    { id: "ada", name: "Ada", role: "admin" },
    { id: "bob", name: "Bob", slackUserId: "U0BOB", discordUserId: "100000000000000001" },
  ],
  slack: { triageChannels: [{ channel: "C0TRIAGE" }] },
  discord: { forums: [{ channel: FORUM }] },
};

function configFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), "helpdesk-backfill-")), "config.json");
  writeFileSync(file, JSON.stringify(config));
  return file;
}

const slackEnv = {
  SLACK_BOT_TOKEN: "xoxb-test-token",
  SLACK_SIGNING_SECRET: signingSecret,
  SLACK_BOT_USER_ID: "U0BOT",
  SLACK_BOT_ID: "B0BOT",
};

function capturing(lines: string[]): Logger {
  const log: Logger = {
    debug() {},
    info: (m) => void lines.push(m),
    warn: (m) => void lines.push(m),
    error: (m) => void lines.push(m),
    child: () => log,
  };
  return log;
}

/** Starts the service on `db` with these surfaces, runs `fn`, and stops it once the outbox is drained (unless nothing can drain it). */
async function withService(
  db: TestDatabase,
  env: Record<string, string>,
  fn: (svc: RunningService, lines: string[]) => Promise<void>,
  opts = { drain: true },
): Promise<void> {
  const lines: string[] = [];
  const settings = loadSettings({
    DATABASE_URL: db.url,
    HELPDESK_CONFIG: configFile(),
    PORT: "0",
    HOST: "127.0.0.1",
    OUTBOX_POLL_MS: "20",
    ...env,
  });
  const svc = await startService(settings, capturing(lines), { discordRest: testRest });
  try {
    await fn(svc, lines);
    if (opts.drain)
      await until(
        async () =>
          Number(
            (
              await svc.deps.db
                .selectFrom("Outbox")
                .select((eb) => eb.fn.countAll<number>().as("n"))
                .where("status", "=", "pending")
                .executeTakeFirstOrThrow()
            ).n,
          ) === 0,
        "the outbox to drain",
      );
  } finally {
    await svc.stop();
  }
}

const isCard = (c: { body: Record<string, unknown> }) => !c.body.thread_ts;

describe("cards for tickets a chat surface never showed", () => {
  it("posts one Discord post per open ticket when Discord is turned on after Slack, and none again on the next start", async () => {
    const db = await freshDatabase();
    await db.close();
    const slack = fakeSlackApi();
    const discord = fakeDiscordApi({ forums: [FORUM] });
    nock.enableNetConnect("127.0.0.1");
    const subjects: string[] = [];
    try {
      await withService(db, slackEnv, async (svc) => {
        for (const s of ["Printer on fire", "VPN down", "Refund"]) {
          await createTicket(svc.deps, { subject: s }, { type: "agent", agentId: "bob" });
          subjects.push(s);
        }
        const closed = await createTicket(svc.deps, { subject: "Solved already" }, { type: "agent", agentId: "bob" });
        await changeStatus(svc.deps, { ticketId: closed.id, statusId: "closed" }, { type: "agent", agentId: "bob" });
        const deleted = await createTicket(svc.deps, { subject: "Spam" }, { type: "agent", agentId: "bob" });
        await deleteTicket(svc.deps, { ticketId: deleted.id }, { type: "agent", agentId: "ada" });
      });
      expect(slack.of("chat.postMessage").filter(isCard)).toHaveLength(5);
      expect(discord.calls).toHaveLength(0);

      await withService(db, { ...slackEnv, DISCORD_TOKEN: testToken }, async (_svc, lines) => {
        await until(() => lines.includes("backfill discord: done, 3 cards queued for 3 open tickets"), "the Discord backfill");
        expect(lines).toContain("backfill slack: done, 0 cards queued for 3 open tickets");
        expect(lines).toContain("backfill discord: 3/3 open tickets checked, 3 cards queued");
      });
      const posts = () => discord.of("POST", `/channels/${FORUM}/threads`).map((c) => String(c.body.name).replace(/^#\d+ /, ""));
      expect(posts().sort()).toEqual([...subjects].sort());
      // Slack already had every card: nothing posted there again.
      expect(slack.of("chat.postMessage").filter(isCard)).toHaveLength(5);

      await withService(db, { ...slackEnv, DISCORD_TOKEN: testToken }, async (_svc, lines) => {
        await until(() => lines.includes("backfill discord: done, 0 cards queued for 3 open tickets"), "the second backfill");
      });
      expect(posts()).toHaveLength(3);
      expect(slack.of("chat.postMessage").filter(isCard)).toHaveLength(5);
    } finally {
      slack.done();
      discord.done();
      await db.drop();
    }
  });

  it("gives tickets that waited for any chat surface one card each, not one from the waiting rows and another from the backfill", async () => {
    const db = await freshDatabase();
    await db.close();
    const slack = fakeSlackApi();
    nock.enableNetConnect("127.0.0.1");
    try {
      const ids: number[] = [];
      await withService(
        db,
        {},
        async (svc) => {
          for (const s of ["Printer on fire", "VPN down"])
            ids.push((await createTicket(svc.deps, { subject: s, text: `About ${s}` }, { type: "agent", agentId: "bob" })).id);
        },
        { drain: false },
      );
      await withService(db, slackEnv, async (svc, lines) => {
        await until(() => lines.some((l) => l.startsWith("backfill slack: done")), "the Slack backfill");
        await until(
          async () =>
            Number(
              (
                await svc.deps.db
                  .selectFrom("ChatLink")
                  .select((eb) => eb.fn.countAll<number>().as("n"))
                  .where("surface", "=", "slack")
                  .where("role", "=", "card")
                  .where("messageId", "is not", null)
                  .executeTakeFirstOrThrow()
              ).n,
            ) === 2,
          "the cards",
        );
      });
      const cards = slack.of("chat.postMessage").filter(isCard);
      expect(cards.map((c) => JSON.stringify(c.body.blocks).match(/\*#(\d+)\*/)?.[1]).sort()).toEqual(ids.map(String).sort());
      // Their first messages came with them, from the rows that waited.
      expect(slack.of("chat.postMessage").filter((c) => c.body.thread_ts)).toHaveLength(2);
    } finally {
      slack.done();
      await db.drop();
    }
  });
});

describe("npm run chat:backfill", () => {
  const tsx = join(import.meta.dirname, "..", "node_modules", ".bin", "tsx");
  const run = (env: Record<string, string>) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(tsx, [join(import.meta.dirname, "chat-backfill-cli.ts")], {
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      let err = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      child.stderr.on("data", (d: Buffer) => (err += d.toString()));
      child.on("exit", (code) => resolve({ code, out, err }));
    });

  // Two runs of a real process: slow on a busy machine.
  it("queues the missing Slack cards and exits; run again, it queues none", { timeout: 90_000 }, async () => {
    const db = await freshDatabase();
    try {
      const settings = loadSettings({ HELPDESK_CONFIG: configFile() });
      const deps = { db: db.db, catalog: buildCatalog(settings.config), now: () => new Date() };
      await syncDirectory(deps, settings.config);
      for (const s of ["one", "two"]) await createTicket(deps, { subject: s }, { type: "agent", agentId: "bob" });
      // Delivered by a service that had Discord only.
      const d = new OutboxDispatcher({ deps, targets: { discord: { deliver: async () => {} } }, log: silentLogger });
      while ((await d.runOnce()) > 0);
      const env = { DATABASE_URL: db.url, HELPDESK_CONFIG: configFile(), LOG_LEVEL: "info", ...slackEnv };

      const first = await run(env);
      expect(first.err).toBe("");
      expect(first.code).toBe(0);
      expect(first.out).toContain('"msg":"backfill slack: done, 2 cards queued for 2 open tickets"');
      expect(await db.prisma.outbox.count({ where: { target: "slack", topic: "ticket.changed", status: "pending" } })).toBe(2);

      const second = await run(env);
      expect(second.code).toBe(0);
      expect(second.out).toContain('"msg":"backfill slack: done, 0 cards queued for 2 open tickets"');
      expect(await db.prisma.outbox.count({ where: { target: "slack", topic: "ticket.changed" } })).toBe(2);
    } finally {
      await db.drop();
    }
  });
});
