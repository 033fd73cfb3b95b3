import { loadAgent } from "../access.js";
import type { CoreDeps } from "../deps.js";
import { isWebSecret, webSecretKey } from "./web-keys.js";

/**
 * The agent a dashboard session signs in, while the session lasts and the agent is active; null
 * otherwise (unknown, ended or expired session, deactivated agent). Checked on every request, so
 * deactivating an agent closes their open sessions at once.
 */
export async function sessionAgent(deps: Pick<CoreDeps, "db" | "now">, sessionId: string): Promise<string | null> {
  if (!isWebSecret(sessionId)) return null;
  const row = await deps.db
    .selectFrom("ExpiringKey")
    .select("value")
    .where("namespace", "=", "web-session")
    .where("key", "=", webSecretKey(sessionId))
    .where("expiresAt", ">", deps.now())
    .executeTakeFirst();
  if (!row) return null;
  const agent = await loadAgent(deps.db, row.value);
  return agent?.id ?? null;
}
