// Chat identities: which agent or contact a platform user id belongs to, one row per account and
// surface (the ChatIdentity table). Everything in the core that goes from a chat user to a person
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

/** Who holds a chat account: an agent or a contact (exactly one id is set), or null when no one does. */
export async function holderOf(
  q: Queryable,
  surface: ChatSurface,
  externalId: string,
): Promise<{ agentId: string | null; contactId: string | null } | null> {
  const row = await q
    .selectFrom("ChatIdentity")
    .select(["agentId", "contactId"])
    .where("surface", "=", surface)
    .where("externalId", "=", externalId)
    .executeTakeFirst();
  return row ?? null;
}

/** The agent holding a chat account, or null. One indexed read (the primary key). */
export async function agentIdFor(q: Queryable, surface: ChatSurface, externalId: string): Promise<string | null> {
  return (await holderOf(q, surface, externalId))?.agentId ?? null;
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

/** The contact holding a chat account, or null. */
export async function contactIdFor(q: Queryable, surface: ChatSurface, externalId: string): Promise<string | null> {
  return (await holderOf(q, surface, externalId))?.contactId ?? null;
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
 * Makes a chat account the agent's, and the agent's only account on that surface: whoever held the
 * account (another agent, or a contact) lets it go, and the agent's former account there is freed.
 * Returns the agent that held the account before, when it was another agent.
 */
export async function linkAgent(q: Queryable, surface: ChatSurface, externalId: string, agentId: string, at: Date): Promise<string | null> {
  const held = await holderOf(q, surface, externalId);
  if (held?.agentId === agentId) return null;
  if (held) await q.deleteFrom("ChatIdentity").where("surface", "=", surface).where("externalId", "=", externalId).execute();
  await q.deleteFrom("ChatIdentity").where("surface", "=", surface).where("agentId", "=", agentId).execute();
  await q.insertInto("ChatIdentity").values({ surface, externalId, agentId, createdAt: at }).execute();
  return held?.agentId ?? null;
}

/**
 * Makes a chat account the contact's. The account must be free: a racing transaction that took it
 * first makes this one fail on the primary key (withTx retries it, and the retry finds the row).
 */
export async function linkContact(q: Queryable, surface: ChatSurface, externalId: string, contactId: string, at: Date): Promise<void> {
  await q.insertInto("ChatIdentity").values({ surface, externalId, contactId, createdAt: at }).execute();
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
