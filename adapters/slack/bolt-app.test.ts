import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { slackClient } from "./api.js";
import { botAuthorize } from "./bolt-app.js";
import { fakeSlackApi, type FakeSlackApi } from "./testing/slack-api.js";

let api: FakeSlackApi;
beforeEach(() => {
  api = fakeSlackApi();
});
afterEach(() => api.done());

const source = { teamId: "T0HELP", isEnterpriseInstall: false } as never;

describe("botAuthorize", () => {
  it("never calls auth.test when the bot's ids are configured", async () => {
    const authorize = botAuthorize("xoxb-1", { botId: "B1", botUserId: "U1" }, slackClient("xoxb-1"));
    expect(await authorize(source)).toEqual({ botToken: "xoxb-1", botId: "B1", botUserId: "U1" });
    expect(api.calls).toHaveLength(0);
  });

  it("otherwise asks auth.test once it answers, and asks again after a failure", async () => {
    const authorize = botAuthorize("xoxb-1", {}, slackClient("xoxb-1"));
    api.next("auth.test", [200, { ok: false, error: "invalid_auth" }]);
    await expect(authorize(source)).rejects.toThrow(/invalid_auth/);
    api.next("auth.test", [200, { ok: true, user_id: "U9", bot_id: "B9" }]);
    expect(await authorize(source)).toEqual({ botToken: "xoxb-1", botId: "B9", botUserId: "U9" });
    await authorize(source);
    expect(api.of("auth.test")).toHaveLength(2);
  });
});
