// One attempt at one outbox row: claimed just before its send, sent while its lease is renewed,
// and its outcome (delivered, retry later, given up) written only where the row still carries
// this claim's token. The dispatcher (dispatcher.ts) decides which rows to attempt and when.
import type { CoreDeps } from "../deps.js";
import type { Logger } from "../log.js";
import type { QuietGate } from "../quiet-gate.js";
import { DeliveryError, type DeliveryTarget, type DeliveryTargetName, type OutboxRow } from "./delivery.js";
import { claimRow, finishClaim, holdLease, type Claim, type DueRow } from "./claim-row.js";
import { giveUpRow, retryDelayMs } from "./give-up.js";

/** How one attempt ended: only "delivered" and "failed" (given up) let the ticket's next row go. */
export type Outcome = "delivered" | "retry" | "failed" | "lost";

/** What an attempt uses of the dispatcher's options (see DispatcherOptions for each). */
export interface AttemptOptions {
  deps: CoreDeps;
  targets: Partial<Record<DeliveryTargetName, DeliveryTarget>>;
  log: Logger;
  gate?: QuietGate | undefined;
  workerId: string;
  maxAttempts: number;
  leaseMs: number;
  maxHoldMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

/**
 * Claims a due row and hands it to its target. Null when the row was not this worker's to send:
 * another one claimed it first, or it was given up on at its claim.
 */
export async function attemptRow(due: DueRow, o: AttemptOptions): Promise<Outcome | null> {
  await o.gate?.quiet();
  const claim = await claimDue(due, o);
  return claim ? deliver(claim, o) : null;
}

/** The row's logger, by a due row (whose payload is not read yet) or a claimed one. */
export function rowLog(log: Logger, row: DueRow | OutboxRow): Logger {
  return log.child({ outboxId: row.id, target: row.target, topic: row.topic, ticket: row.ticketId });
}

/** Claims a row just before its delivery (see claimRow); gives up one whose attempts all stalled. */
async function claimDue(due: DueRow, o: AttemptOptions): Promise<Claim | null> {
  const claim = await claimRow(o.deps.db, due, { now: o.deps.now(), workerId: o.workerId, leaseMs: o.leaseMs });
  if (!claim?.takenOver) return claim;
  const { previousHolder, leaseEnded } = claim.takenOver;
  rowLog(o.log, claim.row).warn("outbox: row claimed again after its lease ran out; it may have been delivered already", {
    previousHolder,
    leaseEnded: leaseEnded.toISOString(),
    attempts: claim.row.attempts,
  });
  // A row whose sends keep crashing the worker must not do so for ever.
  if (claim.row.attempts > retryLimits(claim.row, o).maxAttempts) {
    await giveUpRow(o.deps, claim, `gave up: ${claim.row.attempts - 1} attempts, the last of which never finished`);
    return null;
  }
  return claim;
}

async function deliver(claim: Claim, o: AttemptOptions): Promise<Outcome> {
  const { row } = claim;
  const target = o.targets[row.target as DeliveryTargetName];
  const { db } = o.deps;
  const log = rowLog(o.log, row);
  const lease = holdLease(db, claim, {
    now: o.deps.now,
    leaseMs: o.leaseMs,
    maxHoldMs: o.maxHoldMs,
    onHeldTooLong: () =>
      log.warn("outbox: a send ran past maxHoldMs; its lease is no longer renewed, so another worker may take the row over", {
        maxHoldMs: o.maxHoldMs,
      }),
    onLost: () => log.warn("outbox: lost the claim on a row while delivering it (its lease ran out and another worker took it)"),
    onError: (e) => log.warn("outbox: could not renew a lease", { err: String(e) }),
  });
  try {
    if (!target) throw new DeliveryError(`no ${row.target} delivery is configured`);
    await target.deliver(row);
  } catch (e) {
    // The pause is waited for while the lease is still renewed, so the row cannot be taken over meanwhile.
    await o.gate?.quiet();
    await lease.release();
    const err = e instanceof DeliveryError ? e : new DeliveryError(e instanceof Error ? e.message : String(e));
    const attempts = row.attempts;
    const limits = retryLimits(row, o);
    if (err.opts.permanent || attempts >= limits.maxAttempts) {
      log.error("delivery failed for good", { attempts, error: err.message });
      return (await giveUpRow(o.deps, claim, err.message)) ? "failed" : lost(log, "failed for good");
    }
    const wait = retryDelayMs(attempts, { baseMs: o.backoffBaseMs, maxMs: limits.backoffMaxMs, retryAfterMs: err.opts.retryAfterMs });
    log.warn("delivery failed; will retry", { attempts, retryInMs: Math.round(wait), error: err.message });
    const kept = await finishClaim(db, claim, { lastError: err.message, nextAttemptAt: new Date(o.deps.now().getTime() + wait) });
    return kept ? "retry" : lost(log, "failed");
  }
  await o.gate?.quiet();
  await lease.release();
  const done = await finishClaim(db, claim, { status: "done", deliveredAt: o.deps.now(), lastError: null });
  return done ? "delivered" : lost(log, "delivered");
}

/** The row's retry limits: its target's own where it declares them, else the dispatcher's. */
function retryLimits(row: DueRow | OutboxRow, o: AttemptOptions): { maxAttempts: number; backoffMaxMs: number } {
  const own = o.targets[row.target as DeliveryTargetName]?.retry;
  return {
    maxAttempts: Math.max(o.maxAttempts, own?.maxAttempts ?? 0),
    backoffMaxMs: own?.backoffMaxMs ?? o.backoffMaxMs,
  };
}

/** The row was taken from this holder while it delivered; its outcome is not written over the new holder's. */
function lost(log: Logger, outcome: string): "lost" {
  log.warn(
    "outbox: lost the claim on a row while delivering it (its lease ran out and another worker took it); the outcome was not recorded",
    { outcome },
  );
  return "lost";
}
