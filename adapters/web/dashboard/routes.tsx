// The dashboard's routes (mounted at /dashboard behind the session check of adapters/web/session.ts
// and the security headers of adapters/web/security-headers.ts: no inline script or style): the
// overview, the tickets behind a figure, both as CSV, and the static assets. Every figure comes from
// the core's KPI reads, for the signed-in agent: what they may see is the core's decision.
import { Hono, type Context } from "hono";
import { isHelpdeskError, kpiFilterOptions, kpiTickets, readKpis, type CoreDeps, type Logger } from "../../../core/index.js";
import type { WebEnv } from "../session.js";
import { loadDashboardAssets } from "./assets.js";
import { csvDownload, csvResponse } from "./csv.js";
import { errorResponse } from "./error-page.js";
import { overviewCsvRows, ticketsCsv } from "./export-csv.js";
import { DashboardQuery, kpiFilterOf, readTicketsQuery } from "./filters.js";
import type { PageFrame } from "./layout.js";
import { OverviewPage } from "./overview-page.js";
import { TicketsPage } from "./tickets-page.js";

export interface DashboardRoutesOptions {
  deps: CoreDeps;
  log?: Logger;
  /** Where the routes are mounted; links and assets are written under it. Default "/dashboard". */
  basePath?: string;
  /** Tickets per drill-down page (default 50), and per read while a CSV is written (default 2,000). */
  pageSize?: number;
  csvChunk?: number;
  /** At most this many tickets in one CSV download (default 20,000); a last row says when the list was cut. */
  csvMaxRows?: number;
}

export function dashboardRoutes(opts: DashboardRoutesOptions): Hono<WebEnv> {
  const { deps } = opts;
  const base = opts.basePath ?? "/dashboard";
  const pageSize = opts.pageSize ?? 50;
  const csvChunk = opts.csvChunk ?? 2_000;
  const csvMaxRows = opts.csvMaxRows ?? 20_000;
  const assets = loadDashboardAssets();
  const app = new Hono<WebEnv>();
  const frameOf = (c: Context<WebEnv>): PageFrame => ({ f: c.get("formats"), base, assets });

  /** Runs a page's work; a refusal of the core becomes its error page (400, 403, 404, 409). */
  const page = (work: (c: Context<WebEnv>) => Promise<Response>) => async (c: Context<WebEnv>) => {
    try {
      return await work(c);
    } catch (e) {
      if (!isHelpdeskError(e)) throw e;
      c.get("log")?.info("dashboard request refused", { code: e.code, path: c.req.path });
      return errorResponse(c, frameOf(c), e);
    }
  };

  app.get("/assets/:name", (c) => {
    const a = assets.byName.get(c.req.param("name"));
    if (!a) return c.notFound();
    return c.body(a.body, 200, { "Content-Type": a.type, "Cache-Control": "public, max-age=31536000, immutable" });
  });

  app.get(
    "/",
    page(async (c) => {
      const frame = frameOf(c);
      const query = DashboardQuery.parse(c.req.query());
      const filter = kpiFilterOf(query, deps.now(), frame.f.timeZone);
      const actor = c.get("actor");
      const [choices, figures] = await Promise.all([kpiFilterOptions(deps, actor), readKpis(deps, actor, filter)]);
      return c.html(<OverviewPage frame={frame} query={query} choices={choices} figures={figures} />);
    }),
  );

  app.get(
    "/overview.csv",
    page(async (c) => {
      const { f } = frameOf(c);
      const query = DashboardQuery.parse(c.req.query());
      const filter = kpiFilterOf(query, deps.now(), f.timeZone);
      const actor = c.get("actor");
      const [choices, figures] = await Promise.all([kpiFilterOptions(deps, actor), readKpis(deps, actor, filter)]);
      const name = `helpdesk-kpis-${f.isoDate(filter.from)}-${f.isoDate(new Date(filter.to.getTime() - 1))}.csv`;
      return csvResponse(c, name, overviewCsvRows(figures, query, choices, f));
    }),
  );

  app.get(
    "/tickets",
    page(async (c) => {
      const frame = frameOf(c);
      const query = readTicketsQuery(c.req.query());
      const figure = query.figure ?? "created";
      const filter = kpiFilterOf(query, deps.now(), frame.f.timeZone);
      const actor = c.get("actor");
      const after = query.after || null;
      const [choices, list] = await Promise.all([
        kpiFilterOptions(deps, actor),
        kpiTickets(deps, actor, filter, { figure, limit: pageSize, after }),
      ]);
      return c.html(
        <TicketsPage
          frame={frame}
          query={query}
          figure={figure}
          filter={filter}
          choices={choices}
          rows={list.rows}
          next={list.next}
          paged={after !== null}
        />,
      );
    }),
  );

  app.get(
    "/tickets.csv",
    page(async (c) => {
      const { f } = frameOf(c);
      const query = readTicketsQuery(c.req.query());
      const figure = query.figure ?? "created";
      const filter = kpiFilterOf(query, deps.now(), f.timeZone);
      const text = await ticketsCsv(deps, c.get("actor"), filter, f, { figure, chunk: csvChunk, maxRows: csvMaxRows });
      const name = `helpdesk-tickets-${figure}-${f.isoDate(filter.from)}-${f.isoDate(new Date(filter.to.getTime() - 1))}.csv`;
      return csvDownload(c, name, text);
    }),
  );

  return app;
}
