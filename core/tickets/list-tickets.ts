import { requireAgent, type AgentContext } from "../access.js";
import type { Queryable } from "../db.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { forbidden, invalid } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { priorities, selectTicketsWithRefs, toTicketView, withRefs, type Priority, type TicketView, type TicketWithRefs } from "./view.js";

/**
 * The queues of open tickets. `auto` holds the tickets filed apart (auto-replies and bounces that
 * matched no ticket, see quarantine.ts), which every other queue leaves out.
 */
export const queues = ["mine", "unassigned", "team", "all_open", "auto"] as const;
export type Queue = (typeof queues)[number];

export interface ListTicketsInput {
  queue: Queue;
  /** The team queue's team (default: all the actor's teams); in other queues, narrows to it. */
  teamId?: string | undefined;
  statusIds?: string[] | undefined;
  priorities?: Priority[] | undefined;
  /** Narrows the team, all-open and auto queues to one owner. */
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
 * of the Ticket queue indexes: equality on open, deletedAt, quarantined, teamId/ownerId, then
 * createdAt.
 */
export async function listTickets(deps: CoreDeps, input: ListTicketsInput, actor: Actor): Promise<TicketPage> {
  const limit = pageSize(input.limit);
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  for (const p of input.priorities ?? []) {
    if (!priorities.includes(p))
      throw invalid(msg("errors.priorityUnknown", { priority: String(p) }), { priorities: msg("fields.unknownPriority") });
  }
  if (actor.type !== "agent") throw forbidden(msg("errors.agentsOnly"));
  // The busiest read there is: one statement per team with the names joined in, rather than a
  // query per relation.
  return withTx(deps, async (tx) => {
    const agent = await requireAgent(tx, actor);
    const queue = await queueFilter(tx, agent, input);
    // Several teams (or "unrestricted or mine") are read one team at a time, each an ordered
    // range of a queue index, and merged: one query with IN/OR would have to sort them all.
    const parts: TicketWithRefs[][] = [];
    for (const team of queue.teams ?? [undefined]) {
      let query = selectTicketsWithRefs(tx)
        // Tickets filed apart (see Ticket.quarantined) have their own range of every queue index.
        .where("t.open", "=", true)
        .where("t.deletedAt", "is", null)
        .where("t.quarantined", "=", input.queue === "auto")
        .where("t.mergedIntoId", "is", null);
      if (queue.owner !== undefined)
        query = queue.owner === null ? query.where("t.ownerId", "is", null) : query.where("t.ownerId", "=", queue.owner);
      if (input.statusIds?.length) query = query.where("t.statusId", "in", input.statusIds);
      if (input.priorities?.length) query = query.where("t.priority", "in", input.priorities);
      if (after) {
        // The redundant `>=` gives the index a range to start from; the OR alone is not one.
        query = query
          .where("t.createdAt", ">=", after.createdAt)
          .where((eb) =>
            eb.or([eb("t.createdAt", ">", after.createdAt), eb.and([eb("t.createdAt", "=", after.createdAt), eb("t.id", ">", after.id)])]),
          );
      }
      if (team === null) query = query.where("t.teamId", "is", null);
      else if (team !== undefined) query = query.where("t.teamId", "=", team);
      // Oldest first: (createdAt, id). The columns the where clause pins to one value are listed
      // first; that changes nothing in the result, but PostgreSQL does not treat `IS NULL` as
      // pinning a column, and without them it cannot read createdAt order off the queue index: it
      // would sort every open ticket for each page (about 0.5 s at a million tickets instead of a
      // few ms).
      query = query.orderBy("t.deletedAt").orderBy("t.quarantined");
      if (team !== undefined) query = query.orderBy("t.teamId");
      if (queue.owner !== undefined) query = query.orderBy("t.ownerId");
      // One transaction is one connection: the statements run one after another.
      parts.push(
        (
          await query
            .orderBy("t.createdAt")
            .orderBy("t.id")
            .limit(limit + 1)
            .execute()
        ).map(withRefs),
      );
    }
    const rows = parts
      .flat()
      .sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime() || x.id - y.id)
      .slice(0, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      tickets: page.map((t) => toTicketView(t, deps.catalog)),
      nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
    };
  });
}

interface QueueFilter {
  /** The owner the queue is pinned to (null: unassigned); undefined: any owner. */
  owner: string | null | undefined;
  /** The teams to read (null: unrestricted tickets); undefined: every team, no team condition. */
  teams: (string | null)[] | undefined;
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return defaultLimit;
  if (!Number.isInteger(limit) || limit < 1) throw invalid(msg("errors.pageSizeInvalid"), { limit: msg("fields.atLeastOne") });
  return Math.min(limit, maxLimit);
}

/** The queue's owner condition and the teams it covers, with the team visibility rule folded in. */
async function queueFilter(q: Queryable, agent: AgentContext, input: ListTicketsInput): Promise<QueueFilter> {
  const admin = agent.role === "admin";
  let owner: QueueFilter["owner"] = input.queue === "mine" ? agent.id : input.queue === "unassigned" ? null : undefined;
  if (input.ownerId !== undefined) {
    if (input.queue === "mine" || input.queue === "unassigned") {
      throw invalid(msg("errors.queueDecidesOwner", { queue: input.queue }), { owner: msg("fields.notWithThisQueue") });
    }
    owner = input.ownerId;
  }

  if (input.teamId !== undefined) {
    if (!(await q.selectFrom("Team").select("id").where("id", "=", input.teamId).executeTakeFirst())) {
      throw invalid(msg("errors.teamUnknown", { team: input.teamId }), { team: msg("fields.unknownTeam") });
    }
    if (!admin && !agent.teamIds.includes(input.teamId)) throw forbidden(msg("errors.notInTeam", { team: input.teamId }));
    return { owner, teams: [input.teamId] };
  }
  if (input.queue === "team") {
    // An admin in no team watches every team's queue; anyone else, their own teams'.
    const teamIds =
      admin && agent.teamIds.length === 0 ? (await q.selectFrom("Team").select("id").execute()).map((t) => t.id) : agent.teamIds;
    return { owner, teams: teamIds };
  }
  if (admin) return { owner, teams: undefined };
  // A team-restricted ticket is invisible to agents outside the team, in listings too.
  return { owner, teams: [null, ...agent.teamIds] };
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
    throw invalid(msg("errors.cursorInvalid"), { cursor: msg("fields.invalidCursor") });
  }
  return { createdAt: new Date(ms), id };
}
