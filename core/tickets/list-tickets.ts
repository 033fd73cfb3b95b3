import { requireAgent, type AgentContext } from "../access.js";
import type { Prisma, Tx } from "../db.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { forbidden, invalid } from "../errors.js";
import { priorities, ticketViewInclude, toTicketView, type Priority, type TicketView } from "./view.js";

export const queues = ["mine", "unassigned", "team", "all_open"] as const;
export type Queue = (typeof queues)[number];

export interface ListTicketsInput {
  queue: Queue;
  /** The team queue's team (default: all the actor's teams); in other queues, narrows to it. */
  teamId?: string | undefined;
  statusIds?: string[] | undefined;
  priorities?: Priority[] | undefined;
  /** Narrows the team and all-open queues to one owner. */
  ownerId?: string | undefined;
  /** Page size: default 25, at most 100. */
  limit?: number | undefined;
  /** `nextCursor` of the previous page. */
  cursor?: string | undefined;
}

export interface TicketPage {
  tickets: TicketView[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

const defaultLimit = 25;
const maxLimit = 100;

/**
 * A queue of open tickets, oldest first, a page at a time. Pages are keyset-paginated on
 * (createdAt, id), so a deep page costs what the first does, and tickets created or closed
 * between pages neither repeat nor push others out of sight. The where clause keeps the shape
 * of the Ticket queue indexes: equality on open, deletedAt, teamId/ownerId, then createdAt.
 */
export async function listTickets(deps: CoreDeps, input: ListTicketsInput, actor: Actor): Promise<TicketPage> {
  const limit = pageSize(input.limit);
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  for (const p of input.priorities ?? []) {
    if (!priorities.includes(p)) throw invalid(`"${String(p)}" is not a priority.`, { priorities: "Unknown priority." });
  }
  return withTx(deps, async (tx) => {
    const agent = await requireAgent(tx, actor);
    const queue = await queueFilter(tx, agent, input);
    const where: Prisma.TicketWhereInput = {
      open: true,
      deletedAt: null,
      mergedIntoId: null,
      ...queue,
      ...(input.statusIds?.length ? { statusId: { in: input.statusIds } } : {}),
      ...(input.priorities?.length ? { priority: { in: input.priorities } } : {}),
      // The redundant `gte` gives the index a range to start from; the OR alone is not one.
      ...(after
        ? { createdAt: { gte: after.createdAt }, OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }
        : {}),
    };
    const rows = await tx.ticket.findMany({ where, include: ticketViewInclude, orderBy: indexOrder(queue), take: limit + 1 });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      tickets: page.map((t) => toTicketView(t, deps.catalog)),
      nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
    };
  });
}

/**
 * Oldest first: (createdAt, id). The columns the where clause pins to one value are listed
 * first; that changes nothing in the result, but PostgreSQL does not treat `IS NULL` as pinning
 * a column, and without them it cannot read createdAt order off the queue index: it would sort
 * every open ticket for each page (about 0.5 s at a million tickets instead of a few ms).
 */
function indexOrder(queue: Prisma.TicketWhereInput): Prisma.TicketOrderByWithRelationInput[] {
  const ownerPinned = queue.ownerId === null || typeof queue.ownerId === "string";
  const teamPinned = typeof queue.teamId === "string";
  return [
    { deletedAt: "asc" },
    ...(ownerPinned && teamPinned ? [{ teamId: "asc" as const }] : []),
    ...(ownerPinned ? [{ ownerId: "asc" as const }] : []),
    { createdAt: "asc" },
    { id: "asc" },
  ];
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return defaultLimit;
  if (!Number.isInteger(limit) || limit < 1) throw invalid("The page size must be a whole number of at least 1.", { limit: "At least 1." });
  return Math.min(limit, maxLimit);
}

/** The queue's owner and team conditions, with the team visibility rule folded in. */
async function queueFilter(tx: Tx, agent: AgentContext, input: ListTicketsInput): Promise<Prisma.TicketWhereInput> {
  const admin = agent.role === "admin";
  const owner: Prisma.TicketWhereInput = {};
  if (input.queue === "mine") owner.ownerId = agent.id;
  else if (input.queue === "unassigned") owner.ownerId = null;
  if (input.ownerId !== undefined) {
    if (input.queue === "mine" || input.queue === "unassigned") {
      throw invalid(`The ${input.queue} queue already decides the owner.`, { owner: "Not with this queue." });
    }
    owner.ownerId = input.ownerId;
  }

  if (input.teamId !== undefined) {
    if (!(await tx.team.findUnique({ where: { id: input.teamId } }))) throw invalid(`There is no team "${input.teamId}".`, { team: "Unknown team." });
    if (!admin && !agent.teamIds.includes(input.teamId)) throw forbidden(`You are not in team ${input.teamId}.`);
    return { ...owner, teamId: input.teamId };
  }
  if (input.queue === "team") {
    // An admin in no team watches every team's queue; anyone else, their own teams'.
    const teamIds = admin && agent.teamIds.length === 0 ? (await tx.team.findMany({ select: { id: true } })).map((t) => t.id) : agent.teamIds;
    return { ...owner, teamId: { in: teamIds } };
  }
  if (admin) return owner;
  // A team-restricted ticket is invisible to agents outside the team, in listings too.
  return { ...owner, AND: [{ OR: [{ teamId: null }, { teamId: { in: agent.teamIds } }] }] };
}

/** Opaque to callers; base64url of "<createdAt ms>.<id>". */
export function encodeCursor(createdAt: Date, id: number): string {
  return Buffer.from(`${createdAt.getTime()}.${id}`).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: number } {
  const m = /^(\d{1,15})\.(\d{1,10})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  const ms = Number(m?.[1]);
  const id = Number(m?.[2]);
  // Ticket ids are 32-bit: a larger one would fail in the database, not here.
  if (!m || id > 2_147_483_647 || Number.isNaN(new Date(ms).getTime())) {
    throw invalid("That page link is not valid; start again from the first page.", { cursor: "Not a valid cursor." });
  }
  return { createdAt: new Date(ms), id };
}
