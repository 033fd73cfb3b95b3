import { loadAgent } from "../access.js";
import type { CoreDeps } from "../deps.js";
import type { TokenScope } from "./api-token-view.js";
import { tokenHash } from "./token-secret.js";

/** The token a request was authenticated with. */
export interface ApiCaller {
  tokenId: string;
  tokenName: string;
  agentId: string;
  scope: TokenScope;
}

/** Why a secret was refused: no such token, revoked, or its agent is gone or deactivated. */
export type ApiAuthRefusal = "unknown" | "revoked" | "agent_inactive";

export type ApiAuthResult = { ok: true; caller: ApiCaller } | { ok: false; reason: ApiAuthRefusal };

/** `lastUsedAt` is written at most this often per token: a busy token costs no write per request. */
export const lastUsedEveryMs = 60_000;

/**
 * Finds the token a secret belongs to, by its hash (a unique index: no scan, and nothing about
 * the secret is compared byte by byte). The answer is data: a refusal is an expected outcome.
 */
export async function authenticateApiToken(deps: Pick<CoreDeps, "db" | "now">, secret: string): Promise<ApiAuthResult> {
  const row = await deps.db
    .selectFrom("ApiToken")
    .select(["id", "name", "agentId", "scope", "revokedAt", "lastUsedAt"])
    .where("hash", "=", tokenHash(secret))
    .executeTakeFirst();
  if (!row) return { ok: false, reason: "unknown" };
  if (row.revokedAt) return { ok: false, reason: "revoked" };
  if (!(await loadAgent(deps.db, row.agentId))) return { ok: false, reason: "agent_inactive" };
  const now = deps.now();
  const staleBefore = new Date(now.getTime() - lastUsedEveryMs);
  if (!row.lastUsedAt || row.lastUsedAt <= staleBefore) {
    // Conditional, so that of several replicas serving the same token at once only one writes.
    await deps.db
      .updateTable("ApiToken")
      .set({ lastUsedAt: now })
      .where("id", "=", row.id)
      .where((eb) => eb.or([eb("lastUsedAt", "is", null), eb("lastUsedAt", "<=", staleBefore)]))
      .execute();
  }
  return {
    ok: true,
    caller: { tokenId: row.id, tokenName: row.name, agentId: row.agentId, scope: row.scope === "write" ? "write" : "read" },
  };
}
