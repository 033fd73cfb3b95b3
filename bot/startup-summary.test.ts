// The start-up log: one block naming what is on and what is off, with no secret in it.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freshDatabase, testProvider } from "../test/harness.js";
import { jsonLogger } from "./log.js";
import { startService } from "./service.js";
import { loadSettings } from "./settings.js";
import { describeStartup, startupSummary, type StartupSummary } from "./startup-summary.js";

const dir = mkdtempSync(join(tmpdir(), "helpdesk-startup-"));
function configFile(content: unknown): string {
  const f = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(f, JSON.stringify(content));
  return f;
}

/** Every secret the environments below hold; none may appear anywhere in a log. */
const secrets = {
  EMAIL_RAW_SECRET: "raw-secret-5f0c9e1d2b",
  POSTMARK_INBOUND_AUTH: "pm-user-7a1:pm-pass-3c9e",
  MAILGUN_SIGNING_KEY: "mailgun-key-8d2f4a",
  SLACK_BOT_TOKEN: "xoxb-1111-2222-slacktoken9f",
  SLACK_SIGNING_SECRET: "slack-signing-4e8b2c6d0a",
  SLACK_APP_TOKEN: "xapp-1-A111-3333-apptoken7c",
  DISCORD_TOKEN: "MTIzNDU2Nzg5MDEy.GdiscA.tokenpart-b81e5",
  FORM_CONTACT_SECRET: "form-secret-2a7d9c",
  ATTACHMENT_LINK_SECRET: "attachment-link-secret-0e4f1b",
};
const smtpUser = "mailer-9b3e";
const smtpPassword = "smtp-pass-6e1f0a";
const pgUser = "helpdesk-user-4d2c";
const pgPassword = "pg-pass-1c8e7b";
const secretWords = [...Object.values(secrets).flatMap((v) => [v, ...v.split(":")]), smtpUser, smtpPassword, pgUser, pgPassword];

function expectNoSecret(text: string): void {
  for (const word of secretWords) expect(text, `the log holds "${word}"`).not.toContain(word);
}

