import { agentsFor } from "../chat/identities.js";
import type { CoreDeps } from "../deps.js";
import type { ChatSurface } from "../outbox/delivery.js";

export type ChatUserSurface = ChatSurface;

/**
 * The Agent row behind a chat account, by its Slack or Discord user id, or null. Every chat
 * action starts with this lookup: one indexed read (the chat identity's primary key).
 */
export async function agentByChatUser(
  deps: Pick<CoreDeps, "db">,
  surface: ChatUserSurface,
  userId: string,
): Promise<{ id: string; active: boolean } | null> {
  const [row] = await agentsFor(deps.db, surface, [userId]);
  return row ? { id: row.agentId, active: row.active } : null;
}

/**
 * The active agents behind chat accounts, as a map from the platform user id to the agent id;
 * accounts with no agent (or a deactivated one) are left out. This is how a platform mention
 * (`<@U…>` in Slack, `<@123…>` in Discord) becomes an agent to notify: straight from the user id,
 * never through a display name another agent might share.
 */
export async function agentsByChatUsers(
  deps: Pick<CoreDeps, "db">,
  surface: ChatUserSurface,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  const agents = await namedAgentsByChatUsers(deps, surface, userIds);
  return new Map([...agents].map(([userId, a]) => [userId, a.id]));
}

/** The same translation, with each agent's name too (for showing a mention as `@Name`). */
export async function namedAgentsByChatUsers(
  deps: Pick<CoreDeps, "db">,
  surface: ChatUserSurface,
  userIds: readonly string[],
): Promise<Map<string, { id: string; name: string }>> {
  const found = new Map<string, { id: string; name: string }>();
  for (const r of await agentsFor(deps.db, surface, userIds)) if (r.active) found.set(r.externalId, { id: r.agentId, name: r.name });
  return found;
}
