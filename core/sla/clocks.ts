// A ticket's SLA clocks follow from the ticket: its policy, status, messages and replies. After
// every change to a ticket (and when a clock's timer fires) `settleSla` compares the clocks with
// what the ticket says they should be and moves them: starts, pauses, resumes, meets or cancels
// them, reschedules their one timer job, fires the warning and the breach that are due, and keeps
// Ticket.slaDueAt (what queues sort by) current. Doing it in one place, from the ticket's state,
// means no use case has to know about SLAs and a late timer still finds the truth.
import type { Tx } from "../db.js";
import type { CoreDeps } from "../deps.js";
import { cancelJob, scheduleJob } from "../jobs/schedule.js";
import { cardQueued, noteTicketSettled } from "../jobs/work-signal.js";
import { enqueueKnowing, ticketChanged, type SlaMetric } from "../outbox/enqueue.js";
import { recordEvent } from "../timeline.js";
import { slaAlert } from "./alerts.js";
import { slaSetup, type SlaSetup } from "./policies.js";
import type { WorkingTime } from "./calendar.js";
import { slaMetrics } from "./sla-config.js";
import { writeClock } from "./write-clock.js";
import { wantedClock, type Clock, type ClockScope, type TicketFacts, type Wanted } from "./wanted.js";

/** The topic of a clock's timer job, and its key: one timer per ticket and metric. */
export const slaTimerTopic = "sla.timer";
export const slaTimerKey = (ticketId: number, metric: SlaMetric) => `sla:${ticketId}:${metric}`;

/**
 * Brings the ticket's SLA clocks in line with the ticket, in the caller's transaction. Clocks
 * are settled even without policies: one whose policy was removed is cancelled. A timer and a
 * change racing on PostgreSQL alert once: a clock is written only as it was read (see write-clock.ts).
 */
export async function settleSla(
  tx: Tx,
  deps: Pick<CoreDeps, "catalog" | "now">,
  ticketId: number,
  timer?: { key: string | null },
): Promise<void> {
  await settleTicket(tx, deps, slaSetup(deps.catalog), ticketId, timer?.key ?? null);
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
      "c.teamId as clockTeamId",
      "c.ownerId as clockOwnerId",
      "c.pipelineId as clockPipelineId",
      "c.source as clockSource",
      "c.counted as clockCounted",
    ])
    .where("t.id", "=", ticketId)
    .execute();
  const t = rows[0];
  if (!t) return;
  const scope = clockScope(t);
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
    const after = await settleClock(tx, setup, t, scope, metric, clock, wanted, now, firing);
    if (after) settled.push(after);
  }
  // The clocks the ticket had follow its team, owner and the rest (new ones were written with them).
  const stale = rows.some(
    (r) =>
      r.metric !== null &&
      (r.clockTeamId !== scope.teamId ||
        r.clockOwnerId !== scope.ownerId ||
        r.clockPipelineId !== scope.pipelineId ||
        r.clockSource !== scope.source ||
        Boolean(r.clockCounted) !== scope.counted),
  );
  if (stale) await tx.updateTable("SlaClock").set(scope).where("ticketId", "=", t.id).execute();
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

function clockScope(t: TicketFacts): ClockScope {
  const counted = !(t.deletedAt || t.mergedIntoId !== null || t.quarantined);
  return { teamId: t.teamId, ownerId: t.ownerId, pipelineId: t.pipelineId, source: t.source, counted };
}