describe("start-up summary", () => {
  it("is one log line naming what is on and what is off, without secrets", async () => {
    const db = await freshDatabase();
    await db.close();
    const config = configFile({
      teams: [{ id: "tier1", name: "Tier 1" }],
      inboxes: [
        { address: "help@acme.test", name: "Acme Help", default: true },
        { address: "vip@acme.test", teamId: "tier1" },
      ],
      forms: [{ id: "contact", secretEnv: "FORM_CONTACT_SECRET", teamId: "tier1" }],
      slack: {
        triageChannels: [{ channel: "C0TIER1", teamId: "tier1" }, { channel: "C0ALL" }],
        agentUserGroups: [{ usergroup: "S0LEADS", role: "admin" }],
      },
    });
    const lines: string[] = [];
    const settings = loadSettings({
      DATABASE_URL: db.url,
      HELPDESK_CONFIG: config,
      PORT: "0",
      HOST: "127.0.0.1",
      SMTP_URL: `smtp://${smtpUser}:${smtpPassword}@127.0.0.1:2525`,
      EMAIL_RAW_SECRET: secrets.EMAIL_RAW_SECRET,
      POSTMARK_INBOUND_AUTH: secrets.POSTMARK_INBOUND_AUTH,
      MAILGUN_SIGNING_KEY: secrets.MAILGUN_SIGNING_KEY,
      SLACK_BOT_TOKEN: secrets.SLACK_BOT_TOKEN,
      SLACK_SIGNING_SECRET: secrets.SLACK_SIGNING_SECRET,
      // With the bot's ids known, Slack is not asked anything at start.
      SLACK_BOT_USER_ID: "U0BOT",
      SLACK_BOT_ID: "B0BOT",
      // A token but no forum: Discord stays off and says why.
      DISCORD_TOKEN: secrets.DISCORD_TOKEN,
      FORM_CONTACT_SECRET: secrets.FORM_CONTACT_SECRET,
    });
    const svc = await startService(
      settings,
      jsonLogger("info", {}, (l) => lines.push(l)),
    );
    await svc.stop();
    try {
      const logged = lines.map((l) => JSON.parse(l) as { msg: string; summary?: StartupSummary; text?: string });
      const blocks = logged.filter((l) => l.msg === "start-up summary");
      expect(blocks).toHaveLength(1);
      const { summary, text } = blocks[0]!;
      expect(summary).toMatchObject({
        http: { host: "127.0.0.1", port: svc.port },
        config: { source: config, pipelines: ["support"], teams: 1, agents: 0 },
        emailIntake: {
          on: ["raw", "postmark", "mailgun"],
          off: ["sendgrid"],
          inboxes: [
            { address: "help@acme.test", default: true },
            { address: "vip@acme.test", default: false },
          ],
        },
        forms: [{ id: "contact", kind: "signed" }],
        emailReplies: { on: true, server: "smtp://127.0.0.1:2525" },
        chat: {
          slack: {
            on: true,
            mode: "http",
            triageChannels: [{ channel: "C0TIER1", teamId: "tier1" }, { channel: "C0ALL" }],
            agentUserGroups: ["S0LEADS"],
          },
          discord: { on: false, why: "no discord.forums in the configuration to post tickets in" },
        },
      });
      if (testProvider === "sqlite") {
        expect(summary!.database).toEqual({ kind: "sqlite", path: db.url.slice("file:".length), synchronous: "full" });
      } else {
        expect(summary!.database).toMatchObject({
          kind: "postgresql",
          host: new URL(db.url).hostname,
          schema: new URL(db.url).searchParams.get("schema"),
        });
      }
      expect(text!.split("\n")).toEqual([
        `help desk listening on 127.0.0.1:${svc.port}`,
        expect.stringMatching(/^ {2}database {5}(SQLite .* \(synchronous full\)|PostgreSQL )/),
        `  config       ${config}: pipelines support; teams 1; agents 0`,
        "  email in     on: raw, postmark, mailgun; off (no credentials): sendgrid; inboxes: help@acme.test (default), vip@acme.test",
        "  forms        contact (signed)",
        "  email out    on: SMTP smtp://127.0.0.1:2525",
        "  slack        on: HTTP, POST /slack/events; triage channels C0TIER1 (team tier1), C0ALL (everything else); agent user groups S0LEADS",
        "  discord      off: no discord.forums in the configuration to post tickets in",
        "  attachments  off: ATTACHMENT_LINK_SECRET and PUBLIC_URL are not both set; chat lists attachment names and sizes only",
        "  dashboard    off: PUBLIC_URL is not set; /ticket dashboard tells agents the dashboard is not set up",
        "  surveys      off: SURVEY_LINK_SECRET and PUBLIC_URL are not both set; surveys go only to requesters who wrote in from chat",
      ]);
      expectNoSecret(lines.join(""));
    } finally {
      await db.drop();
    }
  });

  it("names Discord's forums, Socket Mode and a PostgreSQL server without its user or password", () => {
    const config = configFile({
      pipelines: [
        {
          id: "support",
          name: "Support",
          default: true,
          statuses: [
            { id: "new", name: "New", category: "OPEN" },
            { id: "done", name: "Done", category: "CLOSED" },
          ],
        },
        {
          id: "billing",
          name: "Billing",
          statuses: [
            { id: "new", name: "New", category: "OPEN" },
            { id: "done", name: "Done", category: "CLOSED" },
          ],
        },
      ],
      slack: { triageChannels: [{ channel: "C0ALL" }] },
      discord: { forums: [{ channel: "123456789012345678", pipelineId: "billing" }, { channel: "223456789012345678" }] },
    });
    const settings = loadSettings({
      DATABASE_URL: `postgres://${pgUser}:${pgPassword}@db.internal:6543/helpdesk?schema=hd&sslmode=require`,
      DATABASE_POOL_SIZE: "4",
      HELPDESK_CONFIG: config,
      SMTP_URL: `smtps://${smtpUser}:${smtpPassword}@mail.acme.test:465`,
      SLACK_SOCKET_MODE: "true",
      SLACK_BOT_TOKEN: secrets.SLACK_BOT_TOKEN,
      SLACK_APP_TOKEN: secrets.SLACK_APP_TOKEN,
      DISCORD_TOKEN: secrets.DISCORD_TOKEN,
      DISCORD_GUILD_ID: "323456789012345678",
      DISCORD_AGENT_ROLE_ID: "423456789012345678",
      PUBLIC_URL: "https://helpdesk.acme.test/",
      ATTACHMENT_LINK_SECRET: secrets.ATTACHMENT_LINK_SECRET,
    });
    const summary = startupSummary(settings, 3000);
    expect(summary).toMatchObject({
      database: { kind: "postgresql", host: "db.internal", port: "6543", database: "helpdesk", schema: "hd", poolSize: 4 },
      emailIntake: { on: [], off: ["raw", "postmark", "sendgrid", "mailgun"], inboxes: [] },
      forms: [],
      // SMTP is set, but with no inbox there is no address to send from.
      emailReplies: { on: false, why: "no inbox in the configuration to send from" },
      chat: {
        slack: { on: true, mode: "socket", triageChannels: [{ channel: "C0ALL" }], agentUserGroups: [] },
        discord: {
          on: true,
          guildId: "323456789012345678",
          agentRoleId: "423456789012345678",
          forums: [{ channel: "123456789012345678", pipelineId: "billing" }, { channel: "223456789012345678" }],
        },
      },
    });
    const text = describeStartup(summary);
    expect(text).toContain("  database     PostgreSQL db.internal:6543/helpdesk, schema hd, pool 4");
    expect(text).toContain("  email in     on: none; off (no credentials): raw, postmark, sendgrid, mailgun; inboxes: none");
    expect(text).toContain("  slack        on: Socket Mode; triage channels C0ALL (everything else); agent user groups none");
    expect(summary.attachmentLinks).toEqual({ on: true, base: "https://helpdesk.acme.test/attachments/", days: 7 });
    expect(text).toContain("  attachments  on: links https://helpdesk.acme.test/attachments/… working 7 days");
    expect(summary.dashboard).toEqual({ on: true, url: "https://helpdesk.acme.test/dashboard", secureCookies: true });
    expect(text).toContain("  dashboard    on: https://helpdesk.acme.test/dashboard, sign-in links from /ticket dashboard");
    expect(text).toContain(
      "  discord      on: server 323456789012345678; forums 123456789012345678 (pipeline billing), 223456789012345678 (everything else); agent role 423456789012345678",
    );
    expectNoSecret(JSON.stringify(summary) + text);
  });

  it("says the dashboard's session cookies go unencrypted when PUBLIC_URL is plain http", () => {
    const settings = loadSettings({ DATABASE_URL: "file:./unused.db", PUBLIC_URL: "http://10.0.0.5:3000" });
    const summary = startupSummary(settings, 3000);
    expect(summary.dashboard).toEqual({ on: true, url: "http://10.0.0.5:3000/dashboard", secureCookies: false });
    expect(describeStartup(summary)).toContain(
      "  dashboard    on: http://10.0.0.5:3000/dashboard, sign-in links from /ticket dashboard; PUBLIC_URL is not https, so session cookies are sent unencrypted",
    );
  });
});
