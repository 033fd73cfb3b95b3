import type { CoreDeps } from "../deps.js";

export type ChatUserSurface = "slack" | "discord";

const chatColumns = { slack: "slackUserId", discord: "discordUserId" } as const;

/**
 * The Agent row behind a chat account, by its Slack or Discord user id, or null. Every chat
 * action starts with this lookup: one indexed read (the chat id columns are unique).
 */
export async function agentByChatUser(
  deps: Pick<CoreDeps, "db">,
  surface: ChatUserSurface,
  userId: string,
): Promise<{ id: string; active: boolean } | null> {
  const row = await deps.db.selectFrom("Agent").select(["id", "active"]).where(chatColumns[surface], "=", userId).executeTakeFirst();
  return row ? { id: row.id, active: row.active } : null;
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
  const wanted = [...new Set(userIds)];
  const found = new Map<string, { id: string; name: string }>();
  if (!wanted.length) return found;
  const column = chatColumns[surface];
  const rows = await deps.db
    .selectFrom("Agent")
    .select(["id", "name", column])
    .where(column, "in", wanted)
    .where("active", "=", true)
    .execute();
  for (const r of rows) {
    const userId = r[column];
    if (userId !== null) found.set(userId, { id: r.id, name: r.name });
  }
  return found;
}
