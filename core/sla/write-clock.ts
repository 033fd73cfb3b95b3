// Writing a settled SLA clock: only what changed, and only over the row as it was read, so two
// transactions settling the same ticket at once (a timer and a change, on PostgreSQL) never both
// act on one clock: the later one finds it moved and runs again from the start.
import type { Tx } from "../db.js";
import type { Clock } from "./wanted.js";

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

/**
 * Writes what changed of the clock; false when nothing did. The row must still be as it was read
 * (its state, its used time, whether it runs, was warned, breached): on PostgreSQL a concurrent
 * transaction (a timer and a change settling the same ticket at once) may have moved it since,
 * and then this one is retried from the start (withTx), so what it would tell is told once.
 */
export async function writeClock(tx: Tx, before: Clock, after: Clock): Promise<boolean> {
  const same = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);
  const set = Object.fromEntries(fields.filter((f) => !same(before[f], after[f])).map((f) => [f, after[f]]));
  if (Object.keys(set).length === 0) return false;
  const nullOrNot = (f: "runningSince" | "warnedAt" | "breachedAt") => (before[f] === null ? "is" : "is not") as "is" | "is not";
  const r = await tx
    .updateTable("SlaClock")
    .set(set)
    .where("ticketId", "=", after.ticketId)
    .where("metric", "=", after.metric)
    .where("state", "=", before.state)
    .where("usedSec", "=", before.usedSec)
    .where("runningSince", nullOrNot("runningSince"), null)
    .where("warnedAt", nullOrNot("warnedAt"), null)
    .where("breachedAt", nullOrNot("breachedAt"), null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new StaleClock(after.ticketId, after.metric);
  return true;
}

/** The clock changed under this transaction; its code makes withTx run the transaction again. */
class StaleClock extends Error {
  readonly code = "40001";
  constructor(ticketId: number, metric: string) {
    super(`the ${metric} SLA clock of ticket ${ticketId} changed while it was being settled`);
  }
}
