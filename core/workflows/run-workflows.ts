// Runs the workflows a transaction's changes set off, before it commits (withTx): each enabled
// workflow whose trigger the recorded event is, on a ticket its conditions hold for, does its
// actions in order; an action with a delay is a job (core/jobs) that checks the conditions again
// when it runs and goes on from there. Time triggers are jobs armed by the event that starts the
// wait. A workflow's own changes never set it off again; a chain of workflows setting each other
// off stops at `maxChain`, and a loop (A sets off B sets off A) is refused, each with its reason
// recorded as the run's outcome.
import type { CoreDeps } from "../deps.js";
import type { Tx } from "../db.js";
import { lockTicket } from "../access.js";
import { cancelJob, scheduleJob } from "../jobs/schedule.js";
import type { JobHandlers } from "../jobs/run-jobs.js";
import { asWorkflow, type NotedEvent } from "../jobs/work-signal.js";
import { newId } from "../ids.js";
import { settleSla } from "../sla/clocks.js";
import { slaSetup } from "../sla/policies.js";
import { recordEvent } from "../timeline.js";
import { performAction, type ActionResult } from "./actions.js";
import { failedCondition, outOfReach, type WorkflowTicket } from "./conditions.js";
import { matches, mayMoveTimeTrigger, timeTriggerEdge } from "./triggers.js";
import type { WorkflowDefinition } from "./workflow-config.js";

type Deps = Pick<CoreDeps, "catalog" | "now">;

/** Workflows set off one by another's change, at most: a longer chain is refused. */
export const maxChain = 4;

export const workflowTimerTopic = "workflow.timer";
export const workflowStepTopic = "workflow.step";
const timerKey = (w: string, ticketId: number) => `wf:${w}:${ticketId}:timer`;
const stepKey = (w: string, ticketId: number, step: number) => `wf:${w}:${ticketId}:step:${step}`;

export async function runWorkflows(tx: Tx, deps: Deps, events: readonly NotedEvent[]): Promise<void> {
  const workflows = deps.catalog.config.workflows.filter((w) => w.enabled);
  if (!workflows.length) return;
  for (const e of events) {
    let ticket: WorkflowTicket | undefined;
    const load = async () => (ticket ??= await tx.selectFrom("Ticket").selectAll().where("id", "=", e.ticketId).executeTakeFirst());
    for (const w of workflows) {
      const t = w.trigger;
      if (t.on === "time_in_status" || t.on === "time_after") {
        if (!mayMoveTimeTrigger(e)) continue;
        const row = await load();
        if (!row) break;
        const edge = timeTriggerEdge(t, e, deps.catalog, row);
        if (edge === "disarm") await cancelJob(tx, timerKey(w.id, e.ticketId));
        if (edge === "arm") {
          const dueAt = later(deps, e.at, t.after, t.hours);
          await scheduleJob(tx, e.at, {
            key: timerKey(w.id, e.ticketId),
            topic: workflowTimerTopic,
            dueAt,
            ticketId: e.ticketId,
            payload: { workflow: w.id, since: e.at.toISOString(), chain: [...e.chain] },
          });
        }
        continue;
      }
      if (!matches(t, e)) continue;
      // Its own change: never a trigger for itself.
      if (e.chain.at(-1) === w.id) continue;
      if (e.chain.includes(w.id)) {
        await recordRun(tx, e.at, w, e.ticketId, "refused", { reason: "loop", chain: [...e.chain, w.id] });
        continue;
      }
      if (e.chain.length >= maxChain) {
        await recordRun(tx, e.at, w, e.ticketId, "refused", { reason: "chain_too_long", chain: [...e.chain, w.id] });
        continue;
      }
      const row = await load();
      if (!row || outOfReach(row) || failedCondition(w.conditions, row, deps.catalog, deps.now()) !== null) continue;
      await runFrom(tx, deps, w, row.id, { step: 0, delayed: false, trigger: t.on, chain: e.chain });
      // What it changed is read afresh by the next workflow.
      ticket = undefined;
    }
  }
}

/**
 * Does the workflow's actions from `step` on, up to the next one with a delay (scheduled as a job
 * unless it is the step that just waited), and records the run and a timeline event.
 */
