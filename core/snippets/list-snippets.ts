import { requireAgent } from "../access.js";
import type { Catalog } from "../config.js";
import type { Tx } from "../db.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { Formats } from "../i18n/format.js";
import { isLocale } from "../i18n/locale.js";
import { deskFormats } from "../i18n/reader.js";
import type { SnippetView } from "./save-snippet.js";

export interface ListSnippetsInput {
  /** At most this many; default and ceiling 100 (what one Slack select can offer). */
  limit?: number | undefined;
  /** Who reads the list: configured snippets' names (and texts) in their language; the help desk's without. */
  f?: Formats | undefined;
}

/** Configured snippets (core/snippets/snippet-config.ts) are offered under this prefix, apart from the stored ones' ids. */
const configured = "config:";

/** The configured snippets as the reader sees them, in the configuration's order. */
function configuredSnippets(catalog: Catalog, f: Formats): SnippetView[] {
  return catalog.config.snippets.map((s) => ({
    id: `${configured}${s.id}`,
    name: f.name(s.names),
    text: f.name(s.texts),
    createdAt: null,
  }));
}

/** The snippets for any agent: the configured ones first, then those added in chat by name. */
export async function listSnippets(deps: CoreDeps, input: ListSnippetsInput, actor: Actor): Promise<SnippetView[]> {
  const take = Math.max(1, Math.min(input.limit ?? 100, 100));
  const fromConfig = configuredSnippets(deps.catalog, input.f ?? deskFormats(deps.catalog));
  return withTx(deps, async (tx) => {
    await requireAgent(tx, actor);
    const stored = await tx.selectFrom("Snippet").select(["id", "name", "text", "createdAt"]).orderBy("name").limit(take).execute();
    return [...fromConfig, ...stored].slice(0, take);
  });
}

/**
 * One snippet by id, for any agent; null when it is gone. A configured snippet given per language
 * comes in the language of the customer of `ticketId` (their contact's), else the help desk's.
 */
export async function getSnippet(deps: CoreDeps, id: string, actor: Actor, opts: { ticketId?: number } = {}): Promise<SnippetView | null> {
  return withTx(deps, async (tx) => {
    await requireAgent(tx, actor);
    if (id.startsWith(configured)) {
      const f = await customerFormats(tx, deps.catalog, opts.ticketId);
      return configuredSnippets(deps.catalog, f).find((s) => s.id === id) ?? null;
    }
    return (await tx.selectFrom("Snippet").select(["id", "name", "text", "createdAt"]).where("id", "=", id).executeTakeFirst()) ?? null;
  });
}

async function customerFormats(tx: Tx, catalog: Catalog, ticketId: number | undefined): Promise<Formats> {
  const contact =
    ticketId === undefined
      ? undefined
      : await tx
          .selectFrom("Ticket as t")
          .innerJoin("Contact as c", "c.id", "t.contactId")
          .select("c.locale")
          .where("t.id", "=", ticketId)
          .executeTakeFirst();
  const locale = contact?.locale;
  return isLocale(locale) ? new Formats(locale, catalog.timeZone) : deskFormats(catalog);
}
