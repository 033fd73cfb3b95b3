// The headline KPIs as a private Block Kit answer (`/ticket stats`).
import { escapeText, limits, truncate } from "./escape.js";
import type { Answer } from "./render.js";
import type { DescribedKpis } from "../../core/index.js";

/** Slack's header block holds 150 characters of plain text. */
const headerText = 150;

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
