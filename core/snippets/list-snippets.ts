import { requireAgent } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import type { SnippetView } from "./save-snippet.js";

export interface ListSnippetsInput {
  /** At most this many, by name; default and ceiling 100 (what one Slack select can offer). */
  limit?: number | undefined;
}

/** The snippets, by name, for any agent. */
export async function listSnippets(deps: CoreDeps, input: ListSnippetsInput, actor: Actor): Promise<SnippetView[]> {
  const take = Math.max(1, Math.min(input.limit ?? 100, 100));
  return withTx(deps, async (tx) => {
    await requireAgent(tx, actor);
    return tx.selectFrom("Snippet").select(["id", "name", "text", "createdAt"]).orderBy("name").limit(take).execute();
  });
}

/** One snippet by id, for any agent; null when it is gone. */
export async function getSnippet(deps: CoreDeps, id: string, actor: Actor): Promise<SnippetView | null> {
  return withTx(deps, async (tx) => {
    await requireAgent(tx, actor);
    return (await tx.selectFrom("Snippet").select(["id", "name", "text", "createdAt"]).where("id", "=", id).executeTakeFirst()) ?? null;
  });
}
