import { sql } from "kysely";
import { requireAgent } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { forbidden, invalid } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { selectTicketsWithRefs, toTicketView, withRefs, type TicketView } from "./view.js";

export interface FindTicketsInput {
  /** "#123" or "123" finds that ticket; any text is looked for in subjects and contacts. */
  text: string;
  /** Default 10, at most 50. */
  limit?: number | undefined;
  /** Only tickets after this one in the order (a page's last): keyset pagination, see find-tickets-page.ts. */
  after?: { createdAt: Date; id: number } | undefined;
  /** One more row than the limit, past its cap too: a page learns from it whether another follows. */
  peek?: boolean | undefined;
}

const defaultLimit = 10;
const maxLimit = 50;

/**
 * Finds tickets the agent may see by number, subject, or a contact's email or name,
 * case-insensitively, most recent first. Deleted tickets are left out; merged ones are kept, so
 * an old number still leads somewhere.
 *
 * Matching is a substring scan, not an index look-up; fine for a help desk's search box, and the
 * place to add full-text search if it ever is not. On SQLite, case folding covers ASCII only.
 * Text with % or _ is matched literally.
 */
export async function findTickets(deps: CoreDeps, input: FindTicketsInput, actor: Actor): Promise<TicketView[]> {
  const text = input.text.trim();
  if (!text) throw invalid(msg("errors.searchEmpty"), { text: msg("fields.required") });
  if (text.length > 200) throw invalid(msg("errors.searchTooLong"), { text: msg("fields.atMostCharacters", { max: 200 }) });
  const limit = input.limit ?? defaultLimit;
  if (!Number.isInteger(limit) || limit < 1) throw invalid(msg("errors.resultLimitTooSmall"), { limit: msg("fields.atLeastOne") });
  const number = /^#?(\d{1,9})$/.exec(text)?.[1];
  if (actor.type !== "agent") throw forbidden(msg("errors.agentsOnly"));
  return findTicketsSql(deps, actor.agentId, text.toLowerCase(), number, Math.min(limit, maxLimit) + (input.peek ? 1 : 0), input.after);
}

/** `%`, `_` and the escape character itself, matched literally in a LIKE pattern. */
function likePattern(probe: string): string {
  return `%${probe.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The search as one statement with the names joined in: chat autocomplete searches on every
 * keystroke, and a query per relation of every result costs ~1 ms of CPU each.
 * `lower(...) LIKE ? ESCAPE '\'` reads the same on both databases (case folding: ASCII on SQLite,
 * Unicode on PostgreSQL); Kysely has no ESCAPE clause, hence the sql fragments. No transaction:
 * the agent check and the search need no common snapshot, and BEGIN/COMMIT would be two more
 * round trips on every keystroke.
 */
async function findTicketsSql(
  deps: CoreDeps,
  agentId: string,
  probe: string,
  number: string | undefined,
  take: number,
  after?: FindTicketsInput["after"],
): Promise<TicketView[]> {
  const agent = await requireAgent(deps.db, { type: "agent", agentId });
  const pattern = likePattern(probe);
  let query = selectTicketsWithRefs(deps.db).where("t.deletedAt", "is", null);
  if (after) {
    query = query.where((eb) =>
      eb.or([eb("t.createdAt", "<", after.createdAt), eb.and([eb("t.createdAt", "=", after.createdAt), eb("t.id", "<", after.id)])]),
    );
  }
  if (agent.role !== "admin") {
    const teamIds = agent.teamIds;
    query = query.where((eb) =>
      teamIds.length ? eb.or([eb("t.teamId", "is", null), eb("t.teamId", "in", teamIds)]) : eb("t.teamId", "is", null),
    );
  }
  const rows = await query
    .where((eb) =>
      eb.or([
        ...(number ? [eb("t.id", "=", Number(number))] : []),
        sql<boolean>`lower(${eb.ref("t.subject")}) LIKE ${pattern} ESCAPE '\\'`,
        sql<boolean>`${eb.ref("c.email")} LIKE ${pattern} ESCAPE '\\'`,
        sql<boolean>`lower(${eb.ref("c.name")}) LIKE ${pattern} ESCAPE '\\'`,
      ]),
    )
    .orderBy("t.createdAt", "desc")
    .orderBy("t.id", "desc")
    .limit(take)
    .execute();
  return rows.map((r) => toTicketView(withRefs(r), deps.catalog));
}
