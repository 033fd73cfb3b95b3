// The headline KPIs as lines a chat surface lays out (`/ticket stats`): each figure's value, its
// details, its target and whether it is met, in the reader's language. Slack and Discord only
// arrange these (Block Kit fields, embed fields).
import type { Formats } from "../i18n/format.js";
import { msg, render, type Msg } from "../i18n/translate.js";
import { formatDuration, formatScore, formatShare } from "./kpi-format.js";
import type { Durations, KpiFigures } from "./kpi-types.js";

export interface DescribedFigure {
  label: string;
  value: string;
  /** Further lines (median and p90, counts). */
  detail: string[];
  /** The target as words ("target: within 4 hr"), or null for a figure without one. */
  target: string | null;
  /** Whether the target is met; null without a target or without data. */
  met: boolean | null;
}

export interface DescribedKpis {
  title: string;
  /** The period and the teams counted. */
  scope: string;
  figures: DescribedFigure[];
  /** "met" and "missed" in the reader's language, for the marks. */
  metWord: string;
  missedWord: string;
}

/**
 * `team`: the team's name when the figures are of one team, null for tickets without a team,
 * undefined for every team the reader may see.
 */
export function describeKpis(k: KpiFigures, f: Formats, team: string | null | undefined): DescribedKpis {
  const say = (m: Msg) => render(m, f);
  const t = k.targets;
  const period = say(msg("kpis.statsPeriod", { from: k.filter.from, last: new Date(k.filter.to.getTime() - 1) }));
  const scope = say(
    team === undefined ? msg("kpis.statsAllTeams") : team === null ? msg("kpis.statsNoTeam") : msg("kpis.statsTeam", { team }),
  );
  const noData = say(msg("kpis.noData"));
  const atLeast = (target: string) => say(msg("kpis.targetAtLeast", { target }));
  const durations = (label: Msg, d: Durations, business: Durations | null, targetSec: number): DescribedFigure => ({
    label: say(label),
    value: d.mean === null ? noData : say(msg("kpis.durationMean", { mean: formatDuration(d.mean, f) })),
    detail: [
      ...(d.median !== null && d.p90 !== null
        ? [say(msg("kpis.durationDetail", { median: formatDuration(d.median, f), p90: formatDuration(d.p90, f), count: d.count }))]
        : []),
      ...(business?.mean != null ? [say(msg("kpis.businessMean", { mean: formatDuration(business.mean, f) }))] : []),
    ],
    target: say(msg("kpis.targetWithin", { target: formatDuration(targetSec, f) })),
    met: d.mean === null ? null : d.mean <= targetSec,
  });
  const figures: DescribedFigure[] = [
    {
      label: say(msg("kpis.figureCreated")),
      value: say(msg("kpis.ticketCount", { count: k.created })),
      detail: [],
      target: null,
      met: null,
    },
    {
      label: say(msg("kpis.figureResolved")),
      value: say(msg("kpis.ticketCount", { count: k.resolved })),
      detail: [],
      target: null,
      met: null,
    },
    {
      label: say(msg("kpis.figureResolutionRate")),
      value: k.resolutionRate === null ? noData : formatShare(k.resolutionRate, f),
      detail:
        k.resolutionRate === null
          ? []
          : [say(msg("kpis.resolvedOfCreated", { resolved: Math.round(k.resolutionRate * k.created), created: k.created }))],
      target: atLeast(formatShare(t.resolutionRate, f)),
      met: k.resolutionRate === null ? null : k.resolutionRate >= t.resolutionRate,
    },
    durations(msg("kpis.figureFirstResponse"), k.firstResponse, k.firstResponseBusiness, t.firstResponseSec),
    durations(msg("kpis.figureResolution"), k.resolution, k.resolutionBusiness, t.resolutionSec),
    {
      label: say(msg("kpis.figureCsat")),
      value: k.csat.mean === null ? noData : say(msg("kpis.csatMean", { mean: formatScore(k.csat.mean, f) })),
      detail: [
        say(msg("kpis.csatRatings", { count: k.csat.responses })),
        ...(k.csat.responseRate === null ? [] : [say(msg("kpis.csatRate", { rate: formatShare(k.csat.responseRate, f) }))]),
      ],
      target: atLeast(formatScore(t.csat, f)),
      met: k.csat.mean === null ? null : k.csat.mean >= t.csat,
    },
    {
      label: say(msg("kpis.figureSla")),
      value: k.sla.rate === null ? noData : formatShare(k.sla.rate, f),
      detail: k.sla.rate === null ? [] : [say(msg("kpis.slaDetail", { met: k.sla.met, missed: k.sla.missed }))],
      target: null,
      met: null,
    },
  ];
  return {
    title: say(msg("kpis.statsTitle")),
    scope: say(msg("kpis.statsScope", { period, scope })),
    figures,
    metWord: say(msg("kpis.met")),
    missedWord: say(msg("kpis.missed")),
  };
}
