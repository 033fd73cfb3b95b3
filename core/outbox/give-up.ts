// What becomes of a row whose attempt failed: a wait before the next attempt (exponential backoff
// with jitter, or the target's Retry-After), or, given up on, a failed row shown on its ticket's
// timeline and told to the agent it was for.
import { withTx, type CoreDeps } from "../deps.js";
import { recordEvent } from "../timeline.js";
import { finishClaim, type Claim } from "./claim-row.js";
import { enqueue, notifyAgents } from "./enqueue.js";

/**
 * How long to wait before attempt `attempts + 1`: twice as long after each failure (from `baseMs`,
 * up to `maxMs`), give or take a quarter so replicas do not retry in step, and never less than
 * the target asked for, up to `maxMs`.
 */
export function retryDelayMs(attempts: number, opts: { baseMs: number; maxMs: number; retryAfterMs?: number | undefined }): number {
  const backoff = Math.min(opts.maxMs, opts.baseMs * 2 ** (attempts - 1));
  return Math.max(askedWaitMs(opts.retryAfterMs, opts.maxMs), backoff * (0.75 + Math.random() * 0.5));
}

/**
 * A target's Retry-After comes from the other side (a webhook receiver, Slack, Discord): a wait
 * of a year would keep its row pending long past the moment it should show as failed, and one
 * too large for a Date could not be written at all (the row would stay claimed and be retried
 * at each lease's end). So it is honoured up to the longest backoff, and ignored when it is no
 * wait ahead (NaN, zero or less).
 */
function askedWaitMs(retryAfterMs: number | undefined, maxMs: number): number {
  return retryAfterMs !== undefined && retryAfterMs > 0 ? Math.min(retryAfterMs, maxMs) : 0;
}

/**
 * Marks a claimed row failed, records "delivery.failed" on its ticket and tells the agent it was
 * for (the author of the message it carried, else the ticket's owner). Returns false when the
 * claim was lost meanwhile (the new holder decides the row's fate).
 */
export async function giveUpRow(deps: CoreDeps, claim: Claim, error: string): Promise<boolean> {
  const { row } = claim;
  return withTx(deps, async (tx) => {
    const at = deps.now();
    if (!(await finishClaim(tx, claim, { status: "failed", lastError: error }))) return false;
    if (row.ticketId === null) return true;
    const messageId = typeof row.payload.messageId === "string" ? row.payload.messageId : undefined;
    await recordEvent(tx, at, row.ticketId, { type: "system" }, "delivery.failed", {
      outboxId: row.id,
      target: row.target,
      topic: row.topic,
      messageId,
      error,
    });
    // Telling agents goes through chat; a failed notification is not itself announced (no loops).
    if (row.topic === "agents.notify") return true;
    const message = messageId
      ? await tx.selectFrom("Message").select("authorAgentId").where("id", "=", messageId).executeTakeFirst()
      : undefined;
    const ticket = await tx.selectFrom("Ticket").select("ownerId").where("id", "=", row.ticketId).executeTakeFirst();
    const who = message?.authorAgentId ?? ticket?.ownerId;
    await enqueue(tx, at, ...notifyAgents(row.ticketId, who ? [who] : [], "delivery_failed", messageId));
    return true;
  });
}
