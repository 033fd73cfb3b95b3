// `/ticket token create|revoke|list` from chat, for admins: the same use cases the command line
// calls, answered in catalogue messages the surface renders in the admin's language, privately.
import type { Actor, CoreDeps } from "../deps.js";
import { invalid } from "../errors.js";
import { msg, type Msg } from "../i18n/translate.js";
import { createApiToken } from "./create-api-token.js";
import { listApiTokens } from "./list-api-tokens.js";
import { revokeApiToken } from "./revoke-api-token.js";

export interface ApiTokenActionInput {
  /** "create", "revoke" or "list". */
  command: string;
  /** The token's name (create, revoke). */
  name?: string | undefined;
  /** The agent a new token acts as; the admin asking if left out. */
  agentId?: string | undefined;
  /** "write" (default) or "read". */
  scope?: string | undefined;
}

/** What to tell the admin: lines, and after a create the secret, to be shown as code (copied whole). */
export interface ApiTokenAnswer {
  lines: Msg[];
  secret?: string | undefined;
}

/**
 * Runs the command and answers. The answer to `create` holds the secret: a surface shows it only
 * to the admin who asked (an ephemeral or private reply), never in a channel.
 */
export async function apiTokenAction(deps: CoreDeps, input: ApiTokenActionInput, actor: Actor): Promise<ApiTokenAnswer> {
  const command = input.command.trim().toLowerCase();
  if (command === "list") {
    const tokens = await listApiTokens(deps, actor);
    if (!tokens.length) return { lines: [msg("apiTokens.listEmpty")] };
    const lines = tokens.map((t) =>
      msg("apiTokens.listLine", {
        name: t.name,
        prefix: t.prefix,
        agent: t.agent.name,
        scope: t.scope,
        revoked: t.revokedAt !== null,
      }),
    );
    return { lines };
  }
  if (command !== "create" && command !== "revoke") throw invalid(msg("apiTokens.commandUnknown", { command: command.slice(0, 40) }));
  const name = input.name?.trim();
  if (!name) throw invalid(msg("apiTokens.nameNeeded"), { name: msg("fields.required") });
  if (command === "revoke") return { lines: [msg("apiTokens.revoked", { name: (await revokeApiToken(deps, { name }, actor)).name })] };
  const agentId = input.agentId ?? (actor.type === "agent" ? actor.agentId : "");
  const { token, secret } = await createApiToken(deps, { name, agentId, scope: input.scope }, actor);
  return { lines: [msg("apiTokens.created", { name: token.name, agent: token.agent.name, scope: token.scope })], secret };
}
