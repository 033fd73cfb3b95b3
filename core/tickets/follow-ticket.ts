import { canSeeTeam, loadTicketFor, requireAgent } from "../access.js";
import type { Tx } from "../db.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { conflict } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { recordEvent } from "../timeline.js";
import { readTicketView, type TicketView } from "./view.js";

export interface FollowTicketInput {
  ticketId: number;
}

/**
 * The acting agent starts following a ticket: they are told about its replies and comments.
 * The card shows nothing of followers, so no chat update is queued, and the ticket's
 * `updatedAt` is left alone: following is not a change to the ticket the queues should surface.
 */
export async function followTicket(deps: CoreDeps, input: FollowTicketInput, actor: Actor): Promise<TicketView> {
  const at = deps.now();
  return withTx(deps, async (tx) => {
    const agent = await requireAgent(tx, actor);
    const party = { type: "agent" as const, agent };
    const ticket = await loadTicketFor(tx, party, input.ticketId);
    // Of two clicks racing, the primary key lets one insert through; the other is told.
    const added = await tx
      .insertInto("Follower")
      .values({ agentId: agent.id, ticketId: ticket.id, createdAt: at })
      .onConflict((oc) => oc.columns(["agentId", "ticketId"]).doNothing())
      .returning("agentId")
      .executeTakeFirst();
    if (!added) throw conflict(msg("errors.alreadyFollowing", { id: ticket.id }));
    await recordEvent(tx, at, ticket.id, party, "ticket.followed", { agentId: agent.id });
    return readTicketView(tx, deps.catalog, ticket.id);
  });
}

/**
 * The followers to tell about something new on a ticket, minus `exclude` (the author, and
 * anyone told for a better reason). A follower who has left the help desk, or who can no longer
 * see the ticket's team since it moved, is skipped: a notification would leak the ticket.
 */
export async function followersToNotify(
  tx: Tx,
  ticket: { id: number; teamId: string | null },
  exclude: Iterable<string> = [],
): Promise<string[]> {
  const skip = new Set(exclude);
  const rows = await tx
    .selectFrom("Follower as f")
    .innerJoin("Agent as a", "a.id", "f.agentId")
    .leftJoin("AgentTeam as m", (j) => j.onRef("m.agentId", "=", "a.id").on("m.teamId", "=", ticket.teamId ?? ""))
    .select(["a.id", "a.role", "m.teamId"])
    .where("f.ticketId", "=", ticket.id)
    .where("a.active", "=", true)
    .orderBy("f.createdAt")
    .orderBy("f.agentId")
    .execute();
  // One row per follower: the team join matches at most the ticket's own team.
  return rows
    .filter((a) => !skip.has(a.id))
    .filter((a) =>
      canSeeTeam({ id: a.id, name: "", role: a.role === "admin" ? "admin" : "agent", teamIds: a.teamId ? [a.teamId] : [] }, ticket.teamId),
    )
    .map((a) => a.id);
}
