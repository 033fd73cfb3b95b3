import type { Tx } from "./db.js";
import { newId } from "./ids.js";
import { actorColumns, type ActingParty } from "./access.js";
import { noteEvent, noteTicketChanged, workflowsActingIn } from "./jobs/work-signal.js";

/** Every change a use case makes is recorded here, in the same transaction as the change. */
export async function recordEvent(
  tx: Tx,
  at: Date,
  ticketId: number,
  party: ActingParty,
  type: string,
  data: Record<string, unknown> = {},
): Promise<void> {
  noteTicketChanged(tx, ticketId);
  // A workflow's change says so on the timeline, and does not set that workflow off again.
  const chain = workflowsActingIn(tx);
  if (chain.length) data = { ...data, workflow: chain.at(-1) };
  noteEvent(tx, { ticketId, type, data, at, chain });
  await tx
    .insertInto("TimelineEvent")
    .values({ id: newId(), ticketId, type, data: JSON.stringify(data), createdAt: at, ...actorColumns(party) })
    .execute();
}

/** A before/after pair for one field. */
export function change<T>(before: T, after: T): { before: T; after: T } {
  return { before, after };
}
