import type { Db } from "../db.js";
import { dueRowColumns, leaseFree, type DueRow } from "./claim-row.js";
import { creationOrder, ticketChains } from "./ticket-order.js";

/** Pages read per target in one pass, at most: past rows held back behind their ticket's earlier ones. */
const maxPages = 4;

/**
 * The due rows no live claim holds, as per-ticket chains (see ticketChains), oldest head first;
 * nothing is claimed yet. Each target is read on its own, so rows piling up behind a target that
 * is down never keep another target's rows from being read, and rows held back behind their
 * ticket's earlier ones are skipped page by page rather than filling every pass.
 */
export async function readDueChains(db: Db, at: { targets: readonly string[]; now: Date; batchSize: number }): Promise<DueRow[][]> {
  const chains: DueRow[][] = [];
  for (const target of at.targets) chains.push(...(await chainsOf(db, target, at.now, at.batchSize)));
  return chains.sort((a, b) => creationOrder(a[0]!, b[0]!));
}

async function chainsOf(db: Db, target: string, now: Date, batchSize: number): Promise<DueRow[][]> {
  const chains: DueRow[][] = [];
  let rows = 0;
  // Tickets already read: their rows on a later page are in a chain already, or wait behind one.
  const seen = new Set<number>();
  let after: DueRow | undefined;
  for (let page = 0; page < maxPages && rows < batchSize; page++) {
    let query = db
      .selectFrom("Outbox")
      .select(dueRowColumns)
      .where("status", "=", "pending")
      .where("target", "=", target)
      .where("nextAttemptAt", "<=", now)
      .where(leaseFree(now));
    if (after) {
      const last = after;
      query = query.where((eb) =>
        eb.or([eb("createdAt", ">", last.createdAt), eb.and([eb("createdAt", "=", last.createdAt), eb("id", ">", last.id)])]),
      );
    }
    if (seen.size) query = query.where((eb) => eb.or([eb("ticketId", "is", null), eb("ticketId", "not in", [...seen])]));
    const due: DueRow[] = await query.orderBy("createdAt").orderBy("id").limit(batchSize).execute();
    if (due.length === 0) break;
    const ticketIds = [...new Set(due.flatMap((r) => (r.ticketId === null ? [] : [r.ticketId])))];
    // Earlier rows of the same tickets, due or not, held or not: a due row waits behind them.
    const pending = ticketIds.length
      ? await db
          .selectFrom("Outbox")
          .select(["id", "ticketId", "target", "createdAt", "parentId"])
          .where("status", "=", "pending")
          .where("target", "=", target)
          .where("ticketId", "in", ticketIds)
          .where("createdAt", "<=", due.at(-1)!.createdAt)
          .execute()
      : [];
    for (const chain of ticketChains(due, pending)) {
      chains.push(chain);
      rows += chain.length;
    }
    for (const id of ticketIds) seen.add(id);
    after = due.at(-1);
    if (due.length < batchSize) break;
  }
  return chains;
}
