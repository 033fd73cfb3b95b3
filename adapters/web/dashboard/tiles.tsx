// The headline figures as tiles: each against its target with a met/missed mark, a few details,
// and a link to the tickets behind it.
import { msg, render, type Durations, type Formats, type KpiFigureName, type KpiFigures, type Msg } from "../../../core/index.js";
import { duration, percent, score } from "./labels.js";

/** Whether a figure meets its target; "none" when there is no figure (or no target). */
export type TargetState = "met" | "missed" | "none";

export interface Tile {
  figure: KpiFigureName;
  label: Msg;
  value: string | null;
  target: Msg | null;
  state: TargetState;
  details: string[];
}

const atMost = (v: number | null, target: number): TargetState => (v === null ? "none" : v <= target ? "met" : "missed");
const atLeast = (v: number | null, target: number): TargetState => (v === null ? "none" : v >= target ? "met" : "missed");

function durationDetails(d: Durations, business: Durations | null, f: Formats): string[] {
  const say = (m: Msg) => render(m, f);
  const out: string[] = [say(msg("dashboard.ticketsCounted", { count: d.count }))];
  if (d.median !== null) out.push(`${say(msg("dashboard.median"))}: ${duration(d.median, f)}`);
  if (d.p90 !== null) out.push(`${say(msg("dashboard.p90"))}: ${duration(d.p90, f)}`);
  if (business?.mean !== null && business?.mean !== undefined)
    out.push(`${say(msg("dashboard.mean"))} (${say(msg("dashboard.businessHours"))}): ${duration(business.mean, f)}`);
  return out;
}

/** The tiles of the overview, in the order the team reads them. */
export function kpiTiles(k: KpiFigures, f: Formats): Tile[] {
  const say = (m: Msg) => render(m, f);
  const t = k.targets;
  const tiles: Tile[] = [
    {
      figure: "first_response",
      label: msg("dashboard.firstResponse"),
      value: k.firstResponse.mean === null ? null : duration(k.firstResponse.mean, f),
      target: msg("dashboard.targetWithin", { sec: t.firstResponseSec }),
      state: atMost(k.firstResponse.mean, t.firstResponseSec),
      details: durationDetails(k.firstResponse, k.firstResponseBusiness, f),
    },
    {
      figure: "resolution",
      label: msg("dashboard.resolution"),
      value: k.resolution.mean === null ? null : duration(k.resolution.mean, f),
      target: msg("dashboard.targetWithin", { sec: t.resolutionSec }),
      state: atMost(k.resolution.mean, t.resolutionSec),
      details: durationDetails(k.resolution, k.resolutionBusiness, f),
    },
    {
      figure: "unresolved",
      label: msg("dashboard.resolutionRate"),
      value: k.resolutionRate === null ? null : percent(k.resolutionRate, f),
      target: msg("dashboard.targetShare", { value: t.resolutionRate * 100 }),
      state: atLeast(k.resolutionRate, t.resolutionRate),
      details: [say(msg("dashboard.ticketsCounted", { count: k.created }))],
    },
    {
      figure: "csat",
      label: msg("dashboard.csat"),
      value: k.csat.mean === null ? null : score(k.csat.mean, f),
      target: msg("dashboard.targetScore", { value: t.csat }),
      state: atLeast(k.csat.mean, t.csat),
      details: [
        say(msg("dashboard.ratings", { count: k.csat.responses })),
        ...(k.csat.responseRate === null ? [] : [say(msg("dashboard.responseRate", { value: k.csat.responseRate * 100 }))]),
      ],
    },
    {
      figure: "sla_missed",
      label: msg("dashboard.slaMet"),
      value: k.sla.rate === null ? null : percent(k.sla.rate, f),
      target: null,
      state: "none",
      details: [say(msg("dashboard.slaCounts", { met: k.sla.met, missed: k.sla.missed }))],
    },
    { figure: "created", label: msg("dashboard.created"), value: f.number(k.created), target: null, state: "none", details: [] },
    { figure: "resolved", label: msg("dashboard.resolved"), value: f.number(k.resolved), target: null, state: "none", details: [] },
  ];
  return tiles;
}

const marks: Record<TargetState, { sign: string; text: Msg } | null> = {
  met: { sign: "✓", text: msg("dashboard.met") },
  missed: { sign: "✗", text: msg("dashboard.missed") },
  none: null,
};

export function TileCard(props: { tile: Tile; f: Formats; href: string }) {
  const { tile, f } = props;
  const say = (m: Msg) => render(m, f);
  const mark = tile.value === null ? null : marks[tile.state];
  return (
    <article class={`tile tile-${tile.state}`} data-figure={tile.figure} data-state={tile.value === null ? "none" : tile.state}>
      <h2 class="tile-label">{say(tile.label)}</h2>
      <p class="tile-value">{tile.value ?? <span class="muted">{say(msg("dashboard.noData"))}</span>}</p>
      {tile.target && <p class="tile-target">{say(tile.target)}</p>}
      {mark && (
        <p class={`mark mark-${tile.state}`}>
          <span aria-hidden="true">{mark.sign}</span> {say(mark.text)}
        </p>
      )}
      {tile.details.length > 0 && (
        <ul class="tile-details">
          {tile.details.map((d) => (
            <li>{d}</li>
          ))}
        </ul>
      )}
      <a class="tile-link" href={props.href}>
        {say(msg("dashboard.showTickets"))} →
      </a>
    </article>
  );
}
