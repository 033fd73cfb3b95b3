// Stats: the headline KPIs of a period against their targets, in a private embed.
// `/ticket stats [period] [team]` (the team by autocomplete; "none" for tickets without a team).
import type { APIEmbed } from "discord.js";
import { deferPrivately } from "../action-helpers.js";
import { teamOption } from "../command-options.js";
import { speech, tell } from "../context.js";
import { fitSafe, limits, truncate } from "../escape.js";
import type { DiscordAction } from "./types.js";
import { type DescribedKpis, readStats } from "../../../core/index.js";

/** Discord's blurple, as the other answers use none: the embed's side bar. */
const color = 0x5865f2;

export const stats = {
  async command(ctx, i, actor) {
    await deferPrivately(i);
    const period = i.options.getString("period") ?? undefined;
    const teamId = teamOption(ctx, i.options.getString("team"));
    const s = speech(ctx, i);
    const described = await readStats(ctx.deps, actor, { period, teamId }, s.f);
    await tell(i, "", { embeds: [statsEmbed(described)] });
  },
} satisfies DiscordAction;

/** The figures as inline fields (three to a row on a wide screen), under the period and team. */
export function statsEmbed(d: DescribedKpis): APIEmbed {
  const mark = (met: boolean | null) => (met === null ? "" : met ? "✅ " : "🔻 ");
  return {
    title: truncate(d.title, limits.embedTitle),
    description: fitSafe(d.scope, 1000),
    color,
    fields: d.figures.slice(0, limits.embedFields).map((x) => {
      const status = x.met === null ? "" : ` (${x.met ? d.metWord : d.missedWord})`;
      const lines = [`${mark(x.met)}**${fitSafe(x.value, 200)}**${status}`, ...x.detail.map((l) => fitSafe(l, 300))];
      if (x.target) lines.push(`*${fitSafe(x.target, 200)}*`);
      return {
        name: truncate(fitSafe(x.label, 200), limits.embedFieldName),
        value: truncate(lines.join("\n"), limits.embedFieldValue),
        inline: true,
      };
    }),
  };
}
