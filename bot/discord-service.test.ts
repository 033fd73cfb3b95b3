// The running service with Discord configured: the outbox posts tickets to the forum, the gateway
// login is tried on the replica holding the lease, and a refused token is said plainly.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { gatewayLeaseName } from "../adapters/discord/index.js";
import { testToken } from "../adapters/discord/testing/client.js";
import { fakeDiscordApi, testRest } from "../adapters/discord/testing/discord-api.js";
import { FORUM } from "../adapters/discord/testing/payloads.js";
import type { Logger } from "../core/log.js";
import { createTicket } from "../core/tickets/create-ticket.js";
import { freshDatabase, until } from "../test/harness.js";
import { startService } from "./service.js";
import { loadSettings, sharedChatPlaces } from "./settings.js";

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

function capturingLogger(lines: { level: string; msg: string; fields?: Record<string, unknown> }[]): Logger {
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) => void lines.push({ level, msg, fields });
  const log: Logger = { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"), child: () => log };
  return log;
}

function configFile(content: object): string {
  const file = join(mkdtempSync(join(tmpdir(), "helpdesk-discord-svc-")), "config.json");
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe("Discord in the running service", () => {
  it("posts tickets to the forum through the outbox, and says plainly when Discord refuses the token", async () => {
    const db = await freshDatabase();
    await db.close();
    const api = fakeDiscordApi({ forums: [FORUM] });
    api.next("GET", /^\/gateway\/bot$/, 401, { message: "401: Unauthorized", code: 0 });
    nock.enableNetConnect("127.0.0.1");
    const lines: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
    const settings = loadSettings({
      DATABASE_URL: db.url,
      PORT: "0",
      HOST: "127.0.0.1",
      OUTBOX_POLL_MS: "20",
      HELPDESK_CONFIG: configFile({
        agents: [{ id: "bob", name: "Bob", discordUserId: "100000000000000001" }],
        discord: { forums: [{ channel: FORUM }] },
      }),
      DISCORD_TOKEN: testToken,
    });
    const svc = await startService(settings, capturingLogger(lines), { discordRest: testRest });
    try {
      await createTicket(svc.deps, { subject: "Printer on fire", requester: { email: "jo@acme.test" } }, { type: "agent", agentId: "bob" });
      const post = await until(() => api.of("POST", `/channels/${FORUM}/threads`)[0], "the forum post");
      expect(post.body.name).toMatch(/^#\d+ Printer on fire$/);
      const refused = await until(() => lines.find((l) => l.level === "error" && /discord gateway/.test(l.msg)), "the login failure");
      expect(String(refused.fields?.err)).toMatch(/DISCORD_TOKEN was refused by Discord: reset the bot token/);
      // The lease is handed back, so a replica with a working token (or this one, later) can take it.
      expect(await svc.deps.db.selectFrom("Lease").select("name").where("name", "=", gatewayLeaseName).execute()).toEqual([]);
    } finally {
      await svc.stop();
      api.done();
      await db.drop();
    }
  });

  it("stays off without a token, saying so once at start", async () => {
    const db = await freshDatabase();
    await db.close();
    const lines: { level: string; msg: string }[] = [];
    const svc = await startService(loadSettings({ DATABASE_URL: db.url, PORT: "0", HOST: "127.0.0.1" }), capturingLogger(lines));
    try {
      expect(lines.filter((l) => /discord/.test(l.msg)).map((l) => l.msg)).toEqual(["discord: off (DISCORD_TOKEN is not set)"]);
    } finally {
      await svc.stop();
      await db.drop();
    }
  });

  it("refuses an agent role without its server, and names teams whose tickets land in a shared forum", () => {
    expect(() => loadSettings({ DISCORD_TOKEN: testToken, DISCORD_AGENT_ROLE_ID: "800000000000000001" })).toThrow(
      "invalid environment: DISCORD_AGENT_ROLE_ID needs DISCORD_GUILD_ID, the server the role belongs to",
    );
    const settings = loadSettings({
      HELPDESK_CONFIG: configFile({
        teams: [
          { id: "tier1", name: "Tier 1" },
          { id: "vip", name: "VIP" },
        ],
        discord: { forums: [{ channel: FORUM }, { channel: "200000000000000002", teamId: "vip" }] },
      }),
    });
    expect(sharedChatPlaces(settings)).toEqual(['discord: tickets of team "tier1" have no forum of their own and go to a shared one']);
  });

  it("refuses a bad token or a forum naming an unknown team before anything starts", () => {
    expect(() => loadSettings({ DISCORD_TOKEN: "Bot abc" })).toThrow(/DISCORD_TOKEN: must be a bot token/);
    expect(() => loadSettings({ HELPDESK_CONFIG: configFile({ discord: { forums: [{ channel: FORUM, teamId: "ghost" }] } }) })).toThrow(
      /discord\.forums\.0\.teamId: unknown team "ghost"/,
    );
    expect(() => loadSettings({ HELPDESK_CONFIG: configFile({ discord: { forums: [{ channel: "tickets" }] } }) })).toThrow(
      /discord\.forums\.0\.channel: must be a Discord id/,
    );
  });
});
