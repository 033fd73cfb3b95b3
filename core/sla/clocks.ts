// A ticket's SLA clocks follow from the ticket: its policy, status, messages and replies. After
// every change to a ticket (and when a clock's timer fires) `settleSla` compares the clocks with
// what the ticket says they should be and moves them: starts, pauses, resumes, meets or cancels
// them, reschedules their one timer job, fires the warning and the breach that are due, and keeps
// Ticket.slaDueAt (what queues sort by) current. Doing it in one place, from the ticket's state,
// means no use case has to know about SLAs and a late timer still finds the truth.
import type { Selectable } from "kysely";
import type { DB, Tx } from "../db.js";
import type { CoreDeps } from "../deps.js";
import { cancelJob, scheduleJob } from "../jobs/schedule.js";
import { cardQueued, noteTicketSettled } from "../jobs/work-signal.js";
import { enqueueKnowing, ticketChanged, type SlaMetric } from "../outbox/enqueue.js";
import { recordEvent } from "../timeline.js";
import { slaAlert } from "./alerts.js";
import { slaSetup, type SlaSetup } from "./policies.js";
import { slaMetrics, targetOf, warnAtSec, type SlaPolicyDefinition } from "./sla-config.js";

type Clock = Selectable<DB["SlaClock"]>;

/** What a clock should be, read from the ticket. */
interface Wanted {
  policy: SlaPolicyDefinition;
  calendar: string | null;
  targetSec: number;
  warnSec: number;
  startedAt: Date;
  /** When its target was reached (a reply, the resolution), or null while it is not. */
  metAt: Date | null;
  paused: boolean;
}

type TicketFacts = Pick<
  Selectable<DB["Ticket"]>,
  | "id"
  | "pipelineId"
  | "statusId"
  | "open"
  | "priority"
  | "teamId"
  | "ownerId"
  | "source"
  | "createdAt"
  | "firstResponseAt"
  | "resolvedAt"
  | "closedAt"
  | "deletedAt"
  | "mergedIntoId"
  | "quarantined"
  | "slaDueAt"
>;

/** The topic of a clock's timer job, and its key: one timer per ticket and metric. */
export const slaTimerTopic = "sla.timer";
export const slaTimerKey = (ticketId: number, metric: SlaMetric) => `sla:${ticketId}:${metric}`;

/**
 * Brings the ticket's SLA clocks in line with the ticket, in the caller's transaction. Without
 * policies there is nothing to do, unless a clock's `timer` is firing (its policy may have been removed: the clocks
 * are cancelled).
 */
export async function settleSla(
  tx: Tx,
  deps: Pick<CoreDeps, "catalog" | "now">,
  ticketId: number,
  timer?: { key: string | null },
): Promise<void> {
  const setup = slaSetup(deps.catalog);
  if (!setup.policies.length && !timer) return noteTicketSettled(tx, ticketId);
  await settleTicket(tx, deps, setup, ticketId, timer?.key ?? null);
  // What settling recorded on the ticket needs no second pass.
  noteTicketSettled(tx, ticketId);
}

async function settleTicket(
  tx: Tx,
  deps: Pick<CoreDeps, "catalog" | "now">,
  setup: SlaSetup,
  ticketId: number,
  firing: string | null,
): Promise<void> {
  // The ticket and its clocks in one round trip (a clock row per metric, or one row of nulls).
  const rows = await tx
    .selectFrom("Ticket as t")
    .leftJoin("SlaClock as c", "c.ticketId", "t.id")
    .select([
      "t.id",
      "t.pipelineId",
      "t.statusId",
      "t.open",
      "t.priority",
      "t.teamId",
      "t.ownerId",
      "t.source",
      "t.createdAt",
      "t.firstResponseAt",
      "t.resolvedAt",
      "t.closedAt",
      "t.deletedAt",
      "t.mergedIntoId",
      "t.quarantined",
      "t.slaDueAt",
      "c.metric",
      "c.policy",
      "c.calendar",
      "c.startedAt",
      "c.targetSec",
      "c.warnSec",
      "c.usedSec",
      "c.runningSince",
      "c.dueAt",
      "c.warnAt",
      "c.warnedAt",
      "c.breachedAt",
      "c.metAt",
      "c.state",
    ])
    .where("t.id", "=", ticketId)
    .execute();
  const t = rows[0];
  if (!t) return;
  const clocks: Clock[] = rows.flatMap((r) =>
    r.metric === null
      ? []
      : [
          {
            ticketId: r.id,
            metric: r.metric,
            policy: r.policy!,
            calendar: r.calendar,
            startedAt: r.startedAt!,
            targetSec: r.targetSec!,
            warnSec: r.warnSec!,
            usedSec: r.usedSec!,
            runningSince: r.runningSince,
            dueAt: r.dueAt,
            warnAt: r.warnAt,
            warnedAt: r.warnedAt,
            breachedAt: r.breachedAt,
            metAt: r.metAt,
            state: r.state!,
          },
        ],
  );
  if (!setup.policies.length && !clocks.length) return;
  const now = deps.now();
  const policy = t.deletedAt || t.mergedIntoId !== null || t.quarantined ? null : setup.policyFor(t);
  const settled: Clock[] = [];
  for (const metric of slaMetrics) {
    const clock = clocks.find((c) => c.metric === metric) ?? null;
    const wanted = policy ? await wantedClock(tx, deps, setup, t, policy, metric, clock) : null;
    const after = await settleClock(tx, setup, t, metric, clock, wanted, now, firing);
    if (after) settled.push(after);
  }
  const due = settled
    .filter((c) => c.state === "running" && c.dueAt)
    .map((c) => c.dueAt!.getTime())
    .sort((a, b) => a - b)[0];
  const slaDueAt = due === undefined ? null : new Date(due);
  if ((t.slaDueAt?.getTime() ?? null) !== (slaDueAt?.getTime() ?? null)) {
    await tx.updateTable("Ticket").set({ slaDueAt }).where("id", "=", t.id).execute();
    // The card shows the next due time: bring it up to date unless the change already does.
    if (!t.quarantined && !cardQueued(tx, t.id)) await enqueueKnowing(tx, now, new Map([[t.id, false]]), [ticketChanged(t.id, "sla")]);
  }
}

