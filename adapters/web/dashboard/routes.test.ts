// The dashboard's routes in-process over the test database with the KPI fixture: the drill-down's
// keyset pages, the CSV of every page, refusals as pages with their status, and the assets. The
// session check in front of them (adapters/web/session.ts) is stood in for by setting the reader.
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Formats, readerFormats, silentLogger } from "../../../core/index.js";
import { kpiConfig, seedKpis } from "../../../core/kpis/testing/kpi-fixture.js";
import { testCore, type TestCore } from "../../../test/harness.js";
import type { WebEnv } from "../session.js";
import { dashboardRoutes, type DashboardRoutesOptions } from "./routes.js";

const week = "2026-03-06..2026-03-12";

describe("dashboard routes", () => {
  let t: TestCore;
  let ids: number[];
  let app: Hono<WebEnv>;

  beforeAll(async () => {
    t = await testCore(kpiConfig);
    ({ ids } = await seedKpis(t));
    t.advance(Date.parse("2026-03-13T15:00:00Z") - t.deps.now().getTime());
    app = mounted({ pageSize: 2, csvChunk: 4 });
  });

  /** The routes at /dashboard for the agent named by x-agent (bob unless said); x-ja: 1 reads Japanese. */
  function mounted(opts: Omit<DashboardRoutesOptions, "deps">): Hono<WebEnv> {
    const routes = new Hono<WebEnv>();
    routes.use("*", async (c, next) => {
      const agentId = c.req.header("x-agent") ?? "bob";
      c.set("log", silentLogger);
      c.set("actor", { type: "agent", agentId });
      c.set("agentId", agentId);
      c.set("reader", { agentId });
      c.set("formats", c.req.header("x-ja") === "1" ? new Formats("ja", "UTC") : readerFormats(t.deps.catalog, { agentId }));
      await next();
    });
    return routes.route("/dashboard", dashboardRoutes({ deps: t.deps, ...opts }));
  }

  afterAll(() => t?.close());

  const get = (path: string, agent = "bob", ja = false) =>
    app.request(`/dashboard${path}`, { headers: { "x-agent": agent, ...(ja ? { "x-ja": "1" } : {}) } });
  const listed = (html: string) => [...html.matchAll(/data-ticket="(\d+)"/g)].map((m) => Number(m[1]));
  const nextLink = (html: string) => /<a rel="next" href="([^"]+)"/.exec(html)?.[1]?.replaceAll("&amp;", "&");

  it("walks a figure's tickets page by page with the next link, each once, and stops at the last", async () => {
    const seen: number[] = [];
    let path: string | undefined = `/tickets?period=${week}&figure=created`;
    for (let pages = 0; path; pages++) {
      expect(pages).toBeLessThan(5);
      const res = await get(path.replace(/^\/dashboard/, ""));
      expect(res.status).toBe(200);
      const html = await res.text();
      const rows = listed(html);
      expect(rows.length).toBeLessThanOrEqual(2);
      seen.push(...rows);
      path = nextLink(html);
      if (path) expect(path).toMatch(/after=/);
    }
    expect(seen.sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
  });

  it("writes every ticket behind the figure into the CSV, not just one page", async () => {
    const res = await get(`/tickets.csv?period=${week}&figure=created`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="helpdesk-tickets-created-2026-03-06-2026-03-12.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).trimEnd().split("\r\n");
    expect(
      lines
        .slice(1)
        .map((l) => Number(l.split(",")[0]))
        .sort((a, b) => a - b),
    ).toEqual([...ids].sort((a, b) => a - b));
  });

  it("writes each ticket as a spreadsheet reads it: the reader's local date and time across a clock change, names in their language", async () => {
    const lines = async (ja: boolean) =>
      (await (await get(`/tickets.csv?period=${week}&figure=created`, "bob", ja)).text()).trimEnd().split("\r\n");
    const en = await lines(false);
    expect(en[0]).toBe("Ticket,Subject,Status,Priority,Team,Owner,Source,Created at,First response (hours),Resolution time (hours),Rating");
    // Bob reads New York time: the clocks went forward between these two (03-08 07:00 UTC).
    expect(en.slice(1).filter((l) => /Case 03-0[89]T04:30/.test(l))).toEqual([
      `${ids[3]},Case 03-08T04:30,Resolved,Medium,Tier 1,,Web form,2026-03-07 23:30,2,10,`,
      `${ids[4]},Case 03-09T04:30,Resolved,Medium,Tier 1,,Email,2026-03-09 00:30,5,48,`,
    ]);
    const ja = await lines(true);
    expect(ja[0]).toBe("チケット,件名,ステータス,優先度,チーム,担当者,受付経路,作成日時,初回応答時間（時間）,解決時間（時間）,評価");
    expect(ja.find((l) => l.includes("Case 03-08T04:30"))).toBe(
      `${ids[3]},Case 03-08T04:30,Resolved,中,Tier 1,,Web フォーム,2026-03-08 04:30,2,10,`,
    );
  });

  it("cuts a CSV at its cap with a last row saying so, in the reader's language, and not when all fit", async () => {
    const capped = mounted({ csvChunk: 2, csvMaxRows: 3 });
    const csvLines = async (ja: boolean) => {
      const res = await capped.request(`/dashboard/tickets.csv?period=${week}&figure=created`, { headers: ja ? { "x-ja": "1" } : {} });
      expect(res.status).toBe(200);
      return (await res.text()).trimEnd().split("\r\n");
    };
    expect(ids.length).toBeGreaterThan(3);
    const en = await csvLines(false);
    expect(en).toHaveLength(1 + 3 + 1);
    expect(en.at(-1)).toBe("The list was cut at 3 tickets: narrow the filters to download the rest.");
    expect((await csvLines(true)).at(-1)).toBe("一覧は3件で打ち切られました。残りはフィルターで絞り込んでダウンロードしてください。");

    const all = await (await get(`/tickets.csv?period=${week}&figure=created`)).text();
    expect(all).not.toContain("The list was cut");
    const exact = mounted({ csvChunk: 2, csvMaxRows: ids.length });
    const fits = await (await exact.request(`/dashboard/tickets.csv?period=${week}&figure=created`)).text();
    expect(fits.trimEnd().split("\r\n")).toHaveLength(1 + ids.length);
    expect(fits).not.toContain("The list was cut");
  });

  it("answers the core's refusals with their status and a page without figures", async () => {
    const bad = await get("?period=fortnight");
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('data-error="invalid"');
    expect(badHtml).not.toContain("dashboard-charts");
    const foreign = await get(`/tickets?period=${week}&team=vip&figure=created`);
    expect(foreign.status).toBe(403);
    expect(listed(await foreign.text())).toEqual([]);
    const ja = await get("/overview.csv?team=tier1", "dee");
    expect(ja.status).toBe(403);
    expect(ja.headers.get("content-type")).toMatch(/^text\/html/);
    const cursor = await get(`/tickets?period=${week}&figure=created&after=not-a-cursor`);
    expect(cursor.status).toBe(400);
  });

  it("answers an address edited by hand (no such figure, a cursor far too long) with the 400 page, not a 500", async () => {
    for (const path of ["/tickets", "/tickets.csv"]) {
      const figure = await get(`${path}?period=${week}&figure=bogus`);
      expect(figure.status, path).toBe(400);
      const figureHtml = await figure.text();
      expect(figureHtml).toContain('data-error="invalid"');
      expect(figureHtml).toContain("There is no such figure on the dashboard.");
      const after = await get(`${path}?period=${week}&figure=created&after=${"a".repeat(600)}`);
      expect(after.status, path).toBe(400);
      expect(await after.text()).toContain("start from the first page");
    }
  });

  it("serves its assets under hashed names for a year, and nothing else there", async () => {
    const html = await (await get(`?period=${week}`)).text();
    const names = [...html.matchAll(/\/dashboard\/assets\/([\w.-]+)/g)].map((m) => m[1]!);
    expect(names).toHaveLength(3);
    for (const name of names) {
      expect(name).toMatch(/^(chart|dashboard)-[0-9a-f]{10}\.(js|css)$/);
      const res = await get(`/assets/${name}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    }
    expect((await get("/assets/chart.js")).status).toBe(404);
    expect((await get("/assets/..%2Froutes.tsx")).status).toBe(404);
  });
});
