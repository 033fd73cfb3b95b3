// How `/ticket workflows` reads, whatever the surface: one entry per workflow (its name, on or off,
// its trigger and actions) and a line of its last runs, dates marked up by the surface.
import type { Formats } from "../i18n/format.js";
import { msg, render } from "../i18n/translate.js";
import type { WorkflowSummary } from "./list-workflows.js";

export interface WorkflowLines {
  /** "Escalate stale new tickets (escalate-stale-new) · on": the id is what the config file calls it. */
  title: string;
  /** "after a time in a status · 2 actions\nLast runs: #42 done <date>, …" */
  detail: string;
}

export function describeWorkflows(list: readonly WorkflowSummary[], f: Formats, date: (at: Date) => string): WorkflowLines[] {
  const say = (m: Parameters<typeof render>[0]) => render(m, f);
  return list.map((w) => {
    const runs = w.runs.map((r) =>
      say(
        msg("workflows.run", { ticket: `#${r.ticketId}`, outcome: say(msg(`workflows.outcome_${outcome(r.outcome)}`)), when: date(r.at) }),
      ),
    );
    return {
      title: `${f.name(w.name)} (${w.id}) · ${say(msg(w.enabled ? "workflows.on" : "workflows.off"))}`,
      detail: [
        `${say(w.ratings ? msg("workflows.trigger_csat_received_ratings", { items: w.ratings.map(String) }) : msg(`workflows.trigger_${w.trigger}`))} · ${say(msg("workflows.actions", { count: w.actions.length }))}`,
        runs.length ? say(msg("workflows.lastRuns", { items: runs })) : say(msg("workflows.neverRan")),
      ].join("\n"),
    };
  });
}

const outcomes = ["done", "failed", "cancelled", "refused"] as const;
const outcome = (o: string): (typeof outcomes)[number] =>
  (outcomes as readonly string[]).includes(o) ? (o as (typeof outcomes)[number]) : "done";
