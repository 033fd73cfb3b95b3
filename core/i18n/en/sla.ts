// SLA targets as agents read them, in English: each target's name, the line on the ticket card and
// the alerts in the card's thread.
import type { SlaMetric } from "../../outbox/enqueue.js";
import type { Formats } from "../format.js";

const names: Record<SlaMetric, string> = { first_response: "First response", next_response: "Next response", resolution: "Resolution" };

/** The target's name as a sentence starts with it; one this catalogue does not know, as it is. */
const named = (m: SlaMetric) => names[m] ?? String(m);
/** The target's name inside a sentence. */
const inner = (m: SlaMetric) => named(m).toLowerCase();

/** A span of time in its two largest units: "under 1 min", "25 min", "1 h 20 min", "2 d 3 h". */
function span(sec: number, f: Formats): string {
  const minutes = Math.round(Math.max(0, sec) / 60);
  if (minutes < 1) return "under 1 min";
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const parts = d
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
    .map(([n, unit]) => `${f.number(n as number)} ${unit}`)
    .join(" ");
}

/**
 * `date` and `ago` are the platform's date tokens (each viewer reads them in their own time zone;
 * `ago` is relative: "in 2 hours", "3 hours ago"). Thread alerts are written out in the help desk's
 * (or the ticket's team's) time zone.
 */
export const sla = {
  first_response: names.first_response,
  next_response: names.next_response,
  resolution: names.resolution,
  // The line on the ticket card
  due: (p: { metric: SlaMetric; date: string; ago: string }) => `${named(p.metric)} due ${p.date} (${p.ago})`,
  overdue: (p: { metric: SlaMetric; date: string; ago: string }) => `${named(p.metric)} overdue since ${p.date} (${p.ago})`,
  paused: (p: { metric: SlaMetric }) => `${named(p.metric)} paused`,
  pausedOverdue: (p: { metric: SlaMetric; date: string; ago: string }) => `${named(p.metric)} paused, overdue since ${p.date} (${p.ago})`,
  // Alerts in the card's thread
  warning: (p: { metric: SlaMetric; due: Date }, f: Formats) => `SLA warning: ${inner(p.metric)} due ${f.dateTime(p.due)}`,
  breach: (p: { metric: SlaMetric; due: Date }, f: Formats) => `SLA breached: ${inner(p.metric)} was due ${f.dateTime(p.due)}`,
  metLate: (p: { metric: SlaMetric; due: Date; at: Date; lateSec: number }, f: Formats) =>
    `${named(p.metric)} due ${f.dateTime(p.due)}, met at ${f.dateTime(p.at)}: ${span(p.lateSec, f)} late`,
} as const;
