/** What ordering needs to know of an outbox row. */
export interface OrderedRow {
  id: string;
  ticketId: number | null;
  target: string;
  createdAt: Date;
  /** The `chat` row a surface's row was fanned out from. */
  parentId: string | null;
}

/**
 * Creation order of outbox rows. Rows written in one transaction share `createdAt`; their ids
 * (cuids, increasing within the process that wrote them) break the tie. A fanned-out row is
 * created later than its parent, in another transaction, so it sorts by its parent's id.
 */
export function creationOrder(a: OrderedRow, b: OrderedRow): number {
  const byTime = a.createdAt.getTime() - b.createdAt.getTime();
  if (byTime !== 0) return byTime;
  const ka = a.parentId ?? a.id;
  const kb = b.parentId ?? b.id;
  return ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Groups due rows into per-ticket chains (one per ticket and target), each to be delivered one
 * row after another. A chain starts at its ticket's earliest pending row for that target and
 * stops before the first pending row that is not due (waiting for a retry, or held by another
 * worker), so a later row never overtakes an earlier one. `pending` is every pending row of the
 * due rows' tickets and targets that could come before them. Rows without a ticket are not
 * ordered: each is a chain of its own. Chains come oldest head first.
 */
export function ticketChains<T extends OrderedRow>(due: readonly T[], pending: readonly OrderedRow[]): T[][] {
  const dueById = new Map(due.map((r) => [r.id, r]));
  const byChain = new Map<string, OrderedRow[]>();
  for (const r of pending) {
    if (r.ticketId === null) continue;
    const key = `${r.ticketId}\u0000${r.target}`;
    const list = byChain.get(key);
    if (list) list.push(r);
    else byChain.set(key, [r]);
  }
  const chains: T[][] = due.filter((r) => r.ticketId === null).map((r) => [r]);
  for (const list of byChain.values()) {
    list.sort(creationOrder);
    const chain: T[] = [];
    for (const r of list) {
      const d = dueById.get(r.id);
      if (!d) break;
      chain.push(d);
    }
    if (chain.length) chains.push(chain);
  }
  return chains.sort((a, b) => creationOrder(a[0]!, b[0]!));
}
