// What the pages show, as CSV rows: the overview's figures (the filters they are for, the headline
// figures against their targets, volume per day, the distributions, the ratings), and the rows of a
// drill-down. Headings in the reader's language; durations in hours, shares in percent.
import {
  kpiTicketChunks,
  msg,
  render,
  type Actor,
  type CoreDeps,
  type Durations,
  type Formats,
  type KpiFigureName,
  type KpiFigures,
  type KpiFilter,
  type KpiTicketRow,
  type Msg,
} from "../../../core/index.js";
import { csvCell, csvLines, hours, hoursText, type CsvCell } from "./csv.js";
import type { FilterChoices } from "./filter-form.js";
import { noTeamValue, type DashboardQuery } from "./filters.js";
import { periodName, periodRange, priorityName, sourceName } from "./labels.js";
import { kpiTiles } from "./tiles.js";

type Row = CsvCell[];

const pct = (share: number | null) => (share === null ? null : Math.round(share * 10000) / 100);

function filterRows(q: DashboardQuery, k: KpiFigures, choices: FilterChoices, f: Formats): Row[] {
  const say = (m: Msg) => render(m, f);
  const nameIn = (xs: FilterChoices["teams"], id: string | undefined) => {
    const x = xs.find((e) => e.id === id);
    return x ? f.name(x.name) : id;
  };
  const rows: Row[] = [[say(msg("dashboard.period")), `${periodName(q.period, f)} (${periodRange(k.filter.from, k.filter.to, f)})`]];
  if (q.team)
    rows.push([say(msg("dashboard.team")), q.team === noTeamValue ? say(msg("dashboard.noTeam")) : nameIn(choices.teams, q.team)]);
  if (q.agent) rows.push([say(msg("dashboard.agent")), nameIn(choices.agents, q.agent)]);
  if (q.pipeline) rows.push([say(msg("dashboard.pipeline")), nameIn(choices.pipelines, q.pipeline)]);
  if (q.source) rows.push([say(msg("dashboard.source")), sourceName(q.source, f)]);
  rows.push([say(msg("dashboard.timeZone", { zone: f.timeZone }))]);
  return rows;
}

function durationRows(name: string, d: Durations, target: number | null, result: string, f: Formats): Row[] {
  const say = (m: Msg) => render(m, f);
  const h = (part: Msg) => say(msg("dashboard.csvHours", { name: `${name}: ${say(part)}` }));
  return [
    [h(msg("dashboard.mean")), hours(d.mean), hours(target), result],
    [h(msg("dashboard.median")), hours(d.median)],
    [h(msg("dashboard.p90")), hours(d.p90)],
    [`${name}: ${say(msg("dashboard.tickets"))}`, d.count],
  ];
}

function bucketRows(name: string, d: Durations, f: Formats): Row[] {
  const say = (m: Msg) => render(m, f);
  return [
    [name, say(msg("dashboard.csvBucket")), say(msg("dashboard.csvCount"))],
    ...d.buckets.map((b): Row => ["", b.upToSec === null ? say(msg("dashboard.csvRest")) : hours(b.upToSec), b.count]),
  ];
}

/** The overview as CSV rows, sections apart by an empty row. */
export function overviewCsvRows(k: KpiFigures, q: DashboardQuery, choices: FilterChoices, f: Formats): Row[] {
  const say = (m: Msg) => render(m, f);
  const states = Object.fromEntries(
    kpiTiles(k, f).map((t) => [t.figure, t.value === null || t.state === "none" ? "" : say(msg(`dashboard.${t.state}`))]),
  );
  const inBusiness = (m: Msg) => `${say(m)} (${say(msg("dashboard.businessHours"))})`;
  const percentName = (m: Msg) => `${say(m)} (%)`;
  const t = k.targets;
  const headline: Row[] = [
    [say(msg("dashboard.csvFigure")), say(msg("dashboard.csvValue")), say(msg("dashboard.csvTarget")), say(msg("dashboard.csvResult"))],
    ...durationRows(say(msg("dashboard.firstResponse")), k.firstResponse, t.firstResponseSec, states.first_response ?? "", f),
    ...(k.firstResponseBusiness ? durationRows(inBusiness(msg("dashboard.firstResponse")), k.firstResponseBusiness, null, "", f) : []),
    ...durationRows(say(msg("dashboard.resolution")), k.resolution, t.resolutionSec, states.resolution ?? "", f),
    ...(k.resolutionBusiness ? durationRows(inBusiness(msg("dashboard.resolution")), k.resolutionBusiness, null, "", f) : []),
    [percentName(msg("dashboard.resolutionRate")), pct(k.resolutionRate), pct(t.resolutionRate), states.unresolved ?? ""],
    [say(msg("dashboard.csat")), k.csat.mean === null ? null : Math.round(k.csat.mean * 100) / 100, t.csat, states.csat ?? ""],
    [say(msg("dashboard.csvRatings")), k.csat.responses],
    [say(msg("dashboard.csvResponseRate")), pct(k.csat.responseRate)],
    [percentName(msg("dashboard.slaMet")), pct(k.sla.rate)],
    [`${say(msg("dashboard.slaChart"))}: ${say(msg("dashboard.met"))}`, k.sla.met],
    [`${say(msg("dashboard.slaChart"))}: ${say(msg("dashboard.missed"))}`, k.sla.missed],
    [say(msg("dashboard.created")), k.created],
    [say(msg("dashboard.resolved")), k.resolved],
  ];
  const volume: Row[] = [
    [say(msg("dashboard.csvDay")), say(msg("dashboard.created")), say(msg("dashboard.resolved"))],
    ...k.volume.map((v): Row => [v.day, v.created, v.resolved]),
  ];
  const ratings: Row[] = [[say(msg("dashboard.rating")), say(msg("dashboard.csvCount"))], ...k.csat.scores.map((n, i): Row => [i + 1, n])];
  const sections: Row[][] = [
    filterRows(q, k, choices, f),
    headline,
    volume,
    bucketRows(say(msg("dashboard.firstResponseChart")), k.firstResponse, f),
    ...(k.firstResponseBusiness ? [bucketRows(inBusiness(msg("dashboard.firstResponseChart")), k.firstResponseBusiness, f)] : []),
    bucketRows(say(msg("dashboard.resolutionChart")), k.resolution, f),
    ...(k.resolutionBusiness ? [bucketRows(inBusiness(msg("dashboard.resolutionChart")), k.resolutionBusiness, f)] : []),
    ratings,
  ];
  return sections.flatMap((s, i) => (i === 0 ? s : [[], ...s]));
}

