import { sql } from "kysely";
import { requireAgent } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { forbidden, invalid } from "../errors.js";
import { msg } from "../i18n/translate.js";
import {
  checkTicketFilters,
  queueFilter,
  whereTicketFilters,
  type ListTicketsInput,
  type QueueFilter,
  type TicketQuery,
} from "./list-tickets.js";
import { selectTicketsWithRefs, toTicketView, withRefs, type TicketView } from "./view.js";

/** The queues a search can be narrowed to: a queue's tickets that match (its open tickets only). */
export const searchQueues = ["mine", "unassigned", "team", "all_open"] as const;
export type SearchQueue = (typeof searchQueues)[number];

/**
 * What narrows a search, as the queues narrow a listing (list-tickets.ts): without a queue every
 * ticket the agent may see matches, closed and merged ones too.
 */
export type SearchFilters = Pick<ListTicketsInput, "teamId" | "statusIds" | "priorities" | "pipelineIds" | "ownerId"> & {
  queue?: SearchQueue | undefined;
};

export interface FindTicketsInput extends SearchFilters {
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
  if (input.queue !== undefined && !(searchQueues as readonly string[]).includes(input.queue))
    throw invalid(msg("lists.searchQueueUnknown", { queue: String(input.queue) }), { queue: msg("fields.unknownQueue") });
  checkTicketFilters(deps.catalog, input);
  if (actor.type !== "agent") throw forbidden(msg("errors.agentsOnly"));
  return findTicketsSql(deps, actor.agentId, text.toLowerCase(), number, Math.min(limit, maxLimit) + (input.peek ? 1 : 0), input);
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
  input: FindTicketsInput,
): Promise<TicketView[]> {
  const agent = await requireAgent(deps.db, { type: "agent", agentId });
  // The owner and team conditions of the queue (all open's when none is given: only the team
  // visibility rule), with its refusals (an owner with mine, a team the agent is not in).
  const queue = await queueFilter(deps.db, agent, { queue: input.queue ?? "all_open", teamId: input.teamId, ownerId: input.ownerId });
  const pattern = likePattern(probe);
  let query = selectTicketsWithRefs(deps.db).where("t.deletedAt", "is", null);
  const after = input.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([eb("t.createdAt", "<", after.createdAt), eb.and([eb("t.createdAt", "=", after.createdAt), eb("t.id", "<", after.id)])]),
    );
  }
  if (input.queue !== undefined)
    query = query.where("t.open", "=", true).where("t.quarantined", "=", false).where("t.mergedIntoId", "is", null);
  query = whereTeams(whereTicketFilters(query, queue.owner, input), queue.teams);
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

/** The queue's teams as one condition (a listing reads each team apart; a search at once). */
function whereTeams(query: TicketQuery, teams: QueueFilter["teams"]): TicketQuery {
  if (teams === undefined) return query;
  const named = teams.filter((t): t is string => t !== null);
  const unrestricted = teams.includes(null);
  if (!named.length) return unrestricted ? query.where("t.teamId", "is", null) : query.where(sql<boolean>`1 = 0`);
  return query.where((eb) =>
    unrestricted ? eb.or([eb("t.teamId", "is", null), eb("t.teamId", "in", named)]) : eb("t.teamId", "in", named),
  );
}
