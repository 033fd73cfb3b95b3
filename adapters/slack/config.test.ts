import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../../core/log.js";
import { testCore } from "../../test/harness.js";
import { createSlackAdapter, SlackConfig, SlackEnv, slackSettings } from "./index.js";
import { triageChannelFor } from "./config.js";
import { sign, signingSecret } from "./testing/requests.js";

describe("Slack settings", () => {
  it("is off, saying why, without both secrets", () => {
    expect(slackSettings(SlackEnv.parse({ SLACK_BOT_TOKEN: "xoxb-1" }), SlackConfig.parse({}).slack)).toEqual({
      ok: false,
      off: expect.stringContaining("SLACK_SIGNING_SECRET"),
    });
  });

  it("is off without a triage channel", () => {
    const env = SlackEnv.parse({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: signingSecret });
    expect(slackSettings(env, SlackConfig.parse({}).slack)).toEqual({ ok: false, off: expect.stringContaining("triageChannels") });
  });

  it("refuses bad values with the field named", () => {
    const env = SlackEnv.safeParse({ SLACK_BOT_TOKEN: "xoxp-user-token" });
    expect(env.success).toBe(false);
    expect(env.error?.issues[0]?.path).toEqual(["SLACK_BOT_TOKEN"]);
    const cfg = SlackConfig.safeParse({ slack: { triageChannels: [{ channel: "#triage" }] } });
    expect(cfg.error?.issues[0]?.path).toEqual(["slack", "triageChannels", 0, "channel"]);
  });

  it("routes a ticket to its team's channel, else its pipeline's, else the catch-all", () => {
    const chans = [{ channel: "CP", pipelineId: "billing" }, { channel: "CT", teamId: "vip" }, { channel: "CALL" }];
    expect(triageChannelFor(chans, { pipelineId: "billing", teamId: "vip" })).toBe("CT");
    expect(triageChannelFor(chans, { pipelineId: "billing", teamId: null })).toBe("CP");
    expect(triageChannelFor(chans, { pipelineId: "support", teamId: "tier1" })).toBe("CALL");
    expect(triageChannelFor([{ channel: "CP", pipelineId: "billing" }], { pipelineId: "support", teamId: null })).toBeNull();
  });
});

describe("createSlackAdapter", () => {
  it("mounts POST /slack/events on the app and answers Slack's URL verification", async () => {
    const t = await testCore();
    try {
      const now = t.deps.now().getTime();
      const parsed = slackSettings(
        SlackEnv.parse({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: signingSecret }),
        SlackConfig.parse({ slack: { triageChannels: [{ channel: "C0TRIAGE" }] } }).slack,
      );
      if (!parsed.ok) throw new Error(parsed.off);
      const adapter = createSlackAdapter({ deps: t.deps, log: silentLogger, settings: parsed.settings, nowMs: () => now });
      const app = new Hono();
      adapter.route(app);
      const body = JSON.stringify({ token: "x", challenge: "c-123", type: "url_verification" });
      const ts = Math.floor(now / 1000);
      const res = await app.request("/slack/events", {
        method: "POST",
        headers: { "content-type": "application/json", "x-slack-request-timestamp": String(ts), "x-slack-signature": sign(body, ts) },
        body,
      });
      expect(await res.json()).toEqual({ challenge: "c-123" });
      // Anything over a megabyte is refused before it is read: by its Content-Length, or as it streams in.
      const huge = "x".repeat((1 << 20) + 1);
      const declared = await app.request("/slack/events", {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(huge.length) },
        body: huge,
      });
      expect(declared.status).toBe(413);
      const streamed = await app.request("/slack/events", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode(huge)), c.close()) }),
        duplex: "half",
      } as RequestInit);
      expect(streamed.status).toBe(413);
      await adapter.stop();
    } finally {
      await t.close();
    }
  });
});
