// Stats: the headline KPIs of a period against their targets, privately (Block Kit).
// `/ticket stats [today|7d|30d|90d|this_month|last_month|YYYY-MM-DD..YYYY-MM-DD] [team]`.
import { escapeText, limits, truncate } from "../escape.js";
import type { Answer } from "../render.js";
import type { SlackAction } from "./types.js";
import { type DescribedKpis, invalid, msg, readStats } from "../../../core/index.js";

/** Slack's header block holds 150 characters of plain text. */
const headerText = 150;

export const stats = {
  command: {
    word: "stats",
    aliases: ["kpi", "kpis"],
    usage: "stats [7d|30d|90d|today|this_month|last_month] [team]",
    async run({ deps }, inv) {
      // A first word that reads as a period is the period; the rest names the team (names may have spaces).
      const [first, ...rest] = inv.args;
      const isPeriod = first !== undefined && /^(today|this_month|last_month|\d)/i.test(first);
      const period = isPeriod ? first : undefined;
      const teamWords = (isPeriod ? rest : inv.args).join(" ").trim();
      const teamId = teamWords ? teamOf(deps.catalog.config.teams, teamWords) : undefined;
      const described = await readStats(deps, inv.actor, { period, teamId }, inv.speech.f);
      return statsBlocks(described);
    },
  },
} satisfies SlackAction;

/** A team typed by id or by its name in any language; "none" for the tickets without a team. */
function teamOf(teams: readonly { id: string; name: string; names: Partial<Record<string, string>> }[], typed: string): string | null {
  const wanted = typed.toLowerCase();
  if (/^(none|no team)$/.test(wanted)) return null;
  const team = teams.find((t) => t.id === typed || [t.name, ...Object.values(t.names)].some((n) => n?.toLowerCase() === wanted));
  if (!team) throw invalid(msg("errors.teamUnknown", { team: typed.slice(0, 80) }));
  return team.id;
}

/** The figures as one section of fields (two columns), under a header and the period and team. */
export function statsBlocks(d: DescribedKpis): Answer {
  const mark = (met: boolean | null) => (met === null ? "" : met ? `:white_check_mark: ` : `:small_red_triangle_down: `);
  const fields = d.figures.slice(0, limits.sectionFields).map((x) => {
    const status = x.met === null ? "" : ` (${x.met ? d.metWord : d.missedWord})`;
    const lines = [`*${escapeText(x.label)}*`, `${mark(x.met)}${escapeText(x.value)}${status}`, ...x.detail.map(escapeText)];
    if (x.target) lines.push(`_${escapeText(x.target)}_`);
    return { type: "mrkdwn" as const, text: truncate(lines.join("\n"), limits.sectionField) };
  });
  return {
    text: truncate(`${d.title}: ${d.scope}`, limits.messageText),
    blocks: [
      { type: "header", text: { type: "plain_text", text: truncate(d.title, headerText) } },
      { type: "context", elements: [{ type: "mrkdwn", text: truncate(escapeText(d.scope), limits.sectionField) }] },
      { type: "section", fields },
    ],
  };
}
