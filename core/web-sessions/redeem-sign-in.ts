import { loadAgent } from "../access.js";
import type { CoreDeps } from "../deps.js";
import { isWebSecret, newWebSecret, webSecretKey, webSessionTtlMs } from "./web-keys.js";

/** A dashboard session: its id (the cookie's value), whose it is and when it ends. */
export interface WebSession {
  sessionId: string;
  agentId: string;
  expiresAt: Date;
}

/**
 * Trades a sign-in link's token for a new session, once: the link is deleted as it is read, so of
 * two redeems racing on any number of replicas exactly one gets a session (the row's delete
 * decides). Null for a token that is unknown, used, expired, or whose agent is no longer active.
 */
export async function redeemSignIn(deps: Pick<CoreDeps, "db" | "now">, token: string): Promise<WebSession | null> {
  if (!isWebSecret(token)) return null;
  const now = deps.now();
  return deps.db.transaction().execute(async (tx) => {
    const link = await tx
      .deleteFrom("ExpiringKey")
      .where("namespace", "=", "sign-in-link")
      .where("key", "=", webSecretKey(token))
      .where("expiresAt", ">", now)
      .returning("value")
      .executeTakeFirst();
    if (!link) return null;
    const agent = await loadAgent(tx, link.value);
    if (!agent) return null;
    const sessionId = newWebSecret();
    const expiresAt = new Date(now.getTime() + webSessionTtlMs);
    await tx
      .insertInto("ExpiringKey")
      .values({ namespace: "web-session", key: webSecretKey(sessionId), value: agent.id, expiresAt })
      .execute();
    return { sessionId, agentId: agent.id, expiresAt };
  });
}
