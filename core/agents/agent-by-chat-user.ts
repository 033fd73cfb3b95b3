import type { CoreDeps } from "../deps.js";
import { asBool } from "../sql.js";

/**
 * The Agent row behind a chat account, by its Slack or Discord user id, or null. Every chat
 * action starts with this lookup, so it takes one prepared statement rather than a compiled
 * Prisma query.
 */
export async function agentByChatUser(deps: CoreDeps, surface: "slack" | "discord", userId: string): Promise<{ id: string; active: boolean } | null> {
  const column = surface === "slack" ? `"slackUserId"` : `"discordUserId"`;
  const [row] = await deps.sql.transaction((q) => q.query<{ id: string; active: unknown }>(`SELECT id, active FROM "Agent" WHERE ${column} = ?`, [userId]));
  return row ? { id: row.id, active: asBool(row.active) } : null;
}
