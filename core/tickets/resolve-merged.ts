import type { Queryable } from "../db.js";

/** Longer chains than this are not made by merging by hand; past it we assume corrupt data. */
const maxHops = 64;

/**
 * The ticket ids from `ticketId` along its mergedInto links, starting with `ticketId` itself and
 * ending with the final primary. Stops at a ticket seen before, so a cycle in the data (which
 * merging refuses to create, but a hand-edited database might hold) cannot hang the caller.
 */
export async function mergeChain(tx: Queryable, ticketId: number): Promise<number[]> {
  const chain = [ticketId];
  const seen = new Set(chain);
  let current = ticketId;
  while (chain.length <= maxHops) {
    const row = await tx.selectFrom("Ticket").select("mergedIntoId").where("id", "=", current).executeTakeFirst();
    const next = row?.mergedIntoId ?? null;
    if (next === null || seen.has(next)) break;
    chain.push(next);
    seen.add(next);
    current = next;
  }
  return chain;
}

/**
 * Where anything addressed to `ticketId` belongs: the ticket itself, or the final primary of the
 * merges it went through. Intake calls this after finding a thread's ticket, so that a customer
 * writing again to a merged (secondary) ticket lands on the primary. A ticket that does not
 * exist resolves to itself; the caller's own look-up reports it.
 */
export async function resolveMergedTicket(tx: Queryable, ticketId: number): Promise<number> {
  const chain = await mergeChain(tx, ticketId);
  return chain[chain.length - 1]!;
}
