import type { Db, Prisma } from "../db.js";
import { dueRowSelect, leaseFree, type DueRow } from "./claim-row.js";
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
    const where: Prisma.OutboxWhereInput[] = [{ status: "pending", target, nextAttemptAt: { lte: now } }, leaseFree(now)];
    if (after) where.push({ OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] });
    if (seen.size) where.push({ OR: [{ ticketId: null }, { ticketId: { notIn: [...seen] } }] });
    const due: DueRow[] = await db.outbox.findMany({ where: { AND: where }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: batchSize, select: dueRowSelect });
    if (due.length === 0) break;
    const ticketIds = [...new Set(due.flatMap((r) => (r.ticketId === null ? [] : [r.ticketId])))];
    // Earlier rows of the same tickets, due or not, held or not: a due row waits behind them.
    const pending = ticketIds.length
      ? await db.outbox.findMany({
          where: { status: "pending", target, ticketId: { in: ticketIds }, createdAt: { lte: due.at(-1)!.createdAt } },
          select: { id: true, ticketId: true, target: true, createdAt: true, parentId: true },
        })
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
