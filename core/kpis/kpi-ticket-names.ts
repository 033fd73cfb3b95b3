// How a KPI ticket list's rows are shown (kpi-tickets.ts): statuses named, and owners' and teams'
// names looked up once per reader, not joined per row (a page holds a few of them, a CSV thousands
// of rows).
import type { Queryable } from "../db.js";
import type { CoreDeps } from "../deps.js";
import type { Formats } from "../i18n/format.js";
import type { TicketSource } from "../tickets/view.js";
import type { ReadRow } from "./kpi-tickets.js";
import type { KpiTicketRow } from "./kpi-types.js";

/** Known names by id; null: no such agent or team (asked once, not again). */
export interface Names {
  agents: Map<string, string | null>;
  teams: Map<string, string | null>;
}

/**
 * Adds to `names` those of the owners and teams of `rows` not known yet: teams as the reader reads
 * them, else as stored.
 */
export async function learnNames(q: Queryable, rows: ReadRow[], deps: CoreDeps, f: Formats, names: Names): Promise<void> {
  const owners = new Set<string>();
  const teamSet = new Set<string>();
  for (const r of rows) {
    if (r.ownerId !== null && !names.agents.has(r.ownerId)) owners.add(r.ownerId);
    if (r.teamId !== null && !names.teams.has(r.teamId)) teamSet.add(r.teamId);
  }
  const ownerIds = [...owners];
  const teamIds = [...teamSet];
  const [agents, stored] = await Promise.all([
    ownerIds.length ? q.selectFrom("Agent").select(["id", "name"]).where("id", "in", ownerIds).execute() : [],
    teamIds.length ? q.selectFrom("Team").select(["id", "name"]).where("id", "in", teamIds).execute() : [],
  ]);
  for (const id of ownerIds) names.agents.set(id, null);
  for (const a of agents) names.agents.set(a.id, a.name);
  for (const id of teamIds) names.teams.set(id, null);
  for (const t of stored) {
    const team = deps.catalog.config.teams.find((c) => c.id === t.id);
    names.teams.set(t.id, team ? f.name(team.names) : t.name);
  }
}

export function toRow(r: ReadRow, deps: CoreDeps, f: Formats, names: Names): KpiTicketRow {
  const status = deps.catalog.status(r.pipelineId, r.statusId);
  return {
    id: r.id,
    subject: r.subject,
    status: status ? f.name(status.names) : r.statusId,
    priority: r.priority,
    team: r.teamId === null ? null : (names.teams.get(r.teamId) ?? null),
    owner: r.ownerId === null ? null : (names.agents.get(r.ownerId) ?? null),
    source: r.source as TicketSource,
    createdAt: r.createdAt,
    firstResponseSec: r.firstResponseSec,
    resolutionSec: r.resolutionSec,
    csatScore: r.csatScore,
  };
}
