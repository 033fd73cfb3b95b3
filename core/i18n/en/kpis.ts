import type { Formats } from "../format.js";

// KPIs as agents read them, in English: periods, refusals, and `/ticket stats`.
export const kpis = {
  periodUnknown: (p: { typed: string }) =>
    `"${p.typed}" is not a period. Try today, 7d, 30d, 90d, this_month, last_month, or two dates such as 2026-01-01..2026-01-31.`,
  periodBackwards: "The period ends before it starts.",
  periodTooLong: (p: { days: number }, f: Formats) =>
    f.plural(p.days, { one: "A period can be at most # day.", other: "A period can be at most # days." }),
  teamNotYours: "You can see the figures of your own teams only.",
  cursorInvalid: "That page of tickets is no longer valid; start from the first page.",
  statsTitle: "Help desk KPIs",
  statsPeriod: (p: { from: Date; last: Date }, f: Formats) =>
    f.date(p.from) === f.date(p.last) ? f.date(p.from) : `${f.date(p.from)} – ${f.date(p.last)}`,
  statsScope: (p: { period: string; scope: string }) => `${p.period} · ${p.scope}`,
  statsAllTeams: "all the teams you can see",
  statsTeam: (p: { team: string }) => `team ${p.team}`,
  statsNoTeam: "tickets without a team",
  figureCreated: "Created",
  figureResolved: "Resolved",
  figureResolutionRate: "Resolution rate",
  figureFirstResponse: "First response time",
  figureResolution: "Resolution time",
  figureCsat: "Customer satisfaction",
  figureSla: "SLA targets met",
  noData: "no data yet",
  ticketCount: (p: { count: number }, f: Formats) => f.plural(p.count, { one: "# ticket", other: "# tickets" }),
  resolvedOfCreated: (p: { resolved: number; created: number }, f: Formats) =>
    `${f.number(p.resolved)} of the ${f.number(p.created)} created in the period resolved`,
  durationMean: (p: { mean: string }) => `mean ${p.mean}`,
  durationDetail: (p: { median: string; p90: string; count: number }, f: Formats) =>
    `median ${p.median} · 90% within ${p.p90} · ${f.plural(p.count, { one: "# ticket", other: "# tickets" })}`,
  businessMean: (p: { mean: string }) => `in business hours: mean ${p.mean}`,
  csatMean: (p: { mean: string }) => `${p.mean} / 5`,
  csatRatings: (p: { count: number }, f: Formats) => f.plural(p.count, { one: "# rating", other: "# ratings" }),
  csatRate: (p: { rate: string }) => `${p.rate} of surveys answered`,
  slaDetail: (p: { met: number; missed: number }, f: Formats) => `${f.number(p.met)} in time, ${f.number(p.missed)} missed`,
  targetAtLeast: (p: { target: string }) => `target: ${p.target} or more`,
  targetWithin: (p: { target: string }) => `target: within ${p.target}`,
  met: "met",
  missed: "missed",
} as const;
