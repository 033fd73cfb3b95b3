// Signing in to the dashboard through the web adapter as bot/ mounts it: a one-time link becomes
// a session cookie (its attributes), the browser moves on without the token, a link works once and
// for ten minutes, sign-out ends the session, and requireAgent lets through only a signed-in,
// active agent, with who they are and how they read.
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueSignInLink, silentLogger } from "../../core/index.js";
import { as, testConfigInput, testCore, type TestCore } from "../../test/harness.js";
import { webRoutes } from "./index.js";
import { requireAgent, sessionCookie, type WebEnv } from "./session.js";

let t: TestCore;
let web: Hono;
let plain: Hono;
beforeAll(async () => {
  t = await testCore({
    ...testConfigInput,
    teams: testConfigInput.teams.map((team) => (team.id === "tier1" ? { ...team, timeZone: "Asia/Tokyo" } : team)),
    agents: testConfigInput.agents.map((a) => (a.id === "cy" ? { ...a, locale: "ja" } : a)),
  });
  web = webRoutes({ deps: t.deps, log: silentLogger, publicUrl: "https://helpdesk.test", secureCookies: true }) as unknown as Hono;
  plain = webRoutes({ deps: t.deps, log: silentLogger, publicUrl: "http://10.0.0.5:3000", secureCookies: false }) as unknown as Hono;
});
afterAll(() => t.close());

const signInUrlOf = async (actor: (typeof as)[keyof typeof as]) =>
  `/dashboard/sign-in?token=${(await issueSignInLink(t.deps, actor)).token}`;
/** The session cookie a response sets, as `name=value`, and its attributes. */
function cookieOf(res: Response): { pair: string; attributes: string[] } {
  const header = res.headers.getSetCookie().find((c) => c.startsWith(`${sessionCookie}=`));
  if (!header) throw new Error("no session cookie set");
  const [pair, ...attributes] = header.split(/;\s*/);
  return { pair: pair!, attributes };
}
const withCookie = (pair: string, init: RequestInit = {}) => ({ ...init, headers: { ...(init.headers as object), cookie: pair } });

describe("dashboard sign-in", () => {
  it("turns the link into an HttpOnly, SameSite=Lax, Secure session cookie for 12 hours and sends the browser on to /dashboard", async () => {
    const res = await web.request(await signInUrlOf(as.bob));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/dashboard");
    const { pair, attributes } = cookieOf(res);
    expect(pair).toMatch(new RegExp(`^${sessionCookie}=[A-Za-z0-9_-]{43}$`));
    expect(attributes).toEqual(expect.arrayContaining(["Max-Age=43200", "Path=/", "HttpOnly", "Secure", "SameSite=Lax"]));
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'; style-src 'self'");
  });

  it("leaves Secure off when PUBLIC_URL is plain http", async () => {
    const res = await plain.request(await signInUrlOf(as.bob));
    expect(res.status).toBe(303);
    expect(cookieOf(res).attributes).not.toContain("Secure");
  });

  it("refuses a used link with a page in both languages saying to ask /ticket dashboard again, setting no cookie", async () => {
    const url = await signInUrlOf(as.bob);
    expect((await web.request(url)).status).toBe(303);
    const again = await web.request(url);
    expect(again.status).toBe(410);
    expect(again.headers.getSetCookie()).toEqual([]);
    expect(again.headers.get("cache-control")).toBe("no-store");
    expect(again.headers.get("content-type")).toContain("text/html");
    const page = await again.text();
    expect(page).toContain("This sign-in link no longer works");
    expect(page).toContain("このサインインリンクは使えません");
    expect(page).toContain("<code>/ticket dashboard</code>");
    expect(page).toMatch(/<link rel="stylesheet" href="\/dashboard\/sign-in.css"/);
    expect(page).not.toMatch(/<script|style=/);
  });

  it("refuses a link ten minutes after it was given, and a request without one", async () => {
    const url = await signInUrlOf(as.cy);
    t.advance(10 * 60_000);
    expect((await web.request(url)).status).toBe(410);
    expect((await web.request("/dashboard/sign-in")).status).toBe(410);
    expect((await web.request("/dashboard/sign-in?token=made-up")).status).toBe(410);
  });

  it("puts the browser's language first on the pages nobody is signed in to read", async () => {
    const ja = await (await web.request("/dashboard/sign-in", { headers: { "accept-language": "ja-JP,ja;q=0.9,en;q=0.5" } })).text();
    expect(ja).toContain('<html lang="ja">');
    expect(ja.indexOf('<section lang="ja">')).toBeGreaterThan(0);
    expect(ja.indexOf('<section lang="ja">')).toBeLessThan(ja.indexOf('<section lang="en">'));
    const en = await (await web.request("/dashboard/sign-in", { headers: { "accept-language": "en-GB" } })).text();
    expect(en).toContain('<html lang="en">');
    expect(en.indexOf('<section lang="en">')).toBeLessThan(en.indexOf('<section lang="ja">'));
  });

  it("does not use up a link when a chat's link previewer or a link checker fetches it", async () => {
    const url = await signInUrlOf(as.bob);
    const preview = await web.request(url, { headers: { "user-agent": "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)" } });
    expect(preview.status).toBe(200);
    expect(preview.headers.getSetCookie()).toEqual([]);
    const head = await web.request(url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.getSetCookie()).toEqual([]);
    expect((await web.request(url)).status).toBe(303);
  });

  it("serves the pages' stylesheet", async () => {
    const res = await web.request("/dashboard/sign-in.css");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/css");
  });
});

