import type { Queryable } from "../db.js";

export const tokenScopes = ["write", "read"] as const;
/** `write`: every route the agent may use; `read`: GET requests only. */
export type TokenScope = (typeof tokenScopes)[number];

/** An API token as admins see it: never the secret, nor its hash. */
export interface ApiTokenView {
  id: string;
  name: string;
  /** The secret's first characters. */
  prefix: string;
  agent: { id: string; name: string };
  scope: TokenScope;
  /** The creating admin's agent id, or "cli". */
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export const isTokenScope = (s: string): s is TokenScope => (tokenScopes as readonly string[]).includes(s);

/** Tokens with their agents' names, by name, or all of them (oldest first). */
export async function readTokenViews(q: Queryable, name?: string): Promise<ApiTokenView[]> {
  let query = q
    .selectFrom("ApiToken as t")
    .innerJoin("Agent as a", "a.id", "t.agentId")
    .select([
      "t.id",
      "t.name",
      "t.prefix",
      "t.agentId",
      "a.name as agentName",
      "t.scope",
      "t.createdBy",
      "t.createdAt",
      "t.revokedAt",
      "t.lastUsedAt",
    ]);
  if (name !== undefined) query = query.where("t.name", "=", name);
  const rows = await query.orderBy("t.createdAt").orderBy("t.id").execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    agent: { id: r.agentId, name: r.agentName },
    scope: r.scope === "write" ? "write" : "read",
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    revokedAt: r.revokedAt,
    lastUsedAt: r.lastUsedAt,
  }));
}
