// `/ticket dashboard` end to end: on Slack and on Discord, in English and in Japanese, the agent is
// answered privately with a one-time link button and its expiry; followed in a browser (the web
// adapter as bot/ mounts it) the link signs them in to the dashboard, once. Without PUBLIC_URL the
// answer says the dashboard is not set up and what an admin sets.
import type { Hono } from "hono";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { discordTestClient, type DiscordTestClient } from "../adapters/discord/testing/client.js";
import { fakeDiscordApi, type FakeDiscordApi } from "../adapters/discord/testing/discord-api.js";
import { chatInput, FORUM, type Who } from "../adapters/discord/testing/payloads.js";
import { linkButtonAction } from "../adapters/slack/link-button.js";
import { slackTestApp, type SlackTestApp } from "../adapters/slack/testing/app.js";
import { blockAction, slashCommand } from "../adapters/slack/testing/requests.js";
import { fakeSlackApi, type FakeSlackApi } from "../adapters/slack/testing/slack-api.js";
import { webRoutes } from "../adapters/web/index.js";
import { sessionCookie } from "../adapters/web/session.js";
import { silentLogger } from "../core/index.js";
import { testConfigInput, testCore, type TestCore } from "./harness.js";

const publicUrl = "https://helpdesk.test";
const bob: Who = { id: "100000000000000001", name: "Bob" };
const cy: Who = { id: "100000000000000002", name: "Cy" };
const config = {
  ...testConfigInput,
  agents: testConfigInput.agents.map((a) =>
    a.id === "bob" ? { ...a, locale: "en" } : a.id === "cy" ? { ...a, locale: "ja", slackUserId: "U0CY", discordUserId: cy.id } : a,
  ),
};
const texts = {
  en: { intro: "Your sign-in link to the help desk dashboard", button: "Open the dashboard", expires: "The link works once, until" },
  ja: { intro: "ダッシュボードへのサインインリンクです", button: "ダッシュボードを開く", expires: "1 回だけ使えます" },
};
const notSetUp = {
  en: "The dashboard is not set up on this help desk. An admin turns it on by setting PUBLIC_URL",
  ja: "ダッシュボードが設定されていません。管理者が PUBLIC_URL に",
};

let t: TestCore;
let web: Hono;
beforeAll(async () => {
  t = await testCore(config);
  web = webRoutes({ deps: t.deps, log: silentLogger, publicUrl, secureCookies: true }) as unknown as Hono;
});
afterAll(() => t.close());

/** Follows a link as a browser would: the sign-in, then the dashboard it is sent on to. */
async function follow(url: string): Promise<{ signIn: number; signedIn: boolean; again: number }> {
  expect(url).toMatch(/^https:\/\/helpdesk\.test\/dashboard\/sign-in\?token=[A-Za-z0-9_-]{43}$/);
  const path = url.slice(publicUrl.length);
  const signIn = await web.request(path);
  const cookie = signIn.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${sessionCookie}=`))
    ?.split(";")[0];
  const dashboard = cookie ? await web.request(signIn.headers.get("location") ?? "/", { headers: { cookie } }) : null;
  const again = await web.request(path);
  // Past the session check (what the dashboard page then shows is its own test's business).
  return { signIn: signIn.status, signedIn: dashboard !== null && dashboard.status !== 401, again: again.status };
}

describe("/ticket dashboard on Slack", () => {
  let s: SlackTestApp;
  let off: SlackTestApp;
  let api: FakeSlackApi;
  beforeAll(() => {
    s = slackTestApp(t, { publicUrl });
    off = slackTestApp(t);
  });
  beforeEach(() => {
    api = fakeSlackApi();
  });
  afterEach(() => api.done());

  /** `/ticket dashboard` as `user`; the ephemeral answer. */
  async function ask(app: SlackTestApp, user: string) {
    expect((await app.send(slashCommand(user, "dashboard", { nowMs: app.nowMs() }))).status).toBe(200);
    const answer = api.responses.at(-1)?.body as { response_type: string; text: string; blocks?: Record<string, unknown>[] };
    expect(answer.response_type).toBe("ephemeral");
    return answer;
  }

  for (const [user, locale] of [
    ["U0BOB", "en"],
    ["U0CY", "ja"],
  ] as const) {
    it(`answers privately with a link button in ${locale} that signs the agent in, once`, async () => {
      const answer = await ask(s, user);
      const json = JSON.stringify(answer.blocks);
      expect(answer.text).toContain(texts[locale].intro);
      expect(json).toContain(texts[locale].button);
      expect(json).toContain(texts[locale].expires);
      const button = (answer.blocks?.[1] as { elements: { url: string; action_id: string }[] }).elements[0]!;
      expect(button.action_id).toBe(linkButtonAction);
      // The token is in the button only.
      expect(answer.text).not.toContain("token=");
      expect(await follow(button.url)).toEqual({ signIn: 303, signedIn: true, again: 410 });
    });
  }

  it("acknowledges a click on the link button and says nothing", async () => {
    const res = await s.send(
      blockAction("U0BOB", { type: "button", action_id: linkButtonAction, url: `${publicUrl}/x` }, { nowMs: s.nowMs() }),
    );
    expect(res.status).toBe(200);
    expect(api.responses).toEqual([]);
    expect(api.calls).toEqual([]);
  });

  it("says the dashboard is not set up, and what an admin sets, without PUBLIC_URL", async () => {
    expect((await ask(off, "U0BOB")).text).toContain(notSetUp.en);
    expect((await ask(off, "U0CY")).text).toContain(notSetUp.ja);
  });
});

describe("/ticket dashboard on Discord", () => {
  let d: DiscordTestClient;
  let off: DiscordTestClient;
  let api: FakeDiscordApi;
  beforeAll(() => {
    d = discordTestClient(t, { publicUrl });
    off = discordTestClient(t);
  });
  afterAll(async () => {
    await d.destroy();
    await off.destroy();
  });
  beforeEach(() => {
    api = fakeDiscordApi({ forums: [FORUM] });
  });
  afterEach(() => api.done());

  /** `/ticket dashboard` as `who`; the private answer. */
  async function ask(client: DiscordTestClient, who: Who, locale = "en-US") {
    const raw = { ...chatInput(who, "dashboard"), locale };
    await client.interact(JSON.parse(JSON.stringify(raw)) as typeof raw);
    const callback = api.callbackFor(raw.id);
    expect(callback?.type, "deferred").toBe(5);
    expect(callback?.data.flags, "ephemeral").toBe(64);
    const answer = api
      .webhookMessages()
      .filter((c) => c.path.includes(`/token-${raw.id}/`))
      .at(-1)?.body as { content: string; components?: { components: { url: string; label: string; style: number }[] }[] };
    return answer;
  }

  for (const [who, locale] of [
    [bob, "en"],
    [cy, "ja"],
  ] as const) {
    it(`answers privately with a link button in ${locale} that signs the agent in, once`, async () => {
      const answer = await ask(d, who);
      expect(answer.content).toContain(texts[locale].intro);
      expect(answer.content).toContain(texts[locale].expires);
      expect(answer.content).not.toContain("token=");
      const button = answer.components![0]!.components[0]!;
      expect(button).toMatchObject({ style: 5, label: texts[locale].button });
      expect(await follow(button.url)).toEqual({ signIn: 303, signedIn: true, again: 410 });
    });
  }

  it("says the dashboard is not set up, and what an admin sets, without PUBLIC_URL", async () => {
    expect((await ask(off, bob)).content).toContain(notSetUp.en);
    expect((await ask(off, cy)).content).toContain(notSetUp.ja);
  });
});
