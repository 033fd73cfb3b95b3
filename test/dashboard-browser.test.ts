// The dashboard in a real headless Chromium (playwright-core driving the system's browser): the
// service's HTTP app on a loopback port over the test database (SQLite, or PostgreSQL when
// TEST_DATABASE_URL is set) with the KPI fixture's tickets, agents signed in through one-time links.
// Checks the pages render and the charts draw, filters change the figures, the drill-down lists the
// right tickets, the CSV downloads hold the expected rows, a Japanese agent reads Japanese, and an
// agent cannot see another team's numbers, and the sign-in pages say what to do. Screenshots of each
// page go to test-output/screenshots/.
import { mkdirSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webRoutes } from "../adapters/web/index.js";
import { sessionCookie } from "../adapters/web/session.js";
import { createApp } from "../bot/server.js";
import { issueSignInLink, signInUrl, silentLogger } from "../core/index.js";
import { kpiConfig, seedKpis, seeds } from "../core/kpis/testing/kpi-fixture.js";
import { chromiumArgs, chromiumFor } from "./chromium.js";
import { as, testCore, testProvider, type TestCore } from "./harness.js";

const chromiumPath = chromiumFor("dashboard browser tests");

const shots = join(import.meta.dirname, "..", "test-output", "screenshots", testProvider);
/** The fixture's week in New York (team tier1's zone), as the period filter takes it. */
const week = "2026-03-06..2026-03-12";
/** Dee reads Japanese; her team (vip) has no zone of its own, so the help desk's (UTC) applies. */
const config = { ...kpiConfig, agents: kpiConfig.agents.map((a) => (a.id === "dee" ? { ...a, locale: "ja" } : a)) };

