// The dashboard's pages bench:kpis times, each one request as a browser makes it (bench/kpis-web.ts).
import type { Actor, CoreDeps } from "../core/deps.js";
import { kpiPeriod, kpiTickets, readerFormats, type KpiFigureName } from "../core/index.js";
import { adminId, agentId, agentsPerTeam, teamIds } from "./kpis-config.js";
import type { DashboardClient } from "./kpis-web.js";

/** As the dashboard's routes give them (adapters/web/dashboard/routes.tsx): tickets a drill-down page, and at most in a CSV. */
const tablePage = 50;
const csvRows = 20_000;

export const admin: Actor = { type: "agent", agentId: adminId };
const teamAgent = (k: number) => ({ agent: agentId(k % teamIds.length, k % agentsPerTeam), team: teamIds[k % teamIds.length]! });

export interface Page {
  name: string;
  /**
   * One request of the page as the browser makes it (the dashboard's route, its session check, its
   * HTML or CSV), varied by `k`: the period's end moves back through the year, the team turns.
   */
  run: (web: DashboardClient, k: number) => Promise<unknown>;
}

export function pagesFor(anchor: Date, deps: CoreDeps): Page[] {
  // The admin's days, as the drill-down's route reads its period.
  const adminZone = readerFormats(deps.catalog, { agentId: adminId }).timeZone;
  // The k-th read looks at a period ending 0..300 days before the seed's "now".
  const nowFor = (k: number) => new Date(anchor.getTime() - ((k * 37) % 301) * 86_400_000);
  const overview =
    (period: string, file = ""): Page["run"] =>
    (web, k) =>
      web.get(`${file}?period=${period}`, adminId, nowFor(k));
  // A later page of a drill-down: the cursor its "next" links lead to after `skip` rows, walked
  // once per period variant (in the warm-up).
  const cursors = new Map<string, string | null>();
  const after = async (figure: KpiFigureName, now: Date, skip: number) => {
    const filter = kpiPeriod("30d", now, adminZone);
    const key = `${figure} ${filter.from.toISOString()}`;
    if (!cursors.has(key)) {
      let cursor: string | null = null;
      for (let n = 0; n < skip; n += tablePage) {
        cursor = (await kpiTickets(deps, admin, filter, { figure, limit: tablePage, after: cursor })).next;
        // A list too short would have the page timed be its first one, under another name.
        if (!cursor) throw new Error(`bench: the ${figure} list of ${filter.from.toISOString()} ends before ticket ${skip + 1}`);
      }
      cursors.set(key, cursor);
    }
    return cursors.get(key) ?? null;
  };
  const drill =
    (figure: KpiFigureName, skip = 0): Page["run"] =>
    async (web, k) => {
      const now = nowFor(k % 5);
      const cursor = skip ? await after(figure, now, skip) : null;
      return web.get(`/tickets?period=30d&figure=${figure}${cursor ? `&after=${encodeURIComponent(cursor)}` : ""}`, adminId, now);
    };
  const drillName = (figure: KpiFigureName, page = 1) =>
    `drill-down ${figure.replace("_", " ")}, ${page > 1 ? `page ${page}` : "first page"}`;
  return [
    { name: "overview, 30 days, all teams (admin)", run: overview("30d") },
    {
      name: "overview, 30 days, own team (agent)",
      run: (web, k) => {
        const { agent, team } = teamAgent(k);
        return web.get(`?period=30d&team=${team}`, agent, nowFor(k));
      },
    },
    { name: "overview, 90 days, all teams (admin)", run: overview("90d") },
    { name: "overview, this month, all teams (admin)", run: overview("this_month") },
    { name: "overview CSV, 30 days (admin)", run: overview("30d", "/overview.csv") },
    { name: drillName("created"), run: drill("created") },
    { name: drillName("created", 21), run: drill("created", 20 * tablePage) },
    ...(["resolved", "unresolved", "first_response", "resolution"] as const).map((figure) => ({
      name: drillName(figure),
      run: drill(figure),
    })),
    { name: drillName("csat"), run: drill("csat") },
    { name: drillName("csat", 11), run: drill("csat", 10 * tablePage) },
    { name: drillName("sla_missed"), run: drill("sla_missed") },
    { name: drillName("sla_missed", 11), run: drill("sla_missed", 10 * tablePage) },
    // The dashboard's own export (adapters/web/dashboard/export-csv.ts): every ticket, 2,000 a read.
    {
      name: `CSV of drill-down created (${csvRows} rows)`,
      run: (web, k) => web.get("/tickets.csv?period=30d&figure=created", adminId, nowFor(k)),
    },
  ];
}
