// The overview's charts: what each shows as plain data (drawn in the browser by our script with
// Chart.js, from JSON embedded in the page), and each chart's figures as a table beside it, for
// readers without script and for screen readers.
import { msg, render, type Durations, type Formats, type KpiFigures, type Msg } from "../../../core/index.js";
import { duration, percent, shortDay } from "./labels.js";

/** Colour roles the stylesheet defines (`--tone-<name>`), so the charts follow light and dark. */
export type Tone = "created" | "resolved" | "met" | "missed" | "calendar" | "business" | "rating";

export interface ChartSpec {
  id: string;
  kind: "line" | "bar" | "doughnut";
  title: string;
  labels: string[];
  series: { label: string; tone: Tone | Tone[]; values: number[] }[];
  /** Mean, median and 90th percentile, for the duration charts. */
  stats?: { label: string; value: string }[];
}

function bucketLabels(d: Durations, f: Formats): string[] {
  return d.buckets.map((b, i) => {
    if (b.upToSec !== null) return render(msg("dashboard.upTo", { sec: b.upToSec }), f);
    const before = d.buckets[i - 1]?.upToSec;
    return before === undefined || before === null ? "…" : render(msg("dashboard.over", { sec: before }), f);
  });
}

function durationChart(id: string, title: string, d: Durations, f: Formats): ChartSpec {
  const say = (m: Msg) => render(m, f);
  const stat = (label: Msg, v: number | null) => ({ label: say(label), value: v === null ? "–" : duration(v, f) });
  return {
    id,
    kind: "bar",
    title,
    labels: bucketLabels(d, f),
    series: [
      {
        label: say(msg("dashboard.tickets")),
        tone: id.endsWith("business") ? "business" : "calendar",
        values: d.buckets.map((b) => b.count),
      },
    ],
    stats: [stat(msg("dashboard.mean"), d.mean), stat(msg("dashboard.median"), d.median), stat(msg("dashboard.p90"), d.p90)],
  };
}

/** Every chart of the overview; the business-hours variants only when some ticket's SLA has a calendar. */
export function overviewCharts(k: KpiFigures, f: Formats): ChartSpec[] {
  const say = (m: Msg) => render(m, f);
  const inBusiness = (m: Msg) => `${say(m)} (${say(msg("dashboard.businessHours"))})`;
  const charts: ChartSpec[] = [
    {
      id: "chart-volume",
      kind: "line",
      title: say(msg("dashboard.volumeChart")),
      labels: k.volume.map((v) => shortDay(v.day, f)),
      series: [
        { label: say(msg("dashboard.created")), tone: "created", values: k.volume.map((v) => v.created) },
        { label: say(msg("dashboard.resolved")), tone: "resolved", values: k.volume.map((v) => v.resolved) },
      ],
    },
    durationChart("chart-first-response", say(msg("dashboard.firstResponseChart")), k.firstResponse, f),
  ];
  if (k.firstResponseBusiness)
    charts.push(
      durationChart("chart-first-response-business", inBusiness(msg("dashboard.firstResponseChart")), k.firstResponseBusiness, f),
    );
  charts.push(durationChart("chart-resolution", say(msg("dashboard.resolutionChart")), k.resolution, f));
  if (k.resolutionBusiness)
    charts.push(durationChart("chart-resolution-business", inBusiness(msg("dashboard.resolutionChart")), k.resolutionBusiness, f));
  charts.push(
    {
      id: "chart-sla",
      kind: "doughnut",
      title: say(msg("dashboard.slaChart")),
      labels: [say(msg("dashboard.met")), say(msg("dashboard.missed"))],
      series: [{ label: say(msg("dashboard.tickets")), tone: ["met", "missed"], values: [k.sla.met, k.sla.missed] }],
      stats: k.sla.rate === null ? [] : [{ label: say(msg("dashboard.slaMet")), value: percent(k.sla.rate, f) }],
    },
    {
      id: "chart-csat",
      kind: "bar",
      title: say(msg("dashboard.csatChart")),
      labels: k.csat.scores.map((_, i) => say(msg("dashboard.stars", { score: i + 1 }))),
      series: [{ label: say(msg("dashboard.rating")), tone: "rating", values: [...k.csat.scores] }],
    },
  );
  return charts;
}

/** Whether a chart has anything to draw (else it says "No data" rather than show empty axes). */
export const hasData = (chart: ChartSpec) => chart.series.some((s) => s.values.some((v) => v > 0));

export function ChartCard(props: { chart: ChartSpec; f: Formats }) {
  const { chart, f } = props;
  const wide = chart.kind === "line";
  const drawn = hasData(chart);
  return (
    <figure class={wide ? "chart-card wide" : "chart-card"} data-chart={chart.id}>
      <figcaption>
        <h2>{chart.title}</h2>
      </figcaption>
      <div class={chart.kind === "doughnut" ? "chart-box round" : "chart-box"}>
        {drawn ? (
          <canvas id={chart.id} role="img" aria-label={chart.title}></canvas>
        ) : (
          <p class="chart-empty">{render(msg("dashboard.noData"), f)}</p>
        )}
      </div>
      {chart.stats && chart.stats.length > 0 && (
        <dl class="stats">
          {chart.stats.map((s) => (
            <div>
              <dt>{s.label}</dt>
              <dd>{s.value}</dd>
            </div>
          ))}
        </dl>
      )}
      <details class="chart-data">
        <summary>{render(msg("dashboard.chartData"), f)}</summary>
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th></th>
                {chart.series.map((s) => (
                  <th scope="col">{s.label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {chart.labels.map((label, i) => (
                <tr>
                  <th scope="row">{label}</th>
                  {chart.series.map((s) => (
                    <td class="num">{f.number(s.values[i] ?? 0)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
