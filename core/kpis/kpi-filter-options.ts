// What a reader may narrow the KPIs to: admins any team and agent; other agents their own teams and
// the agents who share one with them. Names in the reader's language.
import { resolveActor } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { forbidden } from "../errors.js";
import { deskFormats, readerFormats } from "../i18n/reader.js";
import { msg } from "../i18n/translate.js";
import { ticketSources, type TicketSource } from "../tickets/view.js";
import type { KpiFilterOptions } from "./kpi-types.js";

/** Where tickets come from (core/tickets/view.ts TicketSource; the chat surfaces by name). */
export const kpiSources: TicketSource[] = [...ticketSources];

export async function kpiFilterOptions(deps: CoreDeps, actor: Actor): Promise<KpiFilterOptions> {
  const db = deps.reports ?? deps.db;
  const party = await resolveActor(db, actor);
  if (party.type === "contact") throw forbidden(msg("errors.agentsOnly"));
  const agent = party.type === "agent" ? party.agent : null;
  const admin = !agent || agent.role === "admin";
  const f = agent ? readerFormats(deps.catalog, { agentId: agent.id }) : deskFormats(deps.catalog);
  const { config } = deps.catalog;
  const teams = config.teams.filter((t) => admin || agent?.teamIds.includes(t.id)).map((t) => ({ id: t.id, name: f.name(t.names) }));
  let agents = db.selectFrom("Agent as a").select(["a.id", "a.name"]).where("a.active", "=", true);
  if (!admin && agent) {
    const mates = db.selectFrom("AgentTeam as m").select("m.agentId").where("m.teamId", "in", agent.teamIds);
    agents = agents.where((eb) => eb.or([eb("a.id", "=", agent.id), eb("a.id", "in", mates)]));
  }
  const rows = await agents.orderBy("a.name").orderBy("a.id").execute();
  return {
    teams,
    agents: rows.map((a) => ({ id: a.id, name: a.name })),
    pipelines: config.pipelines.map((p) => ({ id: p.id, name: f.name(p.names) })),
    sources: kpiSources,
    admin,
  };
}
