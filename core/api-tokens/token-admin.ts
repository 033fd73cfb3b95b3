import { requireAgent } from "../access.js";
import type { Queryable } from "../db.js";
import type { Actor } from "../deps.js";
import { forbidden } from "../errors.js";
import { msg } from "../i18n/translate.js";

/**
 * Who manages tokens: an active admin (from chat), or the operator at the command line (the
 * system actor, which only bot/api-token-cli.ts passes). Answers what `createdBy` records.
 */
export async function tokenAdmin(q: Queryable, actor: Actor): Promise<string> {
  if (actor.type === "system") return "cli";
  const agent = await requireAgent(q, actor);
  if (agent.role !== "admin") throw forbidden(msg("apiTokens.onlyAdmins"));
  return agent.id;
}