/** The heading row of a drill-down's CSV. */
export function ticketCsvHeader(f: Formats): Row {
  const say = (m: Msg) => render(m, f);
  return [
    say(msg("dashboard.number")),
    say(msg("dashboard.subject")),
    say(msg("dashboard.status")),
    say(msg("dashboard.priority")),
    say(msg("dashboard.team")),
    say(msg("dashboard.owner")),
    say(msg("dashboard.source")),
    say(msg("dashboard.createdAt")),
    say(msg("dashboard.csvHours", { name: say(msg("dashboard.firstResponse")) })),
    say(msg("dashboard.csvHours", { name: say(msg("dashboard.resolution")) })),
    say(msg("dashboard.rating")),
  ];
}

/**
 * The drill-down's CSV lines, a ticket each (the time as the reader's local date and time), in the
 * columns of ticketCsvHeader. Written straight as text, a CSV being thousands of them: only the
 * subject is the customer's own text to be looked at on every line; names (status, team, owner,
 * priority, source) repeat, and each is written once per export and then reused.
 */
export function ticketCsvLines(f: Formats): (rows: readonly KpiTicketRow[]) => string {
  const name = remembered(csvCell);
  const priority = remembered((p: string) => csvCell(priorityName(p, f)));
  const source = remembered((s: string) => csvCell(sourceName(s, f)));
  const line = (r: KpiTicketRow) =>
    `${r.id},${csvCell(r.subject)},${name(r.status)},${priority(r.priority)},${r.team === null ? "" : name(r.team)},` +
    `${r.owner === null ? "" : name(r.owner)},${source(r.source)},${f.isoDateTime(r.createdAt)},` +
    `${hoursText(r.firstResponseSec)},${hoursText(r.resolutionSec)},${r.csatScore ?? ""}`;
  // Joined, not added up: one flat string per call.
  return (rows) => (rows.length ? rows.map(line).join("\r\n") + "\r\n" : "");
}

function remembered(write: (text: string) => string): (text: string) => string {
  const known = new Map<string, string>();
  return (text) => {
    let v = known.get(text);
    if (v === undefined) known.set(text, (v = write(text)));
    return v;
  };
}

/**
 * Every ticket behind a figure as CSV lines (csvDownload puts the byte order mark before them), not
 * only the page on screen: read a chunk at a time (kpiTicketChunks) and each chunk written as it
 * comes, so what is kept is a text per chunk rather than a row per ticket, besides the rows read
 * ahead (on SQLite's report pool the list's rows up to the cap, read ahead whatever this pace). At
 * the cap with tickets left, a last line tells the reader the list stops short.
 */
export async function ticketsCsv(
  deps: CoreDeps,
  actor: Actor,
  filter: KpiFilter,
  f: Formats,
  opts: { figure: KpiFigureName; chunk: number; maxRows: number },
): Promise<string> {
  const lines = ticketCsvLines(f);
  const parts = [csvLines([ticketCsvHeader(f)])];
  let cut = false;
  for await (const chunk of kpiTicketChunks(deps, actor, filter, opts)) {
    parts.push(lines(chunk.rows));
    cut ||= chunk.cut;
  }
  if (cut) parts.push(csvLines([[render(msg("dashboard.csvCut", { count: opts.maxRows }), f)]]));
  return parts.join("");
}