async function wantedClock(
  tx: Tx,
  deps: Pick<CoreDeps, "catalog" | "now">,
  setup: SlaSetup,
  t: TicketFacts,
  policy: SlaPolicyDefinition,
  metric: SlaMetric,
  clock: Clock | null,
): Promise<Wanted | null> {
  const targetSec = targetOf(policy, metric);
  if (targetSec === undefined) return null;
  const base = {
    policy,
    calendar: setup.calendarFor(policy, t.teamId),
    targetSec,
    warnSec: warnAtSec(policy, targetSec),
    paused: deps.catalog.status(t.pipelineId, t.statusId)?.pausesSla ?? false,
  };
  if (metric === "resolution") {
    return { ...base, startedAt: t.createdAt, metAt: t.open ? null : (t.resolvedAt ?? t.closedAt ?? deps.now()) };
  }
  if (metric === "first_response") {
    // Closed without an answer: there is nothing left to respond to.
    if (!t.open && !t.firstResponseAt) return null;
    return { ...base, startedAt: t.createdAt, metAt: t.firstResponseAt };
  }
  // Next response: the customer's first message since the agents last replied, once there was a
  // first response (before it, the first-response clock is the one running).
  if (!t.firstResponseAt || !t.open) return null;
  const lastReply = await tx
    .selectFrom("Message")
    .select((eb) => eb.fn.max("createdAt").as("at"))
    .where("ticketId", "=", t.id)
    .where("kind", "=", "REPLY")
    .executeTakeFirst();
  const repliedAt = lastReply?.at ? new Date(lastReply.at) : t.firstResponseAt;
  const since = repliedAt > t.firstResponseAt ? repliedAt : t.firstResponseAt;
  const waiting = await tx
    .selectFrom("Message")
    .select((eb) => eb.fn.min("createdAt").as("at"))
    .where("ticketId", "=", t.id)
    .where("kind", "=", "INBOUND")
    .where("createdAt", ">", since)
    .executeTakeFirst();
  if (waiting?.at) return { ...base, startedAt: new Date(waiting.at), metAt: null };
  // Nothing waits: a clock still going was answered by the last reply.
  if (clock && (clock.state === "running" || clock.state === "paused")) return { ...base, startedAt: clock.startedAt, metAt: since };
  return null;
}

