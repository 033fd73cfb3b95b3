import { requireAgent } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { newId } from "../ids.js";
import { conflict, forbidden, invalid } from "../errors.js";
import { msg, type Msg } from "../i18n/translate.js";
import { snippetTextMax } from "./snippet-config.js";

/** A canned answer agents insert into replies. */
export interface SnippetView {
  id: string;
  name: string;
  text: string;
  /** When it was added in chat; null for one from the configuration. */
  createdAt: Date | null;
}

export interface SaveSnippetInput {
  /** One word or short phrase agents pick it by: letters, digits, `-`, `_` and `.`, at most 50. */
  name: string;
  text: string;
}

export const snippetNamePattern = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,49}$/u;
export { snippetTextMax };

/**
 * Adds a snippet (admins only). Names are unique, compared case-insensitively; a taken name is
 * a conflict, never an overwrite.
 */
export async function saveSnippet(deps: CoreDeps, input: SaveSnippetInput, actor: Actor): Promise<SnippetView> {
  const name = input.name.trim();
  const text = input.text.trim();
  const badName = !snippetNamePattern.test(name);
  const textProblem = !text ? "required" : text.length > snippetTextMax ? "tooLong" : null;
  if (badName || textProblem) {
    const fields: Record<string, Msg> = {};
    if (badName) fields.name = msg("fields.snippetName");
    if (textProblem === "required") fields.text = msg("fields.required");
    else if (textProblem === "tooLong") fields.text = msg("fields.atMostCharacters", { max: snippetTextMax });
    throw invalid(msg("errors.snippetInvalid", { badName, text: textProblem, max: snippetTextMax }), fields);
  }
  const at = deps.now();
  return withTx(deps, async (tx) => {
    const agent = await requireAgent(tx, actor);
    if (agent.role !== "admin") throw forbidden(msg("errors.adminsOnlySnippets"));
    // SQLite compares case-sensitively and PostgreSQL does too: look the name up lower-cased
    // among the few snippets there are, rather than rely on a collation.
    const taken = await tx.selectFrom("Snippet").select("name").execute();
    if (taken.some((s) => s.name.toLowerCase() === name.toLowerCase())) throw conflict(msg("errors.snippetNameTaken", { name }));
    // Two admins adding the same name at once: the unique index decides, and the loser's insert
    // does nothing (a failed statement would abort the transaction on PostgreSQL).
    const row = await tx
      .insertInto("Snippet")
      .values({ id: newId(), name, text, createdAt: at })
      .onConflict((oc) => oc.column("name").doNothing())
      .returning(["id", "name", "text", "createdAt"])
      .executeTakeFirst();
    if (!row) throw conflict(msg("errors.snippetNameTaken", { name }));
    return row;
  });
}
