// Which tickets a reader's KPIs count: the visibility rule (agents who are not admins see their
// own teams' tickets and those without a team; admins see all), the filter's narrowing, and the
// tickets no figure counts (deleted, merged into another, filed apart as auto-replies). One
// where clause for every KPI query, on the Ticket table as `t`.
import { expressionBuilder, type Expression, type SqlBool } from "kysely";
import { resolveActor } from "../access.js";
import type { DB, Queryable } from "../db.js";
import type { Actor, CoreDeps } from "../deps.js";
import { forbidden, invalid } from "../errors.js";
import type { Formats } from "../i18n/format.js";
import { deskFormats, readerFormats } from "../i18n/reader.js";
import { msg } from "../i18n/translate.js";
import type { KpiFilter } from "./kpi-types.js";

/** The longest period a read takes: a year and a day or two. */
export const maxPeriodDays = 400;

export interface KpiScope {
  filter: KpiFilter;
  /** The teams counted (null: tickets without a team); undefined: every ticket, whatever its team. */
  teams: (string | null)[] | undefined;
  /** The reader's language and time zone (the days volume is counted in). */
  formats: Formats;
  admin: boolean;
  /** The reading agent (null: the system). */
  agentId: string | null;
  /** The reader's teams (empty for admins and the system). */
  ownTeams: string[];
}

/** The reader, checked, with what they may count. Throws `forbidden` for a team the agent is not in. */
export async function kpiScope(q: Queryable, deps: CoreDeps, actor: Actor, filter: KpiFilter): Promise<KpiScope> {
  checkPeriod(filter);
  const party = await resolveActor(q, actor);
  if (party.type === "contact") throw forbidden(msg("errors.agentsOnly"));
  if (party.type === "system") {
    const teams = filter.teamId === undefined ? undefined : [filter.teamId];
    return { filter, teams, formats: deskFormats(deps.catalog), admin: true, agentId: null, ownTeams: [] };
  }
  const agent = party.agent;
  const formats = readerFormats(deps.catalog, { agentId: agent.id });
  const admin = agent.role === "admin";
  if (admin) {
    const teams = filter.teamId === undefined ? undefined : [filter.teamId];
    return { filter, teams, formats, admin, agentId: agent.id, ownTeams: agent.teamIds };
  }
  if (typeof filter.teamId === "string" && !agent.teamIds.includes(filter.teamId)) throw forbidden(msg("kpis.teamNotYours"));
  const teams = filter.teamId === undefined ? [...agent.teamIds, null] : [filter.teamId];
  return { filter, teams, formats, admin, agentId: agent.id, ownTeams: agent.teamIds };
}

function checkPeriod(filter: KpiFilter): void {
  const from = filter.from.getTime();
  const to = filter.to.getTime();
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) throw invalid(msg("kpis.periodBackwards"));
  if (to - from > maxPeriodDays * 86_400_000) throw invalid(msg("kpis.periodTooLong", { days: maxPeriodDays }));
}

type TicketAsT = { t: DB["Ticket"] };

/**
 * The scope's conditions on `t` (the period is the caller's: each figure has its own time column).
 *
 * Written so that the period's index is what a query reads, on SQLite too, whose planner has no
 * statistics and takes any equality on an indexed column for a narrow one: "not merged" is
 * `NOT (mergedIntoId IS NOT NULL)`, which no index serves (PostgreSQL reads it back as IS NULL,
 * with its statistics), and the team is `coalesce(teamId, '')`. Each period index holds every
 * column checked here, so they are checked on the index's entries, not on the table's rows.
 */
export function ticketConditions(scope: KpiScope): Expression<SqlBool> {
  const eb = expressionBuilder<TicketAsT, "t">();
  const { filter, teams } = scope;
  const all: Expression<SqlBool>[] = [
    eb("t.deletedAt", "is", null),
    eb.not(eb("t.mergedIntoId", "is not", null)),
    eb("t.quarantined", "=", false),
  ];
  // Team ids are slugs, never empty: '' stands for no team.
  if (teams !== undefined)
    all.push(
      eb(
        eb.fn.coalesce("t.teamId", eb.val("")),
        "in",
        teams.map((t) => t ?? ""),
      ),
    );
  if (filter.agentId !== undefined) all.push(eb("t.ownerId", "=", filter.agentId));
  if (filter.pipelineId !== undefined) all.push(eb("t.pipelineId", "=", filter.pipelineId));
  if (filter.source !== undefined) all.push(eb("t.source", "=", filter.source));
  return eb.and(all);
}

/** A ticket's time column a figure counts by. */
export type PeriodColumn = "t.createdAt" | "t.firstResponseAt" | "t.resolvedAt" | "t.csatAt" | "t.csatSentAt";

/** The tickets in scope whose `column` falls within the period (or `range`, a part of it), as `t` (nothing selected yet). */
export function periodTickets(q: Queryable, scope: KpiScope, column: PeriodColumn, range: { from: Date; to: Date } = scope.filter) {
  return q.selectFrom("Ticket as t").where(column, ">=", range.from).where(column, "<", range.to).where(ticketConditions(scope));
}
export type PeriodTickets = ReturnType<typeof periodTickets>;
