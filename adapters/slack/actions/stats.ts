// Stats: the headline KPIs of a period against their targets, privately (Block Kit).
// `/ticket stats [today|7d|30d|90d|this_month|last_month|YYYY-MM-DD..YYYY-MM-DD] [team]`.
import { statsBlocks } from "../stats-render.js";
import type { SlackAction } from "./types.js";
import { invalid, msg, readStats } from "../../../core/index.js";

export const stats = {
  command: {
    word: "stats",
    aliases: ["kpi", "kpis"],
    usage: "stats [7d|30d|90d|today|this_month|last_month] [team]",
    async run({ deps }, inv) {
      // A first word that reads as a period is the period; the rest names the team (names may have spaces).
      const [first, ...rest] = inv.args;
      const isPeriod = first !== undefined && periodWord.test(first);
      const period = isPeriod ? first : undefined;
      const teamWords = (isPeriod ? rest : inv.args).join(" ").trim();
      const teamId = teamWords ? teamOf(deps.catalog.config.teams, teamWords) : undefined;
      const described = await readStats(deps, inv.actor, { period, teamId }, inv.speech.f);
      return statsBlocks(described);
    },
  },
} satisfies SlackAction;

/** The periods `kpiPeriod` reads; anything else (a team named "2nd line") is the team's name. */
const periodWord = /^(today|this_month|last_month|\d+d|\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2})$/i;

/** A team typed by id or by its name in any language; "none" for the tickets without a team. */
function teamOf(teams: readonly { id: string; name: string; names: Partial<Record<string, string>> }[], typed: string): string | null {
  const wanted = typed.toLowerCase();
  if (/^(none|no team)$/.test(wanted)) return null;
  const team = teams.find((t) => t.id === typed || [t.name, ...Object.values(t.names)].some((n) => n?.toLowerCase() === wanted));
  if (!team) throw invalid(msg("errors.teamUnknown", { team: typed.slice(0, 80) }));
  return team.id;
}
