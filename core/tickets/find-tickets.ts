import { requireAgent } from "../access.js";
import type { Prisma, Tx } from "../db.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { invalid } from "../errors.js";
import { ticketViewInclude, toTicketView, type TicketView, type TicketWithRefs } from "./view.js";

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
 * Text with % or _ is matched literally, among the newest 2,000 rough matches only.
 */
export async function findTickets(deps: CoreDeps, input: FindTicketsInput, actor: Actor): Promise<TicketView[]> {
  const text = input.text.trim();
  if (!text) throw invalid("Type something to search for.", { text: "Required." });
  if (text.length > 200) throw invalid("That search is too long.", { text: "At most 200 characters." });
  const limit = input.limit ?? defaultLimit;
  if (!Number.isInteger(limit) || limit < 1) throw invalid("The number of results must be at least 1.", { limit: "At least 1." });
  const number = /^#?(\d{1,9})$/.exec(text)?.[1];
  return withTx(deps, async (tx) => {
    const agent = await requireAgent(tx, actor);
    const like = containsIgnoringCase(deps.sql.dialect);
    const probe = text.toLowerCase();
    const where: Prisma.TicketWhereInput = {
      deletedAt: null,
      ...(agent.role === "admin" ? {} : { AND: [{ OR: [{ teamId: null }, { teamId: { in: agent.teamIds } }] }] }),
      OR: [
        ...(number ? [{ id: Number(number) }] : []),
        { subject: like(probe) },
        // Emails are stored lower-cased, so the lower-cased probe matches them on either database.
        { contact: { OR: [{ email: { contains: probe } }, { name: like(probe) }] } },
      ],
    };
    const take = Math.min(limit, maxLimit);
    const rows = /[%_]/.test(probe)
      ? await scanLiterally(tx, where, take, (t) => matchesText(t, probe))
      : await tx.ticket.findMany({ where, include: ticketViewInclude, orderBy: newestFirst, take });
    return rows.map((t) => toTicketView(t, deps.catalog));
  });
}

const newestFirst = [{ createdAt: "desc" as const }, { id: "desc" as const }];
const scanBatch = 200;
const scanMax = 2000;

function matchesText(t: TicketWithRefs, probe: string): boolean {
  return [t.subject, t.contact?.email, t.contact?.name].some((s) => s?.toLowerCase().includes(probe));
}

/**
 * `contains` cannot escape LIKE's wildcards (SQLite has no default escape character), so a probe
 * with % or _ matches too much. The database's matches are then a superset: they are checked
 * again here, newest first, a batch at a time, looking at no more than `scanMax` candidates.
 */
async function scanLiterally(tx: Tx, where: Prisma.TicketWhereInput, take: number, keep: (t: TicketWithRefs) => boolean): Promise<TicketWithRefs[]> {
  const found: TicketWithRefs[] = [];
  let after: TicketWithRefs | undefined;
  for (let scanned = 0; found.length < take && scanned < scanMax; scanned += scanBatch) {
    const keyset = after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {};
    const batch = await tx.ticket.findMany({ where: { AND: [where, keyset] }, include: ticketViewInclude, orderBy: newestFirst, take: scanBatch });
    found.push(...batch.filter(keep));
    after = batch[batch.length - 1];
    if (batch.length < scanBatch) break;
  }
  return found.slice(0, take);
}

type StringContains = { contains: string };

/** Per database: does plain LIKE (what `contains` becomes) already ignore case? */

/**
 * A case-insensitive `contains` for this database. SQLite's LIKE ignores (ASCII) case and its
 * client has no `mode`; PostgreSQL's LIKE does not, and its client takes `mode: "insensitive"`
 * (ILIKE). The core is typed against the SQLite client and is not told the provider, so it asks
 * the database itself, once.
 */
/** SQLite's LIKE already ignores (ASCII) case; PostgreSQL needs Prisma's insensitive mode. */
function containsIgnoringCase(dialect: CoreDeps["sql"]["dialect"]): (probe: string) => StringContains {
  return dialect === "sqlite" ? (probe) => ({ contains: probe }) : (probe) => ({ contains: probe, mode: "insensitive" }) as StringContains;
}