describe.skipIf(!chromiumPath)("dashboard in Chromium", () => {
  let t: TestCore;
  let server: ServerType;
  let base: string;
  let browser: Browser;
  let ids: number[];
  let vip: number;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    t = await testCore(config);
    ({ ids, vip } = await seedKpis(t));
    // The day after the fixture's week.
    t.advance(Date.parse("2026-03-13T15:00:00Z") - t.deps.now().getTime());
    const app = createApp({ db: t.deps.db, log: silentLogger, state: { draining: false, inFlight: 0 } });
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: (req) => app.fetch(req), hostname: "127.0.0.1", port: 0 }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    app.route("/", webRoutes({ deps: t.deps, log: silentLogger, publicUrl: base, secureCookies: false }));
    browser = await chromium.launch({ executablePath: chromiumPath!, args: chromiumArgs });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    await t?.close();
  });

  /** A browser of its own for `agent`, signed in through a fresh one-time link. */
  async function signIn(agent: keyof typeof as, opts: { phone?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext({
      acceptDownloads: true,
      locale: "en-US",
      viewport: opts.phone ? { width: 390, height: 844 } : { width: 1366, height: 900 },
      ...(opts.phone ? { deviceScaleFactor: 2, isMobile: true, hasTouch: true } : {}),
    });
    contexts.push(context);
    const page = await context.newPage();
    const link = await issueSignInLink(t.deps, as[agent]);
    const res = await page.goto(signInUrl(base, link.token));
    expect(res?.ok()).toBe(true);
    expect(new URL(page.url()).pathname).toBe("/dashboard");
    return page;
  }

  const open = (page: Page, query: string) => page.goto(`${base}/dashboard${query}`);
  const tileValue = (page: Page, figure: string) => page.locator(`.tile[data-figure="${figure}"] .tile-value`).innerText();
  const shoot = (page: Page, name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

  /** How many pixels of each chart's canvas are painted. */
  const paintedPixels = (page: Page) =>
    page.$$eval("canvas[data-drawn]", (canvases) =>
      canvases.map((c) => {
        const canvas = c as HTMLCanvasElement;
        const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
        return { id: canvas.id, n };
      }),
    );

  it("shows the overview: tiles against their targets and every chart drawn, with no script or policy errors", async () => {
    const page = await signIn("bob");
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
    await open(page, `?period=${week}`);
    await page.waitForSelector("canvas[data-drawn]");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await expect(page.locator("h1").innerText()).resolves.toBe("Overview");
    expect(await page.locator(".tile").count()).toBe(7);
    // Bob (tier1) sees his team's tickets and those without a team: the six, not the VIP one.
    expect(await tileValue(page, "created")).toBe(String(seeds.length));
    // Mean first response of the six is far over 4 hours; CSAT (5, 4, 2) under 4.0.
    expect(await page.locator('.tile[data-figure="first_response"]').getAttribute("data-state")).toBe("missed");
    expect(await page.locator('.tile[data-figure="csat"]').getAttribute("data-state")).toBe("missed");
    await expect(page.locator('.tile[data-figure="csat"] .tile-value').innerText()).resolves.toBe("3.67 / 5");
    const painted = await paintedPixels(page);
    expect(painted.map((p) => p.id)).toEqual(
      expect.arrayContaining(["chart-volume", "chart-first-response", "chart-resolution", "chart-sla", "chart-csat"]),
    );
    for (const p of painted) expect(p.n, p.id).toBeGreaterThan(500);
    // Business hours were measured for two tickets: their first response chart is there too.
    expect(painted.map((p) => p.id)).toContain("chart-first-response-business");
    expect(problems).toEqual([]);
    await shoot(page, "overview-en");
  });

  it("changes the figures with the filters, in a URL that can be shared", async () => {
    const page = await signIn("bob");
    await open(page, `?period=${week}`);
    await page.selectOption("#filter-team", "tier1");
    await Promise.all([page.waitForURL(/team=tier1/), page.click("button.primary")]);
    expect(await tileValue(page, "created")).toBe("5");
    await page.selectOption("#filter-source", "form");
    await Promise.all([page.waitForURL(/source=form/), page.click("button.primary")]);
    expect(await tileValue(page, "created")).toBe("1");
    // The same address in another browser of Bob's shows the same.
    const again = await signIn("bob");
    await again.goto(page.url());
    expect(await tileValue(again, "created")).toBe("1");
    await shoot(page, "overview-filtered-en");
    // An admin sees every team's tickets.
    const admin = await signIn("ada");
    await open(admin, `?period=${week}`);
    expect(await tileValue(admin, "created")).toBe(String(seeds.length + 1));
  });

  it("lists the tickets behind a figure, linked from its tile", async () => {
    const page = await signIn("bob");
    await open(page, `?period=${week}`);
    await Promise.all([page.waitForURL(/\/dashboard\/tickets/), page.click('.tile[data-figure="created"] .tile-link')]);
    const listed = (
      await page.locator("tr[data-ticket]").evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-ticket"))))
    ).sort((a, b) => a - b);
    expect(listed).toEqual([...ids].sort((a, b) => a - b));
    expect(listed).not.toContain(vip);
    await shoot(page, "tickets-created-en");
    await open(page, `/tickets?period=${week}&figure=csat`);
    const rated = await page.locator("tr[data-ticket]").evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-ticket"))));
    expect(rated.sort((a, b) => a - b)).toEqual(ids.slice(0, 3).sort((a, b) => a - b));
    await shoot(page, "tickets-csat-en");
  });

  it("downloads the overview and the drill-down as CSV with the expected rows", async () => {
    const page = await signIn("bob");
    await open(page, `?period=${week}&team=tier1`);
    const [overview] = await Promise.all([page.waitForEvent("download"), page.click('a[href*="overview.csv"]')]);
    expect(overview.suggestedFilename()).toBe("helpdesk-kpis-2026-03-06-2026-03-12.csv");
    const text = readFileSync((await overview.path())!, "utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    const lines = text.slice(1).split("\r\n");
    expect(lines).toContain("Created,5");
    expect(lines).toContain("Team,Tier 1");
    expect(lines).toContain("2026-03-06,3,2");

    await open(page, `/tickets?period=${week}&team=tier1&figure=created`);
    const [tickets] = await Promise.all([page.waitForEvent("download"), page.click('a[href*="tickets.csv"]')]);
    const rows = readFileSync((await tickets.path())!, "utf8")
      .slice(1)
      .trimEnd()
      .split("\r\n");
    expect(rows[0]).toBe(
      "Ticket,Subject,Status,Priority,Team,Owner,Source,Created at,First response (hours),Resolution time (hours),Rating",
    );
    expect(
      rows
        .slice(1)
        .map((r) => Number(r.split(",")[0]))
        .sort((a, b) => a - b),
    ).toEqual(ids.slice(0, 5).sort((a, b) => a - b));
    expect(rows).toContain(`${ids[0]},Case 03-06T06:00,Resolved,Medium,Tier 1,Bob,Email,2026-03-06 01:00,0.17,0.83,5`);
  });

  it("speaks Japanese to a Japanese agent, dates in her time zone", async () => {
    const page = await signIn("dee");
    await open(page, `?period=${week}`);
    await page.waitForSelector("canvas[data-drawn]");
    expect(await page.locator("html").getAttribute("lang")).toBe("ja");
    await expect(page.locator("h1").innerText()).resolves.toBe("概要");
    await expect(page.locator('.tile[data-figure="first_response"] .tile-label').innerText()).resolves.toBe("初回応答時間");
    await expect(page.locator(".subtitle").innerText()).resolves.toContain("UTC");
    // Dee (vip) sees the VIP ticket and the one without a team.
    expect(await tileValue(page, "created")).toBe("2");
    await shoot(page, "overview-ja");
    await open(page, `/tickets?period=${week}&figure=created`);
    await expect(page.locator("thead").innerText()).resolves.toContain("件名");
    await shoot(page, "tickets-created-ja");
  });

  it("refuses another team's numbers to an agent not in it (403, no figures), in both languages", async () => {
    const bob = await signIn("bob");
    for (const path of [`?period=${week}&team=vip`, `/tickets?period=${week}&team=vip&figure=created`, `/overview.csv?team=vip`]) {
      const res = await open(bob, path);
      expect(res?.status(), path).toBe(403);
      const body = await bob.locator("body").innerText();
      expect(body).toContain("Not yours to see");
      expect(await bob.locator(".tile, canvas, tr[data-ticket]").count()).toBe(0);
    }
    await shoot(bob, "forbidden-en");
    const dee = await signIn("dee");
    const res = await open(dee, `?period=${week}&team=tier1`);
    expect(res?.status()).toBe(403);
    await expect(dee.locator("h1").innerText()).resolves.toBe("表示する権限がありません");
    expect(await dee.locator(".tile, canvas").count()).toBe(0);
    await shoot(dee, "forbidden-ja");
  });

  it("shows the sign-in pages: a link used twice, signing out, no session; in the browser's language first", async () => {
    const page = await signIn("bob");
    const overview = page.url();
    const used = await issueSignInLink(t.deps, as.bob);
    const once = await page.goto(signInUrl(base, used.token));
    expect(new URL(page.url()).pathname).toBe("/dashboard");
    expect(once?.ok()).toBe(true);
    const twice = await page.goto(signInUrl(base, used.token));
    expect(twice?.status()).toBe(410);
    await expect(page.locator("section").first().locator("h1").innerText()).resolves.toBe("This sign-in link no longer works");
    await expect(page.locator('section[lang="ja"] h1').innerText()).resolves.toBe("このサインインリンクは使えません");
    await shoot(page, "sign-in-link-used-en");
    await page.goto(overview);
    const session = (await page.context().cookies()).find((c) => c.name === sessionCookie);
    expect(session).toBeDefined();
    await page.locator("form.signout button").click();
    await page.waitForURL(`${base}/dashboard/signed-out`);
    await expect(page.locator("section").first().locator("h1").innerText()).resolves.toBe("Signed out");
    await shoot(page, "signed-out-en");
    const after = await open(page, `?period=${week}`);
    expect(after?.status()).toBe(401);
    await expect(page.locator("section").first().locator("h1").innerText()).resolves.toBe("Sign in from chat");
    expect(await page.locator(".tile, canvas").count()).toBe(0);
    await shoot(page, "sign-in-needed-en");
    // The session itself is over, not only the cookie gone: the old cookie put back is refused.
    await page.context().addCookies([session!]);
    expect((await open(page, `?period=${week}`))?.status()).toBe(401);
    const japanese = await browser.newContext({ locale: "ja-JP" });
    contexts.push(japanese);
    const ja = await japanese.newPage();
    const none = await ja.goto(`${base}/dashboard?period=${week}`);
    expect(none?.status()).toBe(401);
    await expect(ja.locator("section").first().getAttribute("lang")).resolves.toBe("ja");
    await expect(ja.locator("section").first().locator("h1").innerText()).resolves.toBe("チャットからサインインしてください");
    await shoot(ja, "sign-in-needed-ja");
  });

  it("reads on a phone", async () => {
    const page = await signIn("bob", { phone: true });
    await open(page, `?period=${week}`);
    await page.waitForSelector("canvas[data-drawn]");
    // Nothing wider than the screen but the tables, which scroll inside their box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shoot(page, "overview-phone-en");
  });
});
