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
      return e.type === "ticket.created";
    case "status_changed": {
      const m = statusMove(e);
      return !!m && (!t.from || (m.from !== null && t.from.includes(m.from))) && (!t.to || t.to.includes(m.to));
    }
    case "property_changed": {
      if (e.type !== "ticket.properties_updated") return false;
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
    default:
      return false;
  }
}

/**
 * For a time trigger: "arm" when the event starts its wait (the ticket entered the status, was
 * created, was resolved), "disarm" when it ends it (left the status, reopened), else null.
 * `statusNow` is the ticket's status when it was created (the creation event does not say).
 */
export function timeTriggerEdge(
  t: WorkflowTrigger,
  e: NotedEvent,
  catalog: Catalog,
  ticket: { pipelineId: string; statusId: string },
): "arm" | "disarm" | null {
  const move = statusMove(e);
  if (t.on === "time_in_status") {
    if (e.type === "ticket.created") return ticket.statusId === t.status ? "arm" : null;
    if (!move) return null;
    if (move.to === t.status) return "arm";
    return move.from === t.status ? "disarm" : null;
  }
  if (t.on === "time_after") {
    if (t.event === "created") return e.type === "ticket.created" ? "arm" : null;
    if (!move) return null;
    const closed = (id: string | null) => id !== null && catalog.status(ticket.pipelineId, id)?.category === "CLOSED";
    if (closed(move.to) && !closed(move.from)) return "arm";
    return closed(move.from) && !closed(move.to) ? "disarm" : null;
  }
  return null;
}
