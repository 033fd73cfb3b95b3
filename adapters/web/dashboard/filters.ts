// The dashboard's filters as they travel in the URL (a GET form, so a view can be shared by its
// address), read with zod and turned into the core's KpiFilter.
import { z } from "zod";
import { invalid, kpiFigureNames, kpiPeriod, msg, type KpiFilter, type TicketSource } from "../../../core/index.js";

/** The team filter's value for tickets without a team (team ids start with a letter). */
export const noTeamValue = "_none";
export const defaultPeriod = "30d";

const slug = z
  .string()
  .max(100)
  .regex(/^[A-Za-z0-9._-]*$/)
  .optional()
  .catch(undefined)
  .transform((v) => v || undefined);

export const DashboardQuery = z.object({
  period: z
    .string()
    .max(40)
    .optional()
    .catch(undefined)
    .transform((v) => v || defaultPeriod),
  team: slug,
  agent: slug,
  pipeline: slug,
  source: slug,
});
export type DashboardQuery = z.infer<typeof DashboardQuery>;

export const TicketsQuery = DashboardQuery.extend({
  figure: z.enum(kpiFigureNames).optional(),
  after: z.string().max(500).optional(),
});
export type TicketsQuery = z.infer<typeof TicketsQuery>;

/**
 * The drill-down's query, or the core's `invalid` (a 400 page) for a figure that is not one or a
 * page cursor too long to be ours: an address edited by hand, never a 500.
 */
export function readTicketsQuery(query: Record<string, string>): TicketsQuery {
  const q = TicketsQuery.safeParse(query);
  if (q.success) return q.data;
  throw invalid(q.error.issues.some((i) => i.path[0] === "figure") ? msg("dashboard.unknownFigure") : msg("kpis.cursorInvalid"));
}

/** The core's filter for the query; an unreadable period throws the core's `invalid`. */
export function kpiFilterOf(q: DashboardQuery, now: Date, timeZone: string): KpiFilter {
  const { from, to } = kpiPeriod(q.period, now, timeZone);
  return {
    from,
    to,
    ...(q.team !== undefined ? { teamId: q.team === noTeamValue ? null : q.team } : {}),
    agentId: q.agent,
    pipelineId: q.pipeline,
    source: q.source as TicketSource | undefined,
  };
}

/** The query string of the filters (empty ones left out), with `extra` after them. */
export function filterQuery(q: DashboardQuery, extra: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  const all: Record<string, string | undefined> = {
    period: q.period === defaultPeriod ? undefined : q.period,
    team: q.team,
    agent: q.agent,
    pipeline: q.pipeline,
    source: q.source,
    ...extra,
  };
  for (const [k, v] of Object.entries(all)) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : "";
}
