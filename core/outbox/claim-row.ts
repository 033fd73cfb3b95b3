import { randomUUID } from "node:crypto";
import type { ExpressionBuilder, Updateable } from "kysely";
import type { DB, Db, Queryable } from "../db.js";
import { parseJsonObject } from "../json.js";
import type { OutboxRow } from "./delivery.js";
import type { OrderedRow } from "./ticket-order.js";

/** A due row as read, before it is claimed. */
export interface DueRow extends OrderedRow {
  topic: string;
  payload: string;
  attempts: number;
  lockedBy: string | null;
  lockedUntil: Date | null;
}

/** What a due row is read with. */
export const dueRowColumns = [
  "id",
  "ticketId",
  "target",
  "topic",
  "payload",
  "attempts",
  "createdAt",
  "parentId",
  "lockedBy",
  "lockedUntil",
] as const;

/** Rows no live claim holds: never claimed, finished an attempt, or whose lease ran out. */
export const leaseFree = (now: Date) => (eb: ExpressionBuilder<DB, "Outbox">) =>
  eb.or([eb("lockedUntil", "is", null), eb("lockedUntil", "<", now)]);

/**
 * One attempt's hold on a row. `token` is written to `lockedBy` when the row is claimed and is
 * unique to this claim: every later write checks it, so a holder that lost the row (its lease ran
 * out and another worker claimed it) cannot write over the new holder's state.
 */
export interface Claim {
  row: OutboxRow;
  token: string;
  /** Set when the row was claimed from a holder that never finished (its lease ran out). */
  takenOver?: { previousHolder: string | null; leaseEnded: Date };
}

/**
 * Claims a row just before its delivery: a compare-and-set on the row as it was read (so of two
 * workers exactly one wins), counting the attempt and writing a fresh token. Null when the row
 * moved on meanwhile (claimed, delivered or rescheduled by another worker).
 */
export async function claimRow(db: Db, due: DueRow, at: { now: Date; workerId: string; leaseMs: number }): Promise<Claim | null> {
  const token = `${at.workerId}:${randomUUID()}`;
  const got = await db
    .updateTable("Outbox")
    .set((eb) => ({ lockedBy: token, lockedUntil: new Date(at.now.getTime() + at.leaseMs), attempts: eb("attempts", "+", 1) }))
    .where("id", "=", due.id)
    .where("status", "=", "pending")
    .where("attempts", "=", due.attempts)
    .where("lockedBy", due.lockedBy === null ? "is" : "=", due.lockedBy)
    .where("nextAttemptAt", "<=", at.now)
    .where(leaseFree(at.now))
    .executeTakeFirst();
  if (Number(got.numUpdatedRows) === 0) return null;
  const row: OutboxRow = {
    id: due.id,
    ticketId: due.ticketId,
    target: due.target,
    topic: due.topic,
    payload: parseJsonObject(due.payload),
    attempts: due.attempts + 1,
  };
  // A finished attempt clears lockedUntil; one still set means its holder never finished
  // (crashed, or stalled past its lease), and the row may have gone out already.
  return due.lockedUntil === null
    ? { row, token }
    : { row, token, takenOver: { previousHolder: due.lockedBy, leaseEnded: due.lockedUntil } };
}

/**
 * Writes an attempt's outcome only if the claim still holds the row, and ends the lease.
 * False when the claim was lost: the new holder's state stands.
 */
export async function finishClaim(db: Queryable, claim: Claim, data: Updateable<DB["Outbox"]>): Promise<boolean> {
  const r = await db
    .updateTable("Outbox")
    .set({ ...data, lockedUntil: null })
    .where("id", "=", claim.row.id)
    .where("lockedBy", "=", claim.token)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Renews a claim's lease every third of it while its delivery runs, so a slow send is not taken
 * over by another worker while its holder is alive. `release` stops renewing and waits for a
 * renewal under way, so none lands after the attempt's outcome is written. After `maxHoldMs` the
 * lease is no longer renewed (`onHeldTooLong`): a send that hangs must not keep its row for ever,
 * so once the lease runs out another worker may take the row over.
 */
export function holdLease(
  db: Db,
  claim: Claim,
  lease: {
    now: () => Date;
    leaseMs: number;
    maxHoldMs?: number;
    onLost: () => void;
    onError: (e: unknown) => void;
    onHeldTooLong?: () => void;
  },
): { release(): Promise<void> } {
  const since = lease.now().getTime();
  const every = Math.max(10, Math.floor(lease.leaseMs / 3));
  let released = false;
  let lost = false;
  let timer: NodeJS.Timeout | null = null;
  // One renewal at a time: the next is scheduled only once the previous settled, so a slow one
  // cannot be overtaken and land after release() returned (and the outcome was written).
  let renewing: Promise<void> = Promise.resolve();
  const renew = async () => {
    try {
      const until = new Date(lease.now().getTime() + lease.leaseMs);
      // A finished attempt clears lockedUntil (finishClaim); never set it again on such a row.
      const r = await db
        .updateTable("Outbox")
        .set({ lockedUntil: until })
        .where("id", "=", claim.row.id)
        .where("lockedBy", "=", claim.token)
        .where("status", "=", "pending")
        .where("lockedUntil", "is not", null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0 && !lost && !released) {
        lost = true;
        lease.onLost();
      }
    } catch (e) {
      lease.onError(e);
    }
  };
  const schedule = () => {
    if (released || lost) return;
    timer = setTimeout(() => {
      timer = null;
      if (lease.maxHoldMs !== undefined && lease.now().getTime() - since >= lease.maxHoldMs) {
        lease.onHeldTooLong?.();
        return;
      }
      renewing = renew().then(schedule);
    }, every);
    timer.unref();
  };
  schedule();
  return {
    release: async () => {
      released = true;
      if (timer) clearTimeout(timer);
      await renewing;
    },
  };
}
