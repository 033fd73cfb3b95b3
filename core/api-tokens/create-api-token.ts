import { loadAgent } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { conflict, invalid } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { newId } from "../ids.js";
import { isTokenScope, readTokenViews, type ApiTokenView } from "./api-token-view.js";
import { tokenAdmin } from "./token-admin.js";
import { newTokenSecret, shownPrefixLength, tokenHash } from "./token-secret.js";

export interface CreateApiTokenInput {
  /** Unique; how admins refer to it ("billing"). */
  name: string;
  /** The agent the token acts as: their role and teams decide what it sees and may do. */
  agentId: string;
  /** Default "write". */
  scope?: string | undefined;
}

export interface CreatedApiToken {
  token: ApiTokenView;
  /** The secret, returned this once: only its hash is stored. */
  secret: string;
}

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** An admin (or the operator, as the system actor) makes a token acting as an agent. */
export async function createApiToken(deps: CoreDeps, input: CreateApiTokenInput, actor: Actor): Promise<CreatedApiToken> {
  const name = input.name.trim();
  if (!namePattern.test(name)) throw invalid(msg("apiTokens.nameInvalid"), { name: msg("apiTokens.nameInvalid") });
  const scope = input.scope ?? "write";
  if (!isTokenScope(scope)) throw invalid(msg("apiTokens.scopeInvalid", { scope }), { scope: msg("apiTokens.scopeInvalid", { scope }) });
  const secret = newTokenSecret();
  return withTx(deps, async (tx) => {
    const createdBy = await tokenAdmin(tx, actor);
    if (!(await loadAgent(tx, input.agentId))) throw invalid(msg("apiTokens.agentInactive", { agent: input.agentId }));
    const inserted = await tx
      .insertInto("ApiToken")
      .values({
        id: newId(),
        name,
        hash: tokenHash(secret),
        prefix: secret.slice(0, shownPrefixLength),
        agentId: input.agentId,
        scope,
        createdBy,
        createdAt: deps.now(),
      })
      // A taken name is an answer, not a failed statement (which would end the transaction on PostgreSQL).
      .onConflict((oc) => oc.column("name").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) throw conflict(msg("apiTokens.nameTaken", { name }));
    const [token] = await readTokenViews(tx, name);
    if (!token) throw new Error("api token vanished inside its own transaction");
    return { token, secret };
  });
}
