// Which webhook event a timeline event is, read the way the workflows read their triggers
// (core/workflows/triggers.ts), so "assigned" or "customer replied" mean the same in both.
import type { NotedEvent } from "../jobs/work-signal.js";
import { isArrival, statusMove } from "../workflows/triggers.js";
import type { WebhookEventType } from "./webhook-config.js";

/** A timeline event read as a webhook event: its type and the part of `data` only it carries. */
export interface WebhookEventOf {
  type: WebhookEventType;
  data: Record<string, unknown>;
  /** A message to add to `data` (its text is read from the message row). */
  messageId?: string;
}

type Pair = { before?: unknown; after?: unknown } | undefined;
const pair = (v: unknown): Pair => (v && typeof v === "object" ? (v as Pair) : undefined);
const text = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** The webhook event the timeline event is, or null when it is none a receiver can ask for. */
export function webhookEventOf(e: NotedEvent): WebhookEventOf | null {
  if (isArrival(e)) return { type: "ticket.created", data: {} };
  const move = receiverStatusMove(e);
  if (move) {
    const pipeline = pair(e.data.pipeline);
    return {
      type: "ticket.status_changed",
      data: {
        from: move.from,
        to: move.to,
        // A move to another pipeline names the status it left in the pipeline it left.
        ...(pipeline ? { pipeline: { from: text(pipeline.before), to: text(pipeline.after) } } : {}),
        ...(e.type === "ticket.merged" ? { mergedInto: e.data.primary } : {}),
      },
    };
  }
  const owner = pair(e.data.owner);
  if ((e.type === "ticket.assigned" || e.type === "ticket.claimed") && owner?.after != null)
    return { type: "ticket.assigned", data: { from: text(owner.before), to: text(owner.after) } };
  const messageId = text(e.data.messageId) ?? undefined;
  if (e.type === "message.received" && e.data.autoSubmitted !== true && messageId)
    return { type: "ticket.customer_replied", data: {}, messageId };
  if (e.type === "message.replied" && messageId) return { type: "ticket.agent_replied", data: {}, messageId };
  if (e.type === "sla.warning" || e.type === "sla.breached")
    return { type: e.type, data: { metric: text(e.data.metric), dueAt: text(e.data.dueAt) } };
  if (e.type === "csat.received" && typeof e.data.score === "number")
    return { type: "csat.received", data: { score: e.data.score, channel: text(e.data.channel) } };
  return null;
}

/**
 * A status change as a receiver sees it, which is wider than the workflows' trigger (statusMove,
 * kept as it is): the secondary ticket a merge closes changes status (its timeline event is
 * `ticket.merged` with the status it left), and a move to another pipeline enters another status
 * even when both pipelines name theirs alike, so a receiver mirroring the ticket's pipeline and
 * status hears of it.
 */
function receiverStatusMove(e: NotedEvent): { from: string | null; to: string } | null {
  const move = statusMove(e);
  if (move) return move;
  const s = pair(e.data.status);
  if (typeof s?.after !== "string") return null;
  const from = text(s.before);
  if (e.type === "ticket.merged" && e.data.secondary === e.ticketId && from !== s.after) return { from, to: s.after };
  const pipeline = pair(e.data.pipeline);
  if (e.type === "ticket.moved" && pipeline && pipeline.before !== pipeline.after) return { from, to: s.after };
  return null;
}
