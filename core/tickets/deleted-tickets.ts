// The deleted tickets an admin may bring back, newest deletion first: what a restore picker lists.
import { loadAgent } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";

export interface DeletedTicket {
  id: number;
  subject: string;
  deletedAt: Date;
}

/**
 * Up to `limit` deleted tickets, most recently deleted first. Only admins may restore, so only an
 * active admin gets any: anyone else gets an empty list rather than an error, as a picker shows.
 */
export async function deletedTickets(deps: Pick<CoreDeps, "db">, actor: Actor, limit = 200): Promise<DeletedTicket[]> {
  if (actor.type !== "agent") return [];
  const agent = await loadAgent(deps.db, actor.agentId);
  if (agent?.role !== "admin") return [];
  const rows = await deps.db
    .selectFrom("Ticket")
    .select(["id", "subject", "deletedAt"])
    .where("deletedAt", "is not", null)
    .orderBy("deletedAt", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.flatMap((r) => (r.deletedAt ? [{ id: r.id, subject: r.subject, deletedAt: r.deletedAt }] : []));
}
