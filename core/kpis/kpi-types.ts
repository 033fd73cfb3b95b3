// What the KPI reads (core/kpis) take and give: the dashboard, `/ticket stats` and the benchmark
// share these shapes.
import type { TicketSource } from "../tickets/view.js";

/** Which tickets a figure counts: a period and optional narrowing. */
export interface KpiFilter {
  /** The period, from inclusive to exclusive. */
  from: Date;
  to: Date;
  /** One team (null: tickets without a team); absent: every team the reader may see. */
  teamId?: string | null | undefined;
  agentId?: string | undefined;
  pipelineId?: string | undefined;
  source?: TicketSource | undefined;
}

/** A distribution of durations in seconds. */
export interface Durations {
  count: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
  /** Counts per bucket, each bucket up to `upToSec` (null: the rest). */
  buckets: { upToSec: number | null; count: number }[];
}

/** The headline targets figures are shown against (config `kpiTargets`; the defaults are the seed's). */
export interface KpiTargets {
  firstResponseSec: number;
  resolutionSec: number;
  resolutionRate: number;
  csat: number;
}

export interface KpiFigures {
  filter: KpiFilter;
  targets: KpiTargets;
  /** Tickets created in the period (not deleted, not filed apart as auto-replies). */
  created: number;
  /** Tickets resolved in the period. */
  resolved: number;
  /** Of the tickets created in the period, the share resolved by now (null when none were created). */
  resolutionRate: number | null;
  /** First response and resolution times of tickets answered or resolved in the period, in calendar time. */
  firstResponse: Durations;
  resolution: Durations;
  /** The same in business hours, counting only tickets whose SLA has a calendar (null when none has). */
  firstResponseBusiness: Durations | null;
  resolutionBusiness: Durations | null;
  /** Ratings given in the period. */
  csat: {
    responses: number;
    surveys: number;
    mean: number | null;
    responseRate: number | null;
    scores: [number, number, number, number, number];
  };
  /** SLA targets that ended in the period: met in time or not. */
  sla: { met: number; missed: number; rate: number | null };
  /** Per day of the period in the reader's time zone (YYYY-MM-DD), oldest first. */
  volume: { day: string; created: number; resolved: number }[];
}

/** Which figure a drill-down lists the tickets behind. */
export const kpiFigureNames = ["created", "resolved", "unresolved", "first_response", "resolution", "csat", "sla_missed"] as const;
export type KpiFigureName = (typeof kpiFigureNames)[number];

/** A ticket behind a figure (the dashboard's drill-down), named in the reader's language. */
export interface KpiTicketRow {
  id: number;
  subject: string;
  /** The status's name in the reader's language. */
  status: string;
  priority: string;
  /** Team and owner names (null: none). */
  team: string | null;
  owner: string | null;
  source: TicketSource;
  createdAt: Date;
  firstResponseSec: number | null;
  resolutionSec: number | null;
  csatScore: number | null;
}

/** One page of a figure's tickets; `next` goes back as `after` for the following page (null: the last). */
export interface KpiTicketPage {
  rows: KpiTicketRow[];
  next: string | null;
}

/** What a reader may narrow the KPIs to. */
export interface KpiFilterOptions {
  teams: { id: string; name: string }[];
  agents: { id: string; name: string }[];
  pipelines: { id: string; name: string }[];
  sources: TicketSource[];
  /** Whether the reader sees every team's figures. */
  admin: boolean;
}

/** `/ticket stats`: a period as typed (core/kpis/kpi-period.ts, default 30 days) and one team. */
export interface StatsInput {
  period?: string | undefined;
  teamId?: string | null | undefined;
}
