import { requireAgent } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { forbidden } from "../errors.js";
import { msg } from "../i18n/translate.js";

/**
 * Whether an agent may post a support panel (a message anyone in a channel can open tickets
 * from): admins only, since it invites the public in. Throws forbidden for anyone else.
 */
export async function authorizePanel(deps: Pick<CoreDeps, "db">, actor: Actor): Promise<void> {
  const agent = await requireAgent(deps.db, actor);
  if (agent.role !== "admin") throw forbidden(msg("panel.onlyAdmins"));
}
