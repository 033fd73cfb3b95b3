import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { actionNames } from "../core/actions/catalog.js";
import { commandUsage } from "../adapters/slack/commands.js";
import { locales } from "../core/i18n/locale.js";
import { slackManifest, slackManifestText } from "./slack.js";

describe("Slack app manifest", () => {
  it("is committed as generated (run `npm run manifest` after changing the catalogue)", () => {
    const committed = readFileSync(fileURLToPath(new URL("./slack-app.json", import.meta.url)), "utf8");
    expect(committed).toBe(slackManifestText());
  });

  it("points every Slack request at the one route and offers every catalogue action in /ticket", () => {
    const m = slackManifest("https://desk.acme.example/");
    const url = "https://desk.acme.example/slack/events";
    expect(m.settings.interactivity.request_url).toBe(url);
    expect(m.settings.event_subscriptions.request_url).toBe(url);
    const cmd = m.features.slash_commands[0]!;
    expect(cmd.url).toBe(url);
    for (const a of actionNames) expect(cmd.usage_hint.split(" | ")).toContain(commandUsage[a].split(" ")[0]);
    // And the two subcommands that are not catalogue actions.
    expect(cmd.usage_hint.split(" | ")).toEqual(expect.arrayContaining(["connect", "disconnect"]));
    expect(m.oauth_config.scopes.bot).toEqual(expect.arrayContaining(["chat:write", "commands", "channels:history"]));
  });

  it("comes in Japanese too, committed as generated, with the same requests, commands and scopes", () => {
    const committed = readFileSync(fileURLToPath(new URL("./slack-app.ja.json", import.meta.url)), "utf8");
    expect(committed).toBe(slackManifestText(undefined, "ja"));
    const en = slackManifest("https://desk.acme.example/");
    const ja = slackManifest("https://desk.acme.example/", "ja");
    expect(ja.settings).toEqual(en.settings);
    expect(ja.oauth_config).toEqual(en.oauth_config);
    expect(ja.features.slash_commands.map((c) => [c.command, c.url, c.usage_hint])).toEqual(
      en.features.slash_commands.map((c) => [c.command, c.url, c.usage_hint]),
    );
    expect(ja.features.shortcuts.map((s) => s.callback_id)).toEqual(en.features.shortcuts.map((s) => s.callback_id));
    expect(ja.display_information.long_description).toMatch(/担当者/);
    expect(ja.features.shortcuts[0]!.name).toBe("チケットを作成");
  });

  it("keeps within Slack's limits on app texts in every language", () => {
    // https://docs.slack.dev/reference/app-manifest: long_description 174 to 4,000 characters.
    for (const locale of locales) {
      const m = slackManifest(undefined, locale);
      expect(m.display_information.name.length).toBeLessThanOrEqual(35);
      expect(m.display_information.description.length).toBeLessThanOrEqual(140);
      expect(m.display_information.long_description.length).toBeGreaterThanOrEqual(174);
      expect(m.display_information.long_description.length).toBeLessThanOrEqual(4000);
      for (const s of m.features.shortcuts) {
        expect(s.name.length).toBeLessThanOrEqual(24);
        expect(s.description.length).toBeLessThanOrEqual(150);
      }
    }
  });
});
