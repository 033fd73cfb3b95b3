import type { Selectable } from "kysely";
import type { DB, Queryable, Tx } from "./db.js";
import type { Actor, CoreDeps } from "./deps.js";
import { withTx } from "./deps.js";
import { forbidden, invalid, notFound } from "./errors.js";
import { msg } from "./i18n/translate.js";

export interface AgentContext {
  id: string;
  name: string;
  role: "admin" | "agent";
  teamIds: string[];
}

/** Who is acting, resolved: an agent with its teams, or the system/a contact (which see everything). */
export type ActingParty = { type: "agent"; agent: AgentContext } | { type: "contact"; contactId: string } | { type: "system" };

/** The active agent with its teams, or null (unknown or deactivated). One statement. */
export async function loadAgent(q: Queryable, agentId: string): Promise<AgentContext | null> {
  const rows = await q
    .selectFrom("Agent as a")
    .leftJoin("AgentTeam as m", "m.agentId", "a.id")
    .select(["a.id", "a.name", "a.role", "a.active", "m.teamId"])
    .where("a.id", "=", agentId)
    .execute();
  const a = rows[0];
  if (!a || !a.active) return null;
  return {
    id: a.id,
    name: a.name,
    role: a.role === "admin" ? "admin" : "agent",
    teamIds: rows.flatMap((r) => (r.teamId ? [r.teamId] : [])),
  };
}

export async function resolveActor(tx: Queryable, actor: Actor): Promise<ActingParty> {
  if (actor.type !== "agent") return actor;
  const agent = await loadAgent(tx, actor.agentId);
  if (!agent) throw forbidden(msg("errors.agentsOnly"));
  return { type: "agent", agent };
}

/** Agents only: use cases that are agent actions call this. */
export async function requireAgent(tx: Queryable, actor: Actor): Promise<AgentContext> {
  const party = await resolveActor(tx, actor);
  if (party.type !== "agent") throw forbidden(msg("errors.agentsOnly"));
  return party.agent;
}

export function canSeeTeam(agent: AgentContext, teamId: string | null): boolean {
  return teamId === null || agent.role === "admin" || agent.teamIds.includes(teamId);
}

export function partyCanSee(party: ActingParty, teamId: string | null): boolean {
  return party.type !== "agent" || canSeeTeam(party.agent, teamId);
}

export function actorColumns(party: ActingParty): { actorType: string; actorId: string | null } {
  switch (party.type) {
    case "agent":
      return { actorType: "agent", actorId: party.agent.id };
    case "contact":
      return { actorType: "contact", actorId: party.contactId };
    case "system":
      return { actorType: "system", actorId: null };
  }
}

export interface LoadTicketOptions {
  /** Allow a soft-deleted ticket (restore, show to admins). */
  allowDeleted?: boolean;
  /** Allow a ticket merged into another (show). Other actions must go to the primary. */
  allowMerged?: boolean;
}

/**
 * Loads a ticket the party may act on. A ticket restricted to a team the agent is not in is
 * reported as not found, so its existence does not leak.
 */
export async function loadTicketFor(q: Queryable, party: ActingParty, ticketId: number, opts: LoadTicketOptions = {}): Promise<TicketRow> {
  const ticket = await q.selectFrom("Ticket").selectAll().where("id", "=", ticketId).executeTakeFirst();
  if (!ticket || !partyCanSee(party, ticket.teamId)) throw notFound(msg("errors.ticketNotFound", { id: ticketId }));
  if (ticket.deletedAt && !opts.allowDeleted) throw notFound(msg("errors.ticketDeleted", { id: ticketId }));
  if (ticket.mergedIntoId !== null && !opts.allowMerged) {
    throw invalid(msg("errors.ticketMerged", { id: ticketId, into: ticket.mergedIntoId }));
  }
  return ticket;
}

export type TicketRow = Selectable<DB["Ticket"]>;

/** An owner must be an active agent who can see the ticket's team. */
export async function assertAssignable(tx: Queryable, agentId: string, teamId: string | null): Promise<AgentContext> {
  const agent = await loadAgent(tx, agentId);
  if (!agent) throw invalid(msg("errors.agentUnknown", { agent: agentId }), { owner: msg("fields.unknownAgent") });
  if (!canSeeTeam(agent, teamId))
    throw invalid(msg("errors.agentNotInTicketTeam", { agent: agent.name }), { owner: msg("fields.notInTicketTeam") });
  return agent;
}

/**
 * Takes the ticket's row lock (a no-op write) before the ticket is read, so that on PostgreSQL
 * concurrent actions on one ticket queue up and each sees what the one before it committed.
 * (SQLite runs one write transaction at a time anyway.)
 */
export async function lockTicket(tx: Tx, ticketId: number, at: Date): Promise<void> {
  await tx.updateTable("Ticket").set({ updatedAt: at }).where("id", "=", ticketId).execute();
}

/** What an agent action on one ticket works with. */
export interface TicketAction {
  tx: Tx;
  at: Date;
  agent: AgentContext;
  party: ActingParty;
  ticket: TicketRow;
}

/**
 * The frame of an agent action on one ticket: one transaction, the acting agent checked, the
 * ticket's row lock taken before it is read (see lockTicket), and the ticket as the agent may see it.
 */
export function actOnLockedTicket<T>(deps: CoreDeps, actor: Actor, ticketId: number, fn: (a: TicketAction) => Promise<T>): Promise<T> {
  const at = deps.now();
  return withTx(deps, async (tx) => {
    const agent = await requireAgent(tx, actor);
    const party: ActingParty = { type: "agent", agent };
    await lockTicket(tx, ticketId, at);
    const ticket = await loadTicketFor(tx, party, ticketId);
    return fn({ tx, at, agent, party, ticket });
  });
}
