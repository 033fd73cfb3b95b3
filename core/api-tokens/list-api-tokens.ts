import type { Actor, CoreDeps } from "../deps.js";
import { readTokenViews, type ApiTokenView } from "./api-token-view.js";
import { tokenAdmin } from "./token-admin.js";

/** Every token, revoked ones included (they stay, so their names stay taken), oldest first. */
export async function listApiTokens(deps: Pick<CoreDeps, "db">, actor: Actor): Promise<ApiTokenView[]> {
  await tokenAdmin(deps.db, actor);
  return readTokenViews(deps.db);
}
