// The dashboard as agents read it, in English: filters, KPI tiles, charts, the tickets behind a
// figure, the CSV export's headings and the error pages.
import type { Formats } from "../format.js";

/** A span of time in its two largest units: "under 1 min", "25 min", "1 h 20 min", "2 d 3 h". */
function span(sec: number, f: Formats): string {
  const minutes = Math.round(Math.max(0, sec) / 60);
  if (minutes < 1) return "under 1 min";
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const parts: [number, string][] = d
    ? [
        [d, "d"],
        [h, "h"],
      ]
    : h
      ? [
          [h, "h"],
          [m, "min"],
        ]
      : [[m, "min"]];
  return parts
    .filter(([n]) => n)
    .map(([n, unit]) => `${f.number(n)} ${unit}`)
    .join(" ");
}

export const dashboard = {
  title: "Help desk dashboard",
  overview: "Overview",
  timeZone: (p: { zone: string }) => `Times in ${p.zone}`,
  // Filters
  period: "Period",
  periodToday: "Today",
  period7d: "Last 7 days",
  period30d: "Last 30 days",
  period90d: "Last 90 days",
  periodThisMonth: "This month",
  periodLastMonth: "Last month",
  periodCustom: "Chosen dates",
  team: "Team",
  allTeams: "All teams",
  noTeam: "No team",
  agent: "Agent",
  allAgents: "All agents",
  pipeline: "Pipeline",
  allPipelines: "All pipelines",
  source: "Source",
  allSources: "All sources",
  sourceEmail: "Email",
  sourceForm: "Web form",
  sourceManual: "Created by an agent",
  sourceApi: "REST API",
  sourceChat: (p: { surface: string }) => `Chat (${p.surface})`,
  apply: "Apply",
  reset: "Reset",
  downloadCsv: "Download CSV",
  // Tiles
  firstResponse: "First response",
  resolution: "Resolution time",
  resolutionRate: "Resolution rate",
  csat: "Customer satisfaction",
  slaMet: "SLA met",
  created: "Created",
  resolved: "Resolved",
  duration: (p: { sec: number }, f: Formats) => span(p.sec, f),
  score: (p: { value: number }, f: Formats) => `${f.number(Math.round(p.value * 100) / 100)} / 5`,
  mean: "Mean",
  median: "Median",
  p90: "90th percentile",
  targetWithin: (p: { sec: number }, f: Formats) => `Target: within ${span(p.sec, f)}`,
  targetShare: (p: { value: number }, f: Formats) => `Target: ${f.number(Math.round(p.value * 10) / 10)}% or more`,
  targetScore: (p: { value: number }, f: Formats) => `Target: ${f.number(p.value)} / 5 or more`,
  met: "Target met",
  missed: "Target missed",
  noData: "No data",
  ticketsCounted: (p: { count: number }, f: Formats) => f.plural(p.count, { one: "# ticket", other: "# tickets" }),
  ratings: (p: { count: number }, f: Formats) => f.plural(p.count, { one: "# rating", other: "# ratings" }),
  responseRate: (p: { value: number }, f: Formats) => `${f.number(Math.round(p.value * 10) / 10)}% answered the survey`,
  slaCounts: (p: { met: number; missed: number }, f: Formats) => `${f.number(p.met)} met, ${f.number(p.missed)} missed`,
  showTickets: "Show the tickets",
  // Charts
  volumeChart: "Tickets per day",
  firstResponseChart: "First response time",
  resolutionChart: "Resolution time",
  businessHours: "in business hours",
  slaChart: "SLA targets",
  csatChart: "Satisfaction ratings",
  tickets: "Tickets",
  upTo: (p: { sec: number }, f: Formats) => `≤ ${span(p.sec, f)}`,
  over: (p: { sec: number }, f: Formats) => `> ${span(p.sec, f)}`,
  stars: (p: { score: number }, f: Formats) => f.plural(p.score, { one: "# star", other: "# stars" }),
  chartData: "The chart's figures",
  // The tickets behind a figure
  figureCreated: "Tickets created",
  figureResolved: "Tickets resolved",
  figureUnresolved: "Tickets created and not yet resolved",
  figureFirstResponse: "Tickets answered",
  figureResolution: "Tickets resolved, by resolution time",
  figureCsat: "Tickets rated",
  figureSlaMissed: "Tickets that missed an SLA target",
  number: "Ticket",
  subject: "Subject",
  status: "Status",
  priority: "Priority",
  owner: "Owner",
  unassigned: "Unassigned",
  createdAt: "Created at",
  rating: "Rating",
  none: "None",
  nextPage: "Next page",
  firstPage: "First page",
  backToOverview: "Back to the overview",
  noTickets: "No tickets here for these filters.",
  // The CSV export
  csvFigure: "Figure",
  csvValue: "Value",
  csvTarget: "Target",
  csvResult: "Result",
  csvHours: (p: { name: string }) => `${p.name} (hours)`,
  csvDay: "Day",
  csvBucket: "Up to (hours)",
  csvCount: "Count",
  csvRatings: "Ratings",
  csvResponseRate: "Survey response rate (%)",
  csvRest: "longer",
  csvCut: (p: { count: number }, f: Formats) =>
    `The list was cut at ${f.number(p.count)} tickets: narrow the filters to download the rest.`,
  // Errors
  notFoundTitle: "Not found",
  forbiddenTitle: "Not yours to see",
  invalidTitle: "That cannot be shown",
  conflictTitle: "That changed meanwhile",
  unknownFigure: "There is no such figure on the dashboard.",
} as const;