describe("requireAgent on the dashboard", () => {
  it("answers a browser without a session 401 with the hint page, in both languages", async () => {
    for (const path of ["/dashboard", "/dashboard/", "/dashboard/tickets"]) {
      const res = await web.request(path);
      expect(res.status, path).toBe(401);
      const page = await res.text();
      expect(page).toContain("Sign in from chat");
      expect(page).toContain("チャットからサインインしてください");
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    }
  });

  it("turns away a made-up session and clears its cookie", async () => {
    const res = await web.request("/dashboard", withCookie(`${sessionCookie}=${Buffer.alloc(32, 1).toString("base64url")}`));
    expect(res.status).toBe(401);
    expect(res.headers.getSetCookie().join()).toMatch(new RegExp(`${sessionCookie}=;.*Max-Age=0`));
  });

  it("lets the signed-in agent through to the dashboard", async () => {
    const { pair } = cookieOf(await web.request(await signInUrlOf(as.ada)));
    const res = await web.request("/dashboard", withCookie(pair));
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain("Sign in from chat");
  });

  it("sends /dashboard/ on to /dashboard with its filters", async () => {
    const { pair } = cookieOf(await web.request(await signInUrlOf(as.ada)));
    const res = await web.request("/dashboard/?period=7d&team=tier1", withCookie(pair));
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe("/dashboard?period=7d&team=tier1");
    expect((await web.request(res.headers.get("location")!, withCookie(pair))).status).toBe(200);
    expect((await web.request("/dashboard/", withCookie(pair))).headers.get("location")).toBe("/dashboard");
  });

  it("turns a deactivated agent's session away", async () => {
    await t.prisma.agent.create({ data: { id: "gus", name: "Gus" } });
    const { pair } = cookieOf(await web.request(await signInUrlOf({ type: "agent", agentId: "gus" } as never)));
    const probe = probeApp();
    expect((await probe.request("/whoami", withCookie(pair))).status).toBe(200);
    await t.prisma.agent.update({ where: { id: "gus" }, data: { active: false } });
    expect((await probe.request("/whoami", withCookie(pair))).status).toBe(401);
    expect((await web.request("/dashboard", withCookie(pair))).status).toBe(401);
  });

  it("sets the actor, the agent and the reader's language and time zone", async () => {
    const { pair } = cookieOf(await web.request(await signInUrlOf(as.cy)));
    const res = await probeApp().request("/whoami", withCookie(pair));
    expect(await res.json()).toEqual({
      actor: { type: "agent", agentId: "cy" },
      agentId: "cy",
      reader: { agentId: "cy" },
      locale: "ja",
      timeZone: "Asia/Tokyo",
    });
    expect(res.headers.get("cache-control")).toBe("private, no-store");
  });
});

describe("dashboard sign-out", () => {
  it("ends the session, clears the cookie and says so", async () => {
    const { pair } = cookieOf(await web.request(await signInUrlOf(as.dee)));
    const probe = probeApp();
    expect((await probe.request("/whoami", withCookie(pair))).status).toBe(200);
    const out = await web.request("/dashboard/sign-out", withCookie(pair, { method: "POST" }));
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe("/dashboard/signed-out");
    expect(out.headers.getSetCookie().join()).toMatch(new RegExp(`${sessionCookie}=;.*Max-Age=0`));
    // The old cookie, kept by a careless browser, no longer signs anyone in.
    expect((await probe.request("/whoami", withCookie(pair))).status).toBe(401);
    const page = await web.request(out.headers.get("location")!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("サインアウトしました");
  });

  it("ends the session a browser had when it signs in again", async () => {
    const first = cookieOf(await web.request(await signInUrlOf(as.dee))).pair;
    const second = cookieOf(await web.request(await signInUrlOf(as.dee), withCookie(first))).pair;
    const probe = probeApp();
    expect((await probe.request("/whoami", withCookie(first))).status).toBe(401);
    expect((await probe.request("/whoami", withCookie(second))).status).toBe(200);
  });
});

/** An app behind requireAgent that says what it set. */
function probeApp(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.use("*", requireAgent({ deps: t.deps }));
  app.get("/whoami", (c) =>
    c.json({
      actor: c.get("actor"),
      agentId: c.get("agentId"),
      reader: c.get("reader"),
      locale: c.get("formats").locale,
      timeZone: c.get("formats").timeZone,
    }),
  );
  return app;
}
