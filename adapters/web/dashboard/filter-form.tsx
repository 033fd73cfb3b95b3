// The filters as a GET form: choosing and applying gives a URL that shows the same view to whoever
// opens it (within what they may see).
import { msg, render, type Formats, type LocalizedName } from "../../../core/index.js";
import { noTeamValue, type DashboardQuery } from "./filters.js";
import { periodChoices, periodName, sourceName } from "./labels.js";

/** What the reader may pick (the core's kpiFilterOptions). */
export interface FilterChoices {
  teams: { id: string; name: LocalizedName | string }[];
  agents: { id: string; name: LocalizedName | string }[];
  pipelines: { id: string; name: LocalizedName | string }[];
  sources: string[];
}

interface Option {
  value: string;
  label: string;
}

function Select(props: { name: string; label: string; value: string | undefined; options: Option[] }) {
  const id = `filter-${props.name}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name}>
        {props.options.map((o) => (
          <option value={o.value} selected={(props.value ?? "") === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function FilterForm(props: {
  f: Formats;
  action: string;
  query: DashboardQuery;
  choices: FilterChoices;
  hidden?: Record<string, string>;
  resetHref?: string;
}) {
  const { f, query: q, choices } = props;
  const say = (m: Parameters<typeof render>[0]) => render(m, f);
  const named = (xs: { id: string; name: LocalizedName | string }[]) => xs.map((x) => ({ value: x.id, label: f.name(x.name) }));
  const periods: Option[] = periodChoices.map((p) => ({ value: p, label: periodName(p, f) }));
  if (!(periodChoices as readonly string[]).includes(q.period))
    periods.push({ value: q.period, label: `${periodName(q.period, f)} (${q.period})` });
  return (
    <form method="get" action={props.action} class="filters">
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <Select name="period" label={say(msg("dashboard.period"))} value={q.period} options={periods} />
      <Select
        name="team"
        label={say(msg("dashboard.team"))}
        value={q.team}
        options={[
          { value: "", label: say(msg("dashboard.allTeams")) },
          ...named(choices.teams),
          { value: noTeamValue, label: say(msg("dashboard.noTeam")) },
        ]}
      />
      <Select
        name="agent"
        label={say(msg("dashboard.agent"))}
        value={q.agent}
        options={[{ value: "", label: say(msg("dashboard.allAgents")) }, ...named(choices.agents)]}
      />
      <Select
        name="pipeline"
        label={say(msg("dashboard.pipeline"))}
        value={q.pipeline}
        options={[{ value: "", label: say(msg("dashboard.allPipelines")) }, ...named(choices.pipelines)]}
      />
      <Select
        name="source"
        label={say(msg("dashboard.source"))}
        value={q.source}
        options={[
          { value: "", label: say(msg("dashboard.allSources")) },
          ...choices.sources.map((s) => ({ value: s, label: sourceName(s, f) })),
        ]}
      />
      <div class="field actions">
        <button type="submit" class="primary">
          {say(msg("dashboard.apply"))}
        </button>
        <a class="button" href={props.resetHref ?? props.action}>
          {say(msg("dashboard.reset"))}
        </a>
      </div>
    </form>
  );
}