async function settleClock(
  tx: Tx,
  setup: SlaSetup,
  t: TicketFacts,
  metric: SlaMetric,
  clock: Clock | null,
  wanted: Wanted | null,
  now: Date,
  firing: string | null,
): Promise<Clock | null> {
  const key = slaTimerKey(t.id, metric);
  const live = clock && (clock.state === "running" || clock.state === "paused");
  if (!wanted) {
    if (live) {
      await tx
        .updateTable("SlaClock")
        .set({ state: "cancelled", runningSince: null })
        .where("ticketId", "=", t.id)
        .where("metric", "=", metric)
        .execute();
      await cancelJob(tx, key);
    }
    return null;
  }
  let c: Clock;
  if (!clock || clock.startedAt.getTime() !== wanted.startedAt.getTime() || clock.state === "cancelled") {
    // A new cycle (a first clock, or the customer wrote again after an answer): time since its start counts.
    c = {
      ticketId: t.id,
      metric,
      policy: wanted.policy.id,
      calendar: wanted.calendar,
      startedAt: wanted.startedAt,
      targetSec: wanted.targetSec,
      warnSec: wanted.warnSec,
      usedSec: 0,
      runningSince: null,
      dueAt: null,
      warnAt: null,
      warnedAt: null,
      breachedAt: null,
      metAt: null,
      state: "paused",
    };
    if (!wanted.paused && !wanted.metAt) c.runningSince = wanted.startedAt < now ? wanted.startedAt : now;
    if (!wanted.paused && wanted.metAt) c.runningSince = wanted.startedAt;
    c.state = c.runningSince ? "running" : "paused";
    if (clock) await tx.deleteFrom("SlaClock").where("ticketId", "=", t.id).where("metric", "=", metric).execute();
    await tx.insertInto("SlaClock").values(c).execute();
    clock = { ...c };
  } else c = { ...clock };
  // A target reached stays reached (a reopened ticket keeps its resolution time).
  if (c.state === "met") return c;
  const wt = setup.workingTime(wanted.calendar);
  if (wanted.metAt) {
    c.usedSec += c.runningSince ? seconds(wt.between(c.runningSince, wanted.metAt)) : 0;
    c.runningSince = null;
    c.state = "met";
    c.metAt = wanted.metAt;
    await write(tx, clock, c);
    await cancelJob(tx, key);
    const lateSec = c.dueAt && c.metAt > c.dueAt ? Math.round((c.metAt.getTime() - c.dueAt.getTime()) / 1000) : 0;
    await recordEvent(tx, now, t.id, { type: "system" }, "sla.met", {
      metric,
      policy: c.policy,
      dueAt: c.dueAt?.toISOString() ?? null,
      metAt: c.metAt.toISOString(),
      lateSec,
    });
    if (c.breachedAt && c.dueAt) await slaAlert(tx, now, t, metric, "met_late", c.dueAt, c.metAt, wanted.policy);
    return c;
  }
  // Going on: the policy's targets as they are now, paused or running as the status says.
  c.policy = wanted.policy.id;
  c.calendar = wanted.calendar;
  c.targetSec = wanted.targetSec;
  c.warnSec = wanted.warnSec;
  if (wanted.paused && c.runningSince) {
    c.usedSec += seconds(wt.between(c.runningSince, now));
    c.runningSince = null;
  } else if (!wanted.paused && !c.runningSince) c.runningSince = now;
  c.state = c.runningSince ? "running" : "paused";
  c.dueAt = c.runningSince ? wt.add(c.runningSince, Math.max(0, c.targetSec - c.usedSec) * 1000) : null;
  c.warnAt = c.runningSince ? wt.add(c.runningSince, Math.max(0, c.warnSec - c.usedSec) * 1000) : null;
  // What is due fires now, whoever settles the clock (its timer, or a change that came later).
  if (c.state === "running" && c.dueAt && !c.breachedAt && c.dueAt <= now) {
    c.breachedAt = now;
    c.warnedAt ??= now;
    await slaAlert(tx, now, t, metric, "breach", c.dueAt, now, wanted.policy);
  } else if (c.state === "running" && c.warnAt && !c.warnedAt && c.warnAt <= now) {
    c.warnedAt = now;
    await slaAlert(tx, now, t, metric, "warning", c.dueAt!, now, wanted.policy);
  }
  const changed = await write(tx, clock, c);
  const next = c.state !== "running" ? null : !c.warnedAt ? c.warnAt : !c.breachedAt ? c.dueAt : null;
  const before = clock.state !== "running" ? null : !clock.warnedAt ? clock.warnAt : !clock.breachedAt ? clock.dueAt : null;
  if (!next) {
    // The timer that is firing has run already: nothing to cancel.
    if ((before || changed) && key !== firing) await cancelJob(tx, key);
  } else if (changed || before?.getTime() !== next.getTime()) {
    await scheduleJob(tx, now, { key, topic: slaTimerTopic, dueAt: next, ticketId: t.id, payload: { metric } });
  }
  return c;
}

const seconds = (ms: number) => Math.round(ms / 1000);

const fields = [
  "policy",
  "calendar",
  "targetSec",
  "warnSec",
  "usedSec",
  "runningSince",
  "dueAt",
  "warnAt",
  "warnedAt",
  "breachedAt",
  "metAt",
  "state",
] as const;

/** Writes what changed of the clock; false when nothing did. */
async function write(tx: Tx, before: Clock, after: Clock): Promise<boolean> {
  const same = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);
  const set = Object.fromEntries(fields.filter((f) => !same(before[f], after[f])).map((f) => [f, after[f]]));
  if (Object.keys(set).length === 0) return false;
  await tx.updateTable("SlaClock").set(set).where("ticketId", "=", after.ticketId).where("metric", "=", after.metric).execute();
  return true;
}
