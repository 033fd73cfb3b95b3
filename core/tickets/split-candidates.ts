// What a split form offers before it opens: the messages of a ticket that could be split off.
import { loadTicketFor, requireAgent } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";

/** A message a split form offers. */
export interface SplitCandidate {
  id: string;
  kind: string;
  text: string;
  createdAt: Date;
}

/**
 * The newest `limit` messages of ticket N that can be split off (system notes cannot), oldest
 * first, when the agent may work on the ticket by the core's own rules: another team's ticket is
 * not found, a deleted or merged one is refused, as the split itself would be.
 */
export async function splitCandidates(
  deps: Pick<CoreDeps, "db">,
  ticketId: number,
  actor: Actor,
  limit: number,
): Promise<SplitCandidate[]> {
  const agent = await requireAgent(deps.db, actor);
  const [, newest] = await Promise.all([
    loadTicketFor(deps.db, { type: "agent", agent }, ticketId),
    deps.db
      .selectFrom("Message")
      .select(["id", "kind", "text", "createdAt"])
      .where("ticketId", "=", ticketId)
      .where("kind", "!=", "SYSTEM")
      .orderBy("createdAt", "desc")
      .orderBy("id", "desc")
      .limit(limit)
      .execute(),
  ]);
  return newest.reverse();
}
