// The seconds the KPIs read (Ticket.firstResponseSec, resolutionSec and their business-hours
// pair), worked out when the first response or the resolution is recorded: in calendar time, and
// in the working time of the calendar of the SLA policy covering the ticket (null when no policy
// covers it or the policy counts calendar time).
import type { Catalog } from "../config.js";
import { slaSetup } from "../sla/policies.js";

/** What decides a ticket's SLA policy and calendar, and when its times start. */
export interface KpiTicket {
  createdAt: Date;
  pipelineId: string;
  priority: string;
  teamId: string | null;
  source: string;
}

/** Calendar and working seconds from the ticket's creation to `end` (never negative). */
export function secondsSinceCreated(catalog: Catalog, t: KpiTicket, end: Date): { sec: number; bizSec: number | null } {
  const sec = Math.max(0, Math.round((end.getTime() - t.createdAt.getTime()) / 1000));
  const sla = slaSetup(catalog);
  const policy = sla.policyFor(t);
  const calendar = policy ? sla.calendarFor(policy, t.teamId) : null;
  if (calendar === null) return { sec, bizSec: null };
  return { sec, bizSec: Math.round(sla.workingTime(calendar).between(t.createdAt, end) / 1000) };
}

/** The columns to write with a ticket's first response at `at`. */
export function firstResponseColumns(catalog: Catalog, t: KpiTicket, at: Date) {
  const { sec, bizSec } = secondsSinceCreated(catalog, t, at);
  return { firstResponseSec: sec, firstResponseBizSec: bizSec };
}

/** The columns to write with the ticket's resolution time (null: not resolved, which clears them). */
export function resolutionColumns(catalog: Catalog, t: KpiTicket, resolvedAt: Date | null) {
  if (resolvedAt === null) return { resolutionSec: null, resolutionBizSec: null };
  const { sec, bizSec } = secondsSinceCreated(catalog, t, resolvedAt);
  return { resolutionSec: sec, resolutionBizSec: bizSec };
}
