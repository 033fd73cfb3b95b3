// The survey email's links in a real headless Chromium (playwright-core driving the system's
// browser), served as the service serves them: one click records the rating (our script sends the
// page's form, under the pages' script policy), and without script the page's one button does. A
// fetch that runs no script records nothing. Screenshots go to test-output/screenshots/.
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webRoutes } from "../adapters/web/index.js";
import { createApp } from "../bot/server.js";
import { surveyToken } from "../core/csat/survey-token.js";
import { silentLogger } from "../core/index.js";
import { chromiumArgs, chromiumFor } from "./chromium.js";
import { closedTicket, csatCore, sentSurvey } from "./csat-kit.js";
import { testProvider, type TestCore } from "./harness.js";

const chromiumPath = chromiumFor("survey browser tests");
const shots = join(import.meta.dirname, "..", "test-output", "screenshots", testProvider);
const secret = "survey-link-secret-for-tests";

describe.skipIf(!chromiumPath)("survey links in Chromium", () => {
  let t: TestCore;
  let server: ServerType;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    t = await csatCore();
    const app = createApp({ db: t.deps.db, log: silentLogger, state: { draining: false, inFlight: 0 } });
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: (req) => app.fetch(req), hostname: "127.0.0.1", port: 0 }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    app.route("/", webRoutes({ deps: t.deps, log: silentLogger, publicUrl: base, surveySecret: secret, secureCookies: false }));
    browser = await chromium.launch({ executablePath: chromiumPath!, args: chromiumArgs });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    await t?.close();
  });

  /** A new survey (each of a requester of its own: one survey per contact in a while) and its link for `score`. */
  let requesters = 0;
  async function survey(score: number) {
    const email = `requester${++requesters}@customer.test`;
    const surveyId = await sentSurvey(t, await closedTicket(t, { requester: { email, name: "Carol" } }));
    const row = await t.prisma.csatSurvey.findUniqueOrThrow({ where: { id: surveyId } });
    const stored = async () => (await t.prisma.csatSurvey.findUniqueOrThrow({ where: { id: surveyId } })).score;
    return { link: `${base}/survey/${surveyToken(secret, surveyId, score, row.expiresAt)}`, stored };
  }

  /** A page in a browser of its own; script and policy errors are collected. */
  async function browse(javaScriptEnabled: boolean): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ javaScriptEnabled, locale: "en-US" });
    contexts.push(context);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
    return { page, problems };
  }

  it("records the rating of one click: the page sends its form by itself", async () => {
    const s = await survey(4);
    const { page, problems } = await browse(true);
    await page.goto(s.link);
    await page.waitForSelector("textarea#comment");
    expect(await page.locator(".notice").innerText()).toBe("Thank you for your rating!");
    expect(await page.locator(".rating").innerText()).toBe("Your rating: 4 of 5 (Satisfied)");
    expect(await s.stored()).toBe(4);
    expect(problems).toEqual([]);
    await page.screenshot({ path: join(shots, "survey-thanks-en.png"), fullPage: true });
  });

  it("without script, shows the rating and records it when its button is pressed", async () => {
    const s = await survey(2);
    const { page } = await browse(false);
    await page.goto(s.link);
    expect(await page.locator(".rating").innerText()).toBe("Your rating: 2 of 5 (Dissatisfied)");
    await page.screenshot({ path: join(shots, "survey-confirm-en.png"), fullPage: true });
    expect(await s.stored()).toBeNull();
    await page.getByRole("button", { name: "Send my rating" }).click();
    await page.waitForSelector("textarea#comment");
    expect(await page.locator(".notice").innerText()).toBe("Thank you for your rating!");
    expect(await s.stored()).toBe(2);
  });
});
