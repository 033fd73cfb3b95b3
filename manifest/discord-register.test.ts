import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { startLocalDiscord } from "../adapters/discord/testing/local-discord.js";
import { discordCommandsFile, registerDiscordCommands, registerPlan, type PutRequest } from "./discord-register.js";

const token = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789AB";
const app = "123456789012345678";
const guild = "987654321098765432";

describe("npm run discord:register", () => {
  it("PUTs the committed definitions to the server's commands when DISCORD_GUILD_ID is set", async () => {
    const put = vi.fn<PutRequest>(async (_route, body) => body);
    const r = registerPlan({ DISCORD_TOKEN: token, DISCORD_APPLICATION_ID: app, DISCORD_GUILD_ID: guild }, put);
    if (!r.ok) throw new Error(r.error);
    expect(r.plan.route).toBe(`/applications/${app}/guilds/${guild}/commands`);
    const n = await registerDiscordCommands(r.plan);
    const committed = JSON.parse(readFileSync(discordCommandsFile, "utf8")) as unknown[];
    expect(put).toHaveBeenCalledWith(`/applications/${app}/guilds/${guild}/commands`, committed);
    expect(n).toBe(committed.length);
  });

  it("registers globally without a server", () => {
    const r = registerPlan({ DISCORD_TOKEN: token, DISCORD_APPLICATION_ID: app }, async () => []);
    expect(r.ok && r.plan.route).toBe(`/applications/${app}/commands`);
  });

  it("fails with one clear message when a variable is missing or malformed", () => {
    expect(registerPlan({ DISCORD_APPLICATION_ID: app })).toEqual({
      ok: false,
      error: expect.stringMatching(/^DISCORD_TOKEN must be set/),
    });
    expect(registerPlan({})).toEqual({ ok: false, error: expect.stringMatching(/^DISCORD_TOKEN and DISCORD_APPLICATION_ID must be set/) });
    expect(registerPlan({ DISCORD_TOKEN: token, DISCORD_APPLICATION_ID: "my-app" })).toEqual({
      ok: false,
      error: expect.stringMatching(/^DISCORD_APPLICATION_ID: must be a Discord id/),
    });
  });

  it("sends to DISCORD_API_URL when set (a local stub or proxy)", async () => {
    const local = await startLocalDiscord({ token });
    try {
      const r = registerPlan({ DISCORD_TOKEN: token, DISCORD_APPLICATION_ID: app, DISCORD_GUILD_ID: guild, DISCORD_API_URL: local.apiUrl });
      if (!r.ok) throw new Error(r.error);
      const committed = JSON.parse(readFileSync(discordCommandsFile, "utf8")) as unknown[];
      expect(await registerDiscordCommands(r.plan)).toBe(committed.length);
      expect(local.of("PUT", `/applications/${app}/guilds/${guild}/commands`).map((c) => c.body)).toEqual([committed]);
    } finally {
      await local.close();
    }
  });

  it("builds the default request on discord.js REST without sending anything", () => {
    const r = registerPlan({ DISCORD_TOKEN: token, DISCORD_APPLICATION_ID: app });
    expect(r.ok && typeof r.plan.put).toBe("function");
  });
});
