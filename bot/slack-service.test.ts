// The running service with Slack configured: the route is mounted, signatures are checked, and
// the outbox posts cards through the Slack target.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { fakeSlackApi } from "../adapters/slack/testing/slack-api.js";
import { signingSecret, slashCommand, teamId } from "../adapters/slack/testing/requests.js";
import { silentLogger } from "../core/log.js";
import { createTicket } from "../core/tickets/create-ticket.js";
import { freshDatabase, until } from "../test/harness.js";
import { startService } from "./service.js";
import { loadSettings } from "./settings.js";

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe("Slack in the running service", () => {
  it("posts cards through the outbox and takes signed commands at /slack/events", async () => {
    const db = await freshDatabase();
    await db.close();
    const slack = fakeSlackApi();
    nock.enableNetConnect("127.0.0.1");
    const dir = mkdtempSync(join(tmpdir(), "helpdesk-slack-svc-"));
    const config = join(dir, "config.json");
    writeFileSync(
      config,
      JSON.stringify({ agents: [{ id: "bob", name: "Bob", slackUserId: "U0BOB" }], slack: { triageChannels: [{ channel: "C0TRIAGE" }] } }),
    );
    const settings = loadSettings({
      DATABASE_URL: db.url,
      HELPDESK_CONFIG: config,
      PORT: "0",
      HOST: "127.0.0.1",
      OUTBOX_POLL_MS: "20",
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_BOT_USER_ID: "U0BOT",
      SLACK_BOT_ID: "B0BOT",
      SLACK_TEAM_ID: teamId,
    });
    const svc = await startService(settings, silentLogger);
    try {
      const ticket = await createTicket(
        svc.deps,
        { subject: "Printer on fire", requester: { email: "jo@acme.test" } },
        { type: "agent", agentId: "bob" },
      );
      const card = await until(() => slack.of("chat.postMessage").find((c) => c.body.channel === "C0TRIAGE"), "the card");
      expect(JSON.stringify(card.body.blocks)).toContain("Printer on fire");

      const url = `http://127.0.0.1:${svc.port}/slack/events`;
      const forged = slashCommand("U0BOB", `claim #${ticket.id}`, { nowMs: Date.now(), secret: "not-the-signing-secret" });
      expect((await fetch(new Request(url, forged))).status).toBe(401);

      const res = await fetch(new Request(url, slashCommand("U0BOB", `claim #${ticket.id}`, { nowMs: Date.now() })));
      expect(res.status).toBe(200);
      const owned = await until(
        async () => (await svc.deps.db.selectFrom("Ticket").select("ownerId").where("id", "=", ticket.id).executeTakeFirst())?.ownerId,
        "the claim",
      );
      expect(owned).toBe("bob");
      await until(() => slack.of("chat.update").length > 0, "the card update");
    } finally {
      await svc.stop();
      await db.drop();
    }
  });

  it("stays off, saying why, without its secrets", () => {
    const s = loadSettings({});
    expect((s.surfaces.slack!.section as { triageChannels: unknown[] }).triageChannels).toEqual([]);
    expect(() => loadSettings({ SLACK_BOT_TOKEN: "xoxp-user-token" })).toThrow(/SLACK_BOT_TOKEN: must be a bot token/);
    const dir = mkdtempSync(join(tmpdir(), "helpdesk-slack-cfg-"));
    const config = join(dir, "config.json");
    writeFileSync(config, JSON.stringify({ slack: { triageChannels: [{ channel: "C0TRIAGE", teamId: "ghost" }] } }));
    expect(() => loadSettings({ HELPDESK_CONFIG: config })).toThrow(/slack\.triageChannels\.0\.teamId: unknown team "ghost"/);
  });
});
