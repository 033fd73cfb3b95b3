// `/ticket stats [period] [team]`: the headline KPIs of a period as typed, described for the
// reader (their language, and their time zone for where the period's days begin).
import type { Actor, CoreDeps } from "../deps.js";
import { invalid } from "../errors.js";
import type { Formats } from "../i18n/format.js";
import { msg } from "../i18n/translate.js";
import { describeKpis, type DescribedKpis } from "./describe-kpis.js";
import { defaultKpiPeriod, kpiPeriod } from "./kpi-period.js";
import type { StatsInput } from "./kpi-types.js";
import { readKpis } from "./read-kpis.js";

export async function readStats(deps: CoreDeps, actor: Actor, input: StatsInput, f: Formats): Promise<DescribedKpis> {
  const { from, to } = kpiPeriod(input.period ?? defaultKpiPeriod, deps.now(), f.timeZone);
  const teamId = input.teamId;
  const team = typeof teamId === "string" ? deps.catalog.config.teams.find((t) => t.id === teamId) : undefined;
  if (typeof teamId === "string" && !team) throw invalid(msg("errors.teamUnknown", { team: teamId }), { team: msg("fields.unknownTeam") });
  const figures = await readKpis(deps, actor, { from, to, ...(teamId !== undefined ? { teamId } : {}) });
  return describeKpis(figures, f, team ? f.name(team.names) : teamId === null ? null : undefined);
}