async function runFrom(
  tx: Tx,
  deps: Deps,
  w: WorkflowDefinition,
  ticketId: number,
  from: { step: number; delayed: boolean; trigger: string; chain: readonly string[] },
): Promise<void> {
  const at = deps.now();
  const chain = [...from.chain, w.id];
  const done: ActionResult[] = [];
  let waiting: { step: number; dueAt: Date } | null = null;
  await asWorkflow(tx, chain, async () => {
    for (let k = from.step; k < w.actions.length; k++) {
      const a = w.actions[k]!;
      if (a.delay && !(k === from.step && from.delayed)) {
        const dueAt = later(deps, at, a.delay, a.delayHours);
        await scheduleJob(tx, at, {
          key: stepKey(w.id, ticketId, k),
          topic: workflowStepTopic,
          dueAt,
          ticketId,
          payload: { workflow: w.id, step: k, trigger: from.trigger, chain: [...from.chain] },
        });
        waiting = { step: k, dueAt };
        break;
      }
      done.push(await performAction(tx, deps, a, ticketId, at));
    }
    if (done.length) await recordEvent(tx, at, ticketId, { type: "system" }, "workflow.ran", { trigger: from.trigger, actions: done });
    // The SLA clocks follow its changes here, so an alert they cause is the workflow's doing too
    // (and does not set it off again).
    if (done.length) await settleSla(tx, deps, ticketId);
  });
  const failed = done.some((d) => d.outcome === "failed");
  const pending = waiting as { step: number; dueAt: Date } | null;
  await recordRun(tx, at, w, ticketId, failed ? "failed" : "done", {
    trigger: from.trigger,
    actions: done,
    ...(pending ? { waiting: { step: pending.step, dueAt: pending.dueAt.toISOString() } } : {}),
  });
}

/** `amount` seconds after `from`, around the clock or in the help desk's business hours. */
function later(deps: Deps, from: Date, seconds: number, hours: "calendar" | "business"): Date {
  const calendar = hours === "business" ? (deps.catalog.config.businessHours ?? null) : null;
  return slaSetup(deps.catalog)
    .workingTime(calendar)
    .add(from, seconds * 1000);
}

async function recordRun(
  tx: Tx,
  at: Date,
  w: WorkflowDefinition,
  ticketId: number,
  outcome: "done" | "cancelled" | "refused" | "failed",
  detail: Record<string, unknown>,
): Promise<void> {
  const trigger = typeof detail.trigger === "string" ? detail.trigger : w.trigger.on;
  await tx
    .insertInto("WorkflowRun")
    .values({ id: newId(), workflow: w.id, ticketId, trigger, outcome, detail: JSON.stringify(detail), createdAt: at })
    .execute();
}

const stringList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/**
 * Whether what a time trigger waited on is still so: the ticket still in the status (it is
 * disarmed on leaving, and armed again on coming back), or still resolved.
 */
function stillWaitedOn(w: WorkflowDefinition, row: WorkflowTicket): boolean {
  const t = w.trigger;
  if (t.on === "time_in_status") return row.statusId === t.status;
  if (t.on === "time_after") return t.event === "created" || !row.open;
  return true;
}

/**
 * The ticket as it is now, its row lock taken first (as the agents' use cases take it), so a claim
 * or a change that commits meanwhile is seen before the workflow decides (PostgreSQL).
 */
async function lockedTicket(tx: Tx, ticketId: number, at: Date): Promise<WorkflowTicket | undefined> {
  await lockTicket(tx, ticketId, at);
  return tx.selectFrom("Ticket").selectAll().where("id", "=", ticketId).executeTakeFirst();
}

/**
 * The workflow's time trigger or delayed step came due: is what set it off still so, and do its
 * conditions still hold? Then on it goes. A ticket deleted, merged or filed apart since is left
 * without a word (it is out of every workflow's reach).
 */
export const workflowJobs: JobHandlers = {
  [workflowTimerTopic]: async (tx, job, deps) => {
    const w = deps.catalog.config.workflows.find((x) => x.id === job.payload.workflow && x.enabled);
    const t = w?.trigger;
    if (!w || job.ticketId === null || (t?.on !== "time_in_status" && t?.on !== "time_after")) return;
    const now = deps.now();
    const row = await lockedTicket(tx, job.ticketId, now);
    if (!row || outOfReach(row)) return;
    const why = !stillWaitedOn(w, row) ? "trigger" : failedCondition(w.conditions, row, deps.catalog, now);
    if (why) return recordRun(tx, now, w, row.id, "cancelled", { trigger: t.on, reason: why });
    await runFrom(tx, deps, w, row.id, { step: 0, delayed: false, trigger: t.on, chain: stringList(job.payload.chain) });
  },
  [workflowStepTopic]: async (tx, job, deps) => {
    const w = deps.catalog.config.workflows.find((x) => x.id === job.payload.workflow && x.enabled);
    const step = Number(job.payload.step);
    if (!w || job.ticketId === null || !w.actions[step]) return;
    const now = deps.now();
    const row = await lockedTicket(tx, job.ticketId, now);
    if (!row || outOfReach(row)) return;
    const trigger = typeof job.payload.trigger === "string" ? job.payload.trigger : w.trigger.on;
    // A step of a time-triggered workflow also needs the ticket still where the trigger found it.
    const why = !stillWaitedOn(w, row) ? "trigger" : failedCondition(w.conditions, row, deps.catalog, now);
    if (why) return recordRun(tx, now, w, row.id, "cancelled", { trigger, step, reason: why });
    await runFrom(tx, deps, w, row.id, { step, delayed: true, trigger, chain: stringList(job.payload.chain) });
  },
};
