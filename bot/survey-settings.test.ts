// The survey's settings at start: a link secret needs PUBLIC_URL and some length; a workflow sending
// surveys that nothing can deliver stops the start; surveys by email are on only with the links
// (SURVEY_LINK_SECRET and PUBLIC_URL) and outbound mail (SMTP_URL and an inbox).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { catalogFor, loadSettings } from "./settings.js";
import { describeStartup, startupSummary } from "./startup-summary.js";

const dir = mkdtempSync(join(tmpdir(), "helpdesk-survey-settings-"));
function configFile(content: unknown): string {
  const f = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(f, JSON.stringify(content));
  return f;
}

const base = { DATABASE_URL: "file:./unused.db" };
const secret = "survey-link-secret-3f9a0c";
const links = { SURVEY_LINK_SECRET: secret, PUBLIC_URL: "https://hd.acme.test/" };
/** Outbound mail: SMTP_URL, and (in the configuration) an inbox to send from. */
const mail = { SMTP_URL: "smtp://127.0.0.1:2525" };
const inbox = { inboxes: [{ address: "help@acme.test", default: true }] };
const slackOn = { SLACK_BOT_TOKEN: "xoxb-1111-2222-slacktoken9f", SLACK_SIGNING_SECRET: "slack-signing-4e8b2c6d0a" };
const surveying = {
  workflows: [{ id: "survey", name: "Survey", trigger: { on: "status_changed", to: ["resolved"] }, actions: [{ do: "send_survey" }] }],
};

describe("survey settings", () => {
  it("refuses a short link secret, and one without PUBLIC_URL", () => {
    expect(() => loadSettings({ ...base, SURVEY_LINK_SECRET: "short", PUBLIC_URL: "https://hd.acme.test" })).toThrow(
      "invalid environment: SURVEY_LINK_SECRET: use at least 16 characters",
    );
    expect(() => loadSettings({ ...base, SURVEY_LINK_SECRET: secret })).toThrow(
      "invalid environment: SURVEY_LINK_SECRET needs PUBLIC_URL, the address survey links start with",
    );
  });

  it("stops the start when a workflow sends surveys that nothing can deliver", () => {
    const config = configFile(surveying);
    expect(() => loadSettings({ ...base, HELPDESK_CONFIG: config })).toThrow(
      'workflow "survey" sends satisfaction surveys, which nothing can deliver: survey emails are off (SURVEY_LINK_SECRET and PUBLIC_URL are not both set, and outbound mail is off (SMTP_URL is not set)) and no chat surface is on; set SURVEY_LINK_SECRET, PUBLIC_URL and SMTP_URL (with an inbox to send from) for survey emails, or turn on Slack or Discord for surveys in chat',
    );
    // By email (links and outbound mail), or in chat only (Slack on), it starts.
    const byEmail = loadSettings({ ...base, ...mail, HELPDESK_CONFIG: configFile({ ...surveying, ...inbox }), ...links });
    expect(catalogFor(byEmail).surveysByEmail).toBe(true);
    const slack = configFile({ ...surveying, slack: { triageChannels: [{ channel: "C0ALL" }] } });
    const chatOnly = loadSettings({ ...base, HELPDESK_CONFIG: slack, ...slackOn });
    expect(catalogFor(chatOnly).surveysByEmail).toBe(false);
    // Off, the shipped example asks for nothing.
    expect(catalogFor(loadSettings(base)).surveysByEmail).toBe(false);
  });

  it("stops the start when survey links are set but outbound mail is off and no chat surface is on", () => {
    // No SMTP_URL: the survey emails would wait in the outbox for ever.
    expect(() => loadSettings({ ...base, HELPDESK_CONFIG: configFile({ ...surveying, ...inbox }), ...links })).toThrow(
      'workflow "survey" sends satisfaction surveys, which nothing can deliver: survey emails are off (outbound mail is off (SMTP_URL is not set)) and no chat surface is on; set SURVEY_LINK_SECRET, PUBLIC_URL and SMTP_URL (with an inbox to send from) for survey emails, or turn on Slack or Discord for surveys in chat',
    );
    // SMTP_URL but no inbox to send from.
    expect(() => loadSettings({ ...base, ...mail, HELPDESK_CONFIG: configFile(surveying), ...links })).toThrow(
      "survey emails are off (outbound mail is off (no inbox in the configuration to send from)) and no chat surface is on",
    );
  });

  it("with survey links but no SMTP_URL, starts for chat requesters only: survey emails off, and said why", () => {
    const config = configFile({ ...surveying, ...inbox, slack: { triageChannels: [{ channel: "C0ALL" }] } });
    const settings = loadSettings({ ...base, HELPDESK_CONFIG: config, ...links, ...slackOn });
    expect(catalogFor(settings).surveysByEmail).toBe(false);
    const summary = startupSummary(settings, 3000);
    expect(summary.surveyEmails).toEqual({
      on: false,
      why: "outbound mail is off (SMTP_URL is not set); surveys go only to requesters who wrote in from chat",
    });
    expect(describeStartup(summary)).toContain(
      "  surveys      off: outbound mail is off (SMTP_URL is not set); surveys go only to requesters who wrote in from chat",
    );
    // Nor with SMTP_URL and no inbox to send from.
    const noInbox = loadSettings({
      ...base,
      ...mail,
      HELPDESK_CONFIG: configFile({ ...surveying, slack: { triageChannels: [{ channel: "C0ALL" }] } }),
      ...links,
      ...slackOn,
    });
    expect(catalogFor(noInbox).surveysByEmail).toBe(false);
    expect(startupSummary(noInbox, 3000).surveyEmails).toEqual({
      on: false,
      why: "outbound mail is off (no inbox in the configuration to send from); surveys go only to requesters who wrote in from chat",
    });
  });

  it("turns survey emails on with the links, SMTP_URL and an inbox", () => {
    const settings = loadSettings({ ...base, ...mail, HELPDESK_CONFIG: configFile({ ...surveying, ...inbox }), ...links });
    expect(catalogFor(settings).surveysByEmail).toBe(true);
    expect(startupSummary(settings, 3000).surveyEmails).toEqual({ on: true, base: "https://hd.acme.test/survey/" });
  });

  it("says at start where the survey links land, never the secret", () => {
    const settings = loadSettings({
      ...base,
      ...mail,
      HELPDESK_CONFIG: configFile(inbox),
      SURVEY_LINK_SECRET: secret,
      PUBLIC_URL: "https://hd.acme.test",
    });
    const summary = startupSummary(settings, 3000);
    expect(summary.surveyEmails).toEqual({ on: true, base: "https://hd.acme.test/survey/" });
    const text = describeStartup(summary);
    expect(text).toContain("  surveys      on: emails with rating links https://hd.acme.test/survey/…");
    expect(JSON.stringify(summary) + text).not.toContain(secret);
  });

  it("says at start that survey emails are off without their links", () => {
    const settings = loadSettings({ ...base, ...mail, HELPDESK_CONFIG: configFile(inbox), PUBLIC_URL: "https://hd.acme.test" });
    expect(startupSummary(settings, 3000).surveyEmails).toEqual({
      on: false,
      why: "SURVEY_LINK_SECRET and PUBLIC_URL are not both set; surveys go only to requesters who wrote in from chat",
    });
  });
});
