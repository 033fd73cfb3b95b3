import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { conflict, notFound } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { readTokenViews, type ApiTokenView } from "./api-token-view.js";
import { tokenAdmin } from "./token-admin.js";

/** An admin revokes a token by name: from then on every request with it is refused (401). */
export async function revokeApiToken(deps: CoreDeps, input: { name: string }, actor: Actor): Promise<ApiTokenView> {
  return withTx(deps, async (tx) => {
    await tokenAdmin(tx, actor);
    const [before] = await readTokenViews(tx, input.name);
    if (!before) throw notFound(msg("apiTokens.notFound", { name: input.name }));
    const res = await tx
      .updateTable("ApiToken")
      .set({ revokedAt: deps.now() })
      .where("id", "=", before.id)
      .where("revokedAt", "is", null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw conflict(msg("apiTokens.alreadyRevoked", { name: input.name }));
    return { ...before, revokedAt: deps.now() };
  });
}
