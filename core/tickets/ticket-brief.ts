// Small reads of one ticket for an adapter's forms and suggestions: what a status form needs to
// know before it opens, who a reply would go to, the card as it stands. Each is one or two
// statements; the use case behind the form checks everything again when it runs.
import { loadAgent, partyCanSee } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { loadTicketWithRefs, toTicketView, type TicketView } from "./view.js";

/** A ticket's pipeline, status and the fields a status can require, as a form sees them. */
export interface TicketBrief {
  pipelineId: string;
  statusId: string;
  ownerId: string | null;
  teamId: string | null;
  contactId: string | null;
  /** The custom property values, as stored (a JSON object). */
  properties: string;
  deletedAt: Date | null;
  mergedIntoId: number | null;
}

/** Whether the actor may see a ticket of `teamId`: an active agent of its team (or an admin); anyone else who is no agent. */
async function canSee(deps: Pick<CoreDeps, "db">, actor: Actor, teamId: string | null): Promise<boolean> {
  if (actor.type !== "agent") return true;
  const agent = await loadAgent(deps.db, actor.agentId);
  return !!agent && partyCanSee({ type: "agent", agent }, teamId);
}

/**
 * Ticket N's pipeline, status, owner, team, requester and properties, when it exists and the
 * actor may see it; else null (a ticket of another team is not told apart from a missing one).
 * Deleted and merged tickets are answered too: the form decides what to make of them.
 */
export async function ticketBrief(deps: Pick<CoreDeps, "db">, ticketId: number, actor: Actor): Promise<TicketBrief | null> {
  const [row, agent] = await Promise.all([
    deps.db
      .selectFrom("Ticket")
      .select(["pipelineId", "statusId", "ownerId", "teamId", "contactId", "properties", "deletedAt", "mergedIntoId"])
      .where("id", "=", ticketId)
      .executeTakeFirst(),
    actor.type === "agent" ? loadAgent(deps.db, actor.agentId) : null,
  ]);
  if (!row) return null;
  if (actor.type === "agent" && !(agent && partyCanSee({ type: "agent", agent }, row.teamId))) return null;
  return row;
}

/** Who a reply on a ticket reaches: its requester, and the chat surface it came from when it was opened from a chat message. */
export interface ReplyRecipient {
  contact: { name: string | null; email: string | null } | null;
  /** "slack" or "discord" when the ticket was made from a chat message (replies go back under it), else null. */
  originSurface: string | null;
}

/** Who a reply on ticket N would reach, or null when it does not exist or the actor may not see it. */
export async function replyRecipient(deps: Pick<CoreDeps, "db">, ticketId: number, actor: Actor): Promise<ReplyRecipient | null> {
  const row = await deps.db
    .selectFrom("Ticket as t")
    .leftJoin("Contact as c", "c.id", "t.contactId")
    .select(["t.teamId", "c.id as contactId", "c.name", "c.email"])
    .select((eb) =>
      eb
        .selectFrom("ChatLink as l")
        .select("l.surface")
        .whereRef("l.ticketId", "=", "t.id")
        .where("l.role", "=", "origin")
        // The message the ticket was opened from is its first origin link, as where chat replies go.
        .orderBy("l.createdAt", "asc")
        .orderBy("l.id", "asc")
        .limit(1)
        .as("originSurface"),
    )
    .where("t.id", "=", ticketId)
    .executeTakeFirst();
  if (!row || !(await canSee(deps, actor, row.teamId))) return null;
  return { contact: row.contactId ? { name: row.name, email: row.email } : null, originSurface: row.originSurface ?? null };
}

/**
 * Ticket N as its card shows it, or null when it does not exist. No actor: for redrawing a card
 * that is already posted, which shows what everyone in its channel may see.
 */
export async function ticketCardView(deps: Pick<CoreDeps, "db" | "catalog">, ticketId: number): Promise<TicketView | null> {
  const t = await loadTicketWithRefs(deps.db, ticketId);
  return t ? toTicketView(t, deps.catalog) : null;
}
