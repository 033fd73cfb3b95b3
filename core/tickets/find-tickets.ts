import type { Actor, CoreDeps } from "../deps.js";
import { forbidden, invalid } from "../errors.js";
import { requireAgentSql, ticketSelect, toTicketWithRefs } from "./ticket-rows-sql.js";
import { toTicketView, type TicketView } from "./view.js";

export interface FindTicketsInput {
  /** "#123" or "123" finds that ticket; any text is looked for in subjects and contacts. */
  text: string;
  /** Default 10, at most 50. */
  limit?: number | undefined;
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
  if (!text) throw invalid("Type something to search for.", { text: "Required." });
  if (text.length > 200) throw invalid("That search is too long.", { text: "At most 200 characters." });
  const limit = input.limit ?? defaultLimit;
  if (!Number.isInteger(limit) || limit < 1) throw invalid("The number of results must be at least 1.", { limit: "At least 1." });
  const number = /^#?(\d{1,9})$/.exec(text)?.[1];
  if (actor.type !== "agent") throw forbidden("Only help desk agents can do that.");
  return findTicketsSql(deps, actor.agentId, text.toLowerCase(), number, Math.min(limit, maxLimit));
}

/** `%`, `_` and the escape character itself, matched literally in a LIKE pattern. */
function likePattern(probe: string): string {
  return `%${probe.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The search as one statement through the SQL port (see core/sql.ts): chat autocomplete searches
 * on every keystroke, and an ORM query per relation of every result costs ~1 ms of CPU each.
 * `lower(...) LIKE ? ESCAPE` reads the same on both databases (case folding: ASCII on SQLite,
 * Unicode on PostgreSQL).
 */
async function findTicketsSql(deps: CoreDeps, agentId: string, probe: string, number: string | undefined, take: number): Promise<TicketView[]> {
  return deps.sql.transaction(async (q) => {
    const agent = await requireAgentSql(q, agentId);
    const where = [`t."deletedAt" IS NULL`];
    const args: unknown[] = [];
    if (agent.role !== "admin") {
      where.push(agent.teamIds.length ? `(t."teamId" IS NULL OR t."teamId" IN (${agent.teamIds.map(() => "?").join(", ")}))` : `t."teamId" IS NULL`);
      args.push(...agent.teamIds);
    }
    const pattern = likePattern(probe);
    const match = [`lower(t.subject) LIKE ? ESCAPE '\\'`, `c.email LIKE ? ESCAPE '\\'`, `lower(c.name) LIKE ? ESCAPE '\\'`];
    args.push(pattern, pattern, pattern);
    if (number) {
      match.unshift(`t.id = ?`);
      args.splice(args.length - 3, 0, Number(number));
    }
    where.push(`(${match.join(" OR ")})`);
    const rows = await q.query(`${ticketSelect} WHERE ${where.join(" AND ")} ORDER BY t."createdAt" DESC, t.id DESC LIMIT ?`, [...args, take]);
    return rows.map((r) => toTicketView(toTicketWithRefs(r), deps.catalog));
  });
}
