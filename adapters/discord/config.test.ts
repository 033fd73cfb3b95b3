import { describe, expect, it } from "vitest";
import { DiscordConfig, DiscordEnv, discordSettings, forumFor, panelRoute } from "./config.js";

const token = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789AB";
const forum = "112233445566778899";
const cfg = (forums: unknown[]) => DiscordConfig.parse({ discord: { forums } }).discord;

describe("Discord configuration", () => {
  it("is off, saying why, without a token", () => {
    const r = discordSettings(DiscordEnv.parse({}), cfg([{ channel: forum }]));
    expect(r).toEqual({ ok: false, off: "DISCORD_TOKEN is not set" });
  });

  it("is off without a forum to post in", () => {
    const r = discordSettings(DiscordEnv.parse({ DISCORD_TOKEN: token }), DiscordConfig.parse({}).discord);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.off).toMatch(/discord\.forums/);
  });

  it("is off when an agent role is given without its server", () => {
    const r = discordSettings(
      DiscordEnv.parse({ DISCORD_TOKEN: token, DISCORD_AGENT_ROLE_ID: "223344556677889900" }),
      cfg([{ channel: forum }]),
    );
    expect(r).toEqual({ ok: false, off: expect.stringMatching(/DISCORD_GUILD_ID/) });
  });

  it("is on with a token and a forum, carrying the ids", () => {
    const env = DiscordEnv.parse({
      DISCORD_TOKEN: ` ${token} `,
      DISCORD_APPLICATION_ID: "123456789012345678",
      DISCORD_GUILD_ID: "987654321098765432",
      DISCORD_AGENT_ROLE_ID: "223344556677889900",
    });
    const r = discordSettings(env, cfg([{ channel: forum, pipelineId: "support" }]));
    expect(r).toEqual({
      ok: true,
      settings: {
        token,
        applicationId: "123456789012345678",
        guildId: "987654321098765432",
        agentRoleId: "223344556677889900",
        forums: [{ channel: forum, pipelineId: "support" }],
        panel: { questions: [], repeatWindowSeconds: 600, channels: [] },
        gatewayLeaseMs: 30_000,
      },
    });
  });

  it("takes a REST base for local stubs and proxies, and a gateway lease time", () => {
    const env = DiscordEnv.parse({
      DISCORD_TOKEN: token,
      DISCORD_API_URL: "http://127.0.0.1:8080/api/",
      DISCORD_GATEWAY_LEASE_SECONDS: "6",
    });
    const r = discordSettings(env, cfg([{ channel: forum }]));
    expect(r.ok && r.settings).toMatchObject({ apiUrl: "http://127.0.0.1:8080/api", gatewayLeaseMs: 6_000 });
    expect(DiscordEnv.safeParse({ DISCORD_API_URL: "ws://127.0.0.1:8080" }).error?.issues[0]?.message).toMatch(/must be an http\(s\) URL/);
    expect(DiscordEnv.safeParse({ DISCORD_API_URL: "discord.com/api" }).success).toBe(false);
    expect(DiscordEnv.safeParse({ DISCORD_GATEWAY_LEASE_SECONDS: "1" }).success).toBe(false);
  });

  it("rejects ids that are not snowflakes and tokens with a Bot prefix", () => {
    expect(DiscordEnv.safeParse({ DISCORD_GUILD_ID: "my-server" }).success).toBe(false);
    expect(DiscordEnv.safeParse({ DISCORD_APPLICATION_ID: "12" }).success).toBe(false);
    expect(DiscordEnv.safeParse({ DISCORD_TOKEN: `Bot ${token}` }).success).toBe(false);
    expect(DiscordConfig.safeParse({ discord: { forums: [{ channel: "#support" }] } }).success).toBe(false);
  });

  it("rejects a forum naming both a pipeline and a team, and a forum listed twice", () => {
    expect(DiscordConfig.safeParse({ discord: { forums: [{ channel: forum, pipelineId: "a", teamId: "b" }] } }).success).toBe(false);
    expect(DiscordConfig.safeParse({ discord: { forums: [{ channel: forum }, { channel: forum, teamId: "b" }] } }).success).toBe(false);
  });

  it("takes the support panel's questions (at most 3, ids apart from the form's own, labels per language)", () => {
    const panel = (questions: unknown[]) => DiscordConfig.safeParse({ discord: { forums: [{ channel: forum }], panel: { questions } } });
    const order = { id: "order", label: { en: "Order number", ja: "注文番号" } };
    expect(panel([order]).data?.discord.panel.questions).toEqual([{ ...order, style: "short", required: false }]);
    expect(panel([order, { id: "a", label: "A" }, { id: "b", label: "B", style: "paragraph", required: true }]).success).toBe(true);
    expect(panel([order, { id: "a", label: "A" }, { id: "b", label: "B" }, { id: "c", label: "C" }]).success).toBe(false);
    expect(panel([{ id: "subject", label: "Subject" }]).success).toBe(false);
    expect(panel([order, { ...order, label: "Again" }]).success).toBe(false);
    expect(panel([{ id: "x", label: {} }]).success).toBe(false);
    expect(panel([{ id: "x", label: "L".repeat(46) }]).success).toBe(false);
  });

  it("takes the support panel's pipeline, team and repeat window (ten minutes unless told), and other routes for some channels", () => {
    const panel = (p: object) => DiscordConfig.safeParse({ discord: { forums: [{ channel: forum }], panel: p } });
    expect(panel({ teamId: "billing", pipelineId: "support" }).data?.discord.panel).toEqual({
      questions: [],
      teamId: "billing",
      pipelineId: "support",
      repeatWindowSeconds: 600,
      channels: [],
    });
    const billing = { channel: "100000000000000009", teamId: "billing" };
    const routed = panel({ teamId: "tier1", channels: [billing] }).data!.discord.panel;
    expect(panelRoute(routed, billing.channel)).toEqual({ teamId: "billing", pipelineId: undefined });
    expect(panelRoute(routed, "100000000000000008")).toEqual({ teamId: "tier1", pipelineId: undefined });
    expect(panelRoute(undefined, billing.channel)).toEqual({ teamId: undefined, pipelineId: undefined });
    expect(panel({ channels: [billing, billing] }).success).toBe(false);
    expect(panel({ channels: [{ channel: "general" }] }).success).toBe(false);
    expect(panel({ repeatWindowSeconds: 0 }).data?.discord.panel.repeatWindowSeconds).toBe(0);
    expect(panel({ repeatWindowSeconds: -1 }).success).toBe(false);
    // A window shorter than a second submission's wait for the first would end under it.
    expect(panel({ repeatWindowSeconds: 1 }).success).toBe(false);
    expect(panel({ repeatWindowSeconds: 5 }).data?.discord.panel.repeatWindowSeconds).toBe(5);
    expect(panel({ teamId: "" }).success).toBe(false);
    expect(panel({ team: "billing" }).success).toBe(false);
  });

  it("routes a ticket to its team's forum, else its pipeline's, else the catch-all", () => {
    const forums = cfg([
      { channel: "100000000000000001" },
      { channel: "100000000000000002", pipelineId: "billing" },
      { channel: "100000000000000003", teamId: "tier2" },
    ]).forums;
    expect(forumFor(forums, { pipelineId: "billing", teamId: "tier2" })).toBe("100000000000000003");
    expect(forumFor(forums, { pipelineId: "billing", teamId: null })).toBe("100000000000000002");
    expect(forumFor(forums, { pipelineId: "support", teamId: "other" })).toBe("100000000000000001");
    expect(forumFor(cfg([{ channel: forum, teamId: "x" }]).forums, { pipelineId: "support", teamId: null })).toBeNull();
  });
});
