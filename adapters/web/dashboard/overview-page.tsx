// The overview: the filters, the headline figures against their targets, and the charts.
import { msg, render, type KpiFigures, type Msg } from "../../../core/index.js";
import { ChartCard, hasData, overviewCharts } from "./charts.js";
import { FilterForm, type FilterChoices } from "./filter-form.js";
import { filterQuery, type DashboardQuery } from "./filters.js";
import { periodName, periodRange } from "./labels.js";
import { JsonData, Layout, type PageFrame } from "./layout.js";
import { kpiTiles, TileCard } from "./tiles.js";

/** The line under a page's title: the period, its dates and the time zone they are in. */
export function periodLine(frame: PageFrame, q: DashboardQuery, k: Pick<KpiFigures, "filter">): string {
  const { f } = frame;
  return `${periodName(q.period, f)} · ${periodRange(k.filter.from, k.filter.to, f)} · ${render(msg("dashboard.timeZone", { zone: f.timeZone }), f)}`;
}

export function OverviewPage(props: { frame: PageFrame; query: DashboardQuery; choices: FilterChoices; figures: KpiFigures }) {
  const { frame, query: q, figures: k } = props;
  const { f, base } = frame;
  const say = (m: Msg) => render(m, f);
  const charts = overviewCharts(k, f);
  const title = say(msg("dashboard.overview"));
  return (
    <Layout frame={frame} title={title} charts>
      <div class="toolbar">
        <div>
          <h1>{title}</h1>
          <p class="subtitle">{periodLine(frame, q, k)}</p>
        </div>
        <a class="button" href={`${base}/overview.csv${filterQuery(q)}`} download>
          {say(msg("dashboard.downloadCsv"))}
        </a>
      </div>
      <FilterForm f={f} action={base} query={q} choices={props.choices} />
      <section class="tiles">
        {kpiTiles(k, f).map((tile) => (
          <TileCard tile={tile} f={f} href={`${base}/tickets${filterQuery(q, { figure: tile.figure })}`} />
        ))}
      </section>
      <section class="charts">
        {charts.map((chart) => (
          <ChartCard chart={chart} f={f} />
        ))}
      </section>
      <JsonData id="dashboard-charts" data={charts.filter(hasData)} />
    </Layout>
  );
}
