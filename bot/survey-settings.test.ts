// The survey's settings at start: a link secret needs PUBLIC_URL and some length; a workflow sending
// surveys that nothing can deliver stops the start; surveys by email are on only with both.
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
      'workflow "survey" sends satisfaction surveys, which nothing can deliver: set SURVEY_LINK_SECRET and PUBLIC_URL for survey emails, or turn on Slack or Discord for surveys in chat',
    );
    // By email, or in chat only (Slack on), it starts.
    const byEmail = loadSettings({ ...base, HELPDESK_CONFIG: config, SURVEY_LINK_SECRET: secret, PUBLIC_URL: "https://hd.acme.test/" });
    expect(catalogFor(byEmail).surveysByEmail).toBe(true);
    const slack = configFile({ ...surveying, slack: { triageChannels: [{ channel: "C0ALL" }] } });
    const chatOnly = loadSettings({
      ...base,
      HELPDESK_CONFIG: slack,
      SLACK_BOT_TOKEN: "xoxb-1111-2222-slacktoken9f",
      SLACK_SIGNING_SECRET: "slack-signing-4e8b2c6d0a",
    });
    expect(catalogFor(chatOnly).surveysByEmail).toBe(false);
    // Off, the shipped example asks for nothing.
    expect(catalogFor(loadSettings(base)).surveysByEmail).toBe(false);
  });

  it("says at start where the survey links land, never the secret", () => {
    const settings = loadSettings({ ...base, SURVEY_LINK_SECRET: secret, PUBLIC_URL: "https://hd.acme.test" });
    const summary = startupSummary(settings, 3000);
    expect(summary.surveyEmails).toEqual({ on: true, base: "https://hd.acme.test/survey/" });
    const text = describeStartup(summary);
    expect(text).toContain("  surveys      on: emails with rating links https://hd.acme.test/survey/…");
    expect(JSON.stringify(summary) + text).not.toContain(secret);
  });
});
