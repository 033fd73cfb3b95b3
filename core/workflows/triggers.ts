// Which workflows a recorded change sets off: the timeline event it recorded, read as a trigger.
// Time triggers ("still New after 24 h", "1 day after Resolved") are armed as a job when the
// ticket enters the status (or is created, or resolved), and dropped when it leaves it.
import type { Catalog } from "../config.js";
import type { NotedEvent } from "../jobs/work-signal.js";
import type { WorkflowTrigger } from "./workflow-config.js";

type Pair = { before?: unknown; after?: unknown } | undefined;
const pair = (v: unknown): Pair => (v && typeof v === "object" ? (v as Pair) : undefined);

/** The status a ticket left and entered with the event, when it changed its status. */
export function statusMove(e: NotedEvent): { from: string | null; to: string } | null {
  if (e.type !== "ticket.status_changed" && e.type !== "ticket.moved") return null;
  const s = pair(e.data.status);
  if (typeof s?.after !== "string" || s.before === s.after) return null;
  return { from: typeof s.before === "string" ? s.before : null, to: s.after };
}

/** Whether the event is the trigger (time triggers never are: see `timeTriggerEdge`). */
export function matches(t: WorkflowTrigger, e: NotedEvent): boolean {
  switch (t.on) {
    case "ticket_created":
      return isArrival(e);
    case "status_changed": {
      const m = statusMove(e);
      return !!m && (!t.from || (m.from !== null && t.from.includes(m.from))) && (!t.to || t.to.includes(m.to));
    }
    case "property_changed": {
      // Properties also change with a status (the ones it requires, filled in the same action).
      if (e.type !== "ticket.properties_updated" && e.type !== "ticket.status_changed") return false;
      if (["priority", "team", "subject"].includes(t.property)) return e.data[t.property] !== undefined;
      const props = pair(e.data.properties);
      const after = props?.after;
      return !!after && typeof after === "object" && t.property in after;
    }
    case "customer_replied":
      return e.type === "message.received" && e.data.autoSubmitted !== true;
    case "agent_replied":
      return e.type === "message.replied";
    case "assigned":
      return (e.type === "ticket.assigned" || e.type === "ticket.claimed") && pair(e.data.owner)?.after != null;
    case "unassigned":
      return e.type === "ticket.released" || (e.type === "ticket.assigned" && pair(e.data.owner)?.after == null);
    case "sla_warning":
    case "sla_breach":
      return (
        e.type === (t.on === "sla_warning" ? "sla.warning" : "sla.breached") && (!t.metrics || t.metrics.includes(e.data.metric as never))
      );
    case "csat_received": {
      const score = e.type === "csat.received" ? e.data.score : undefined;
      if (typeof score !== "number") return false;
      return (!t.scores || t.scores.includes(score)) && (t.atMost === undefined || score <= t.atMost);
    }
    default:
      return false;
  }
}

/**
 * A ticket arriving: created, or taken up after it was filed apart (an auto-reply or bounce that
 * opened it was out of every workflow's reach until then).
 */
export const isArrival = (e: NotedEvent) => e.type === "ticket.created" || e.type === "ticket.unquarantined";

/** Whether a time trigger may start or end its wait with the event (so the ticket is worth reading). */
export const mayMoveTimeTrigger = (e: NotedEvent) => isArrival(e) || statusMove(e) !== null;

/**
 * For a time trigger: "arm" when the event starts its wait (the ticket entered the status, arrived,
 * was resolved), "disarm" when it ends it (left the status, reopened), else null. `ticket` is the
 * ticket now; a status move names its statuses, in the pipeline it left and the one it entered.
 */
export function timeTriggerEdge(
  t: WorkflowTrigger,
  e: NotedEvent,
  catalog: Catalog,
  ticket: { pipelineId: string; statusId: string },
): "arm" | "disarm" | null {
  const move = statusMove(e);
  const arrivedIn = isArrival(e) ? (typeof e.data.statusId === "string" ? e.data.statusId : ticket.statusId) : null;
  if (t.on === "time_in_status") {
    if (arrivedIn !== null) return arrivedIn === t.status ? "arm" : null;
    if (!move) return null;
    if (move.to === t.status) return "arm";
    return move.from === t.status ? "disarm" : null;
  }
  if (t.on === "time_after") {
    if (t.event === "created") return e.type === "ticket.created" ? "arm" : null;
    const closedIn = (pipelineId: string, id: string | null) => id !== null && catalog.status(pipelineId, id)?.category === "CLOSED";
    if (arrivedIn !== null) return e.type === "ticket.created" && closedIn(ticket.pipelineId, arrivedIn) ? "arm" : null;
    if (!move) return null;
    // A move to another pipeline names the status it left in the pipeline it left.
    const left = pair(e.data.pipeline)?.before;
    const from = closedIn(typeof left === "string" ? left : ticket.pipelineId, move.from);
    const to = closedIn(ticket.pipelineId, move.to);
    if (to && !from) return "arm";
    return from && !to ? "disarm" : null;
  }
  return null;
}
