// The headline KPIs as a private embed (`/ticket stats`).
import type { APIEmbed } from "discord.js";
import { fitSafe, limits, truncate } from "./escape.js";
import type { DescribedKpis } from "../../core/index.js";

/** Discord's blurple, as the other answers use none: the embed's side bar. */
const color = 0x5865f2;

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
