import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { actionNames } from "../core/actions/catalog.js";
import { commandUsage } from "../adapters/slack/commands.js";
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
    expect(m.oauth_config.scopes.bot).toEqual(expect.arrayContaining(["chat:write", "commands", "channels:history"]));
  });
});