async function settleClock(
  tx: Tx,
  setup: SlaSetup,
  t: TicketFacts,
  scope: ClockScope,
  metric: SlaMetric,
  clock: Clock | null,
  wanted: Wanted | null,
  now: Date,
  firing: string | null,
): Promise<Clock | null> {
  const key = slaTimerKey(t.id, metric);
  if (!wanted) {
    if (clock && (clock.state === "running" || clock.state === "paused")) {
      // Its time so far is kept: a ticket reopened or restored resumes the clock where it stopped.
      const usedSec =
        clock.usedSec + (clock.runningSince ? seconds(setup.workingTime(clock.calendar).between(clock.runningSince, now)) : 0);
      await tx
        .updateTable("SlaClock")
        .set({ state: "cancelled", runningSince: null, usedSec, dueAt: null, warnAt: null })
        .where("ticketId", "=", t.id)
        .where("metric", "=", metric)
        .execute();
      await cancelJob(tx, key);
    }
    return null;
  }
  let c: Clock;
  if (!clock || clock.startedAt.getTime() !== wanted.startedAt.getTime()) {
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
    await tx
      .insertInto("SlaClock")
      .values({ ...c, ...scope })
      .execute();
    clock = { ...c };
  } else {
    // The same cycle: a cancelled clock (the ticket was closed, deleted or merged, and is back)
    // resumes with the time it had used, its warning and breach already told.
    c = { ...clock, state: clock.state === "cancelled" ? "paused" : clock.state };
  }
  // A target reached stays reached (a reopened ticket keeps its resolution time).
  if (c.state === "met") return c;
  const until = wanted.metAt && wanted.metAt < now ? wanted.metAt : now;
  if (c.runningSince && c.calendar !== wanted.calendar) {
    // Its calendar changed (another team, another policy): the time so far is counted in the old one.
    c.usedSec += seconds(setup.workingTime(c.calendar).between(c.runningSince, until));
    c.runningSince = until;
  }
  c.calendar = wanted.calendar;
  const wt = setup.workingTime(wanted.calendar);
  if (wanted.metAt) return meet(tx, t, metric, clock, c, wanted, wt, now, key);
  // Going on: the policy's targets as they are now, paused or running as the status says.
  c.policy = wanted.policy.id;
  c.targetSec = wanted.targetSec;
  c.warnSec = wanted.warnSec;
  if (wanted.paused && c.runningSince) {
    c.usedSec += seconds(wt.between(c.runningSince, now));
    c.runningSince = null;
  } else if (!wanted.paused && !c.runningSince) c.runningSince = now;
  c.state = c.runningSince ? "running" : "paused";
  c.dueAt = c.runningSince ? addOrNull(wt, c.runningSince, c.targetSec - c.usedSec) : null;
  c.warnAt = c.runningSince ? addOrNull(wt, c.runningSince, c.warnSec - c.usedSec) : null;
  // What is due fires now, whoever settles the clock (its timer, or a change that came later).
  if (c.state === "running" && c.dueAt && !c.breachedAt && c.dueAt <= now) {
    c.breachedAt = now;
    c.warnedAt ??= now;
    await slaAlert(tx, now, t, metric, "breach", c.dueAt, now, wanted.policy);
  } else if (c.state === "running" && c.warnAt && !c.warnedAt && c.warnAt <= now) {
    c.warnedAt = now;
    await slaAlert(tx, now, t, metric, "warning", c.dueAt!, now, wanted.policy);
  }
  const changed = await writeClock(tx, clock, c);
  const next = c.state !== "running" ? null : !c.warnedAt ? c.warnAt : !c.breachedAt ? c.dueAt : null;
  const before = clock.state !== "running" ? null : !clock.warnedAt ? clock.warnAt : !clock.breachedAt ? clock.dueAt : null;
  if (!next) {
    // The timer that is firing has run already: nothing to cancel.
    if ((before || changed) && key !== firing) await cancelJob(tx, key);
  } else if (changed || before?.getTime() !== next.getTime() || key === firing) {
    // The timer that is firing is used up once it has run: whatever comes next needs it again.
    await scheduleJob(tx, now, { key, topic: slaTimerTopic, dueAt: next, ticketId: t.id, payload: { metric } });
  }
  return c;
}

/** The clock's target is reached: its time is counted, the timer dropped, and the timeline told whether it was in time. */
async function meet(
  tx: Tx,
  t: TicketFacts,
  metric: SlaMetric,
  clock: Clock,
  c: Clock,
  wanted: Wanted,
  wt: WorkingTime,
  now: Date,
  key: string,
): Promise<Clock> {
  const metAt = wanted.metAt!;
  c.usedSec += c.runningSince ? seconds(wt.between(c.runningSince, metAt)) : 0;
  c.runningSince = null;
  c.state = "met";
  c.metAt = metAt;
  await writeClock(tx, clock, c);
  await cancelJob(tx, key);
  // Late is measured in the clock's own time (business hours where it counts them), so a clock
  // that breached and was then paused is still late when met, though it had no due time then.
  const lateSec = Math.max(0, c.usedSec - c.targetSec);
  await recordEvent(tx, now, t.id, { type: "system" }, "sla.met", {
    metric,
    policy: c.policy,
    dueAt: c.dueAt?.toISOString() ?? null,
    metAt: metAt.toISOString(),
    lateSec,
  });
  if (c.breachedAt) await slaAlert(tx, now, t, metric, "met_late", c.dueAt ?? c.breachedAt, metAt, wanted.policy);
  return c;
}

/** The end of `sec` seconds of working time from `from`, or null when the calendar has none left (no due time, no timer). */
function addOrNull(wt: WorkingTime, from: Date, sec: number): Date | null {
  try {
    return wt.add(from, Math.max(0, sec) * 1000);
  } catch {
    return null;
  }
}

const seconds = (ms: number) => Math.round(ms / 1000);
