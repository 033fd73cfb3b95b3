// Chat identities: which agent and which contact a platform user id belongs to, one row per
// account, surface and kind (the ChatIdentity table): an agent's own message made into a ticket
// makes the same account a contact's too, and neither takes it from the other. Everything in the core that goes from a chat user to a person
// or back reads and writes them here. A surface is a name, not a column: a new surface needs rows.
import type { Queryable } from "../db.js";
import type { ChatSurface } from "../outbox/delivery.js";

/** An active or inactive agent behind a chat account. */
export interface IdentifiedAgent {
  externalId: string;
  agentId: string;
  name: string;
  active: boolean;
}

/** The agent holding a chat account, or null. One indexed read (the primary key). */
export async function agentIdFor(q: Queryable, surface: ChatSurface, externalId: string): Promise<string | null> {
  const row = await q
    .selectFrom("ChatIdentity")
    .select("agentId")
    .where("surface", "=", surface)
    .where("externalId", "=", externalId)
    .where("kind", "=", "agent")
    .executeTakeFirst();
  return row?.agentId ?? null;
}

/** The agents holding any of these chat accounts, with their names and whether they are active. */
export async function agentsFor(q: Queryable, surface: ChatSurface, externalIds: readonly string[]): Promise<IdentifiedAgent[]> {
  const wanted = [...new Set(externalIds)];
  if (!wanted.length) return [];
  const rows = await q
    .selectFrom("ChatIdentity as i")
    .innerJoin("Agent as a", "a.id", "i.agentId")
    .select(["i.externalId", "a.id", "a.name", "a.active"])
    .where("i.surface", "=", surface)
    .where("i.externalId", "in", wanted)
    .execute();
  return rows.map((r) => ({ externalId: r.externalId, agentId: r.id, name: r.name, active: r.active }));
}

/** The contact holding a chat account, or null. One indexed read (the primary key). */
export async function contactIdFor(q: Queryable, surface: ChatSurface, externalId: string): Promise<string | null> {
  const row = await q
    .selectFrom("ChatIdentity")
    .select("contactId")
    .where("surface", "=", surface)
    .where("externalId", "=", externalId)
    .where("kind", "=", "contact")
    .executeTakeFirst();
  return row?.contactId ?? null;
}

/** An agent's account on a surface, or null. */
export async function chatUserOf(q: Queryable, agentId: string, surface: ChatSurface): Promise<string | null> {
  const row = await q
    .selectFrom("ChatIdentity")
    .select("externalId")
    .where("surface", "=", surface)
    .where("agentId", "=", agentId)
    .executeTakeFirst();
  return row?.externalId ?? null;
}

/** The accounts on a surface of those of `agentIds` who are active and have one, in agent id order. */
export async function activeChatUsersOf(q: Queryable, agentIds: readonly string[], surface: ChatSurface): Promise<string[]> {
  if (!agentIds.length) return [];
  const rows = await q
    .selectFrom("ChatIdentity as i")
    .innerJoin("Agent as a", "a.id", "i.agentId")
    .select("i.externalId")
    .where("i.surface", "=", surface)
    .where("i.agentId", "in", [...new Set(agentIds)])
    .where("a.active", "=", true)
    .orderBy("a.id", "asc")
    .execute();
  return rows.map((r) => r.externalId);
}

/** Every agent's account on every surface (for a sync that compares them with configuration). */
export async function agentIdentities(
  q: Queryable,
  agentIds: readonly string[],
): Promise<{ agentId: string; surface: string; externalId: string }[]> {
  if (!agentIds.length) return [];
  const rows = await q
    .selectFrom("ChatIdentity")
    .select(["agentId", "surface", "externalId"])
    .where("agentId", "in", [...new Set(agentIds)])
    .execute();
  return rows.flatMap((r) => (r.agentId ? [{ agentId: r.agentId, surface: r.surface, externalId: r.externalId }] : []));
}

/**
 * Makes a chat account the agent's, and the agent's only account on that surface: another agent
 * that held the account lets it go, and the agent's former account there is freed. A contact
 * holding the same account keeps it. Returns the agent that held the account before, if another.
 */
export async function linkAgent(q: Queryable, surface: ChatSurface, externalId: string, agentId: string, at: Date): Promise<string | null> {
  const held = await agentIdFor(q, surface, externalId);
  if (held === agentId) return null;
  if (held)
    await q
      .deleteFrom("ChatIdentity")
      .where("surface", "=", surface)
      .where("externalId", "=", externalId)
      .where("kind", "=", "agent")
      .execute();
  await q.deleteFrom("ChatIdentity").where("surface", "=", surface).where("agentId", "=", agentId).execute();
  await q.insertInto("ChatIdentity").values({ surface, externalId, kind: "agent", agentId, createdAt: at }).execute();
  return held;
}

/**
 * Makes a chat account the contact's. The account must have no contact yet: a racing transaction
 * that linked one first makes this one fail on the primary key (withTx retries it, and the retry
 * finds the row).
 */
export async function linkContact(q: Queryable, surface: ChatSurface, externalId: string, contactId: string, at: Date): Promise<void> {
  await q.insertInto("ChatIdentity").values({ surface, externalId, kind: "contact", contactId, createdAt: at }).execute();
}

/** Frees the agents' accounts: on `surface` only when given, else on every surface. */
export async function unlinkAgents(q: Queryable, agentIds: readonly string[], surface?: ChatSurface): Promise<void> {
  if (!agentIds.length) return;
  await q
    .deleteFrom("ChatIdentity")
    .where("agentId", "in", [...new Set(agentIds)])
    .$if(surface !== undefined, (qb) => qb.where("surface", "=", surface!))
    .execute();
}

/** Frees the agent's accounts on every surface but `keep`. */
export async function unlinkAgentElsewhere(q: Queryable, agentId: string, keep: readonly ChatSurface[]): Promise<void> {
  await q
    .deleteFrom("ChatIdentity")
    .where("agentId", "=", agentId)
    .$if(keep.length > 0, (qb) => qb.where("surface", "not in", [...keep]))
    .execute();
}
