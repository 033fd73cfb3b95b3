// Reading tickets: the queues, search, one ticket with its timeline, and the pickers' lists.
import { z } from "zod";
import {
  deletedTickets,
  findTicketsPage,
  listTickets,
  priorities,
  queues,
  searchQueues,
  showTicket,
  splitCandidates,
} from "../../../core/index.js";
import { defineRoute } from "../route.js";
import { DateTime, TicketDetail, TicketPage, TicketParams } from "../schemas.js";

/** A comma-separated list in a query parameter. */
const list = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((s) => s.split(",").filter((x) => x !== ""))
    .pipe(z.array(item));

/** What narrows a listing or a search beside its queue, as the chat queues are narrowed. */
const filters = {
  team: z.string().optional().describe("The team's queue (queue=team), or narrows another queue to the team."),
  status: list(z.string()).optional().describe("Status ids, comma-separated."),
  priority: list(z.enum(priorities)).optional().describe("Priorities, comma-separated."),
  owner: z.string().optional().describe("An owner's agent id (not with queue=mine or unassigned)."),
  pipeline: list(z.string()).optional().describe("Pipeline ids, comma-separated."),
};

const filterInput = (q: z.output<z.ZodObject<typeof filters>>) => ({
  teamId: q.team,
  statusIds: q.status,
  priorities: q.priority,
  ownerId: q.owner,
  pipelineIds: q.pipeline,
});

export const ListTicketsQuery = z.object({
  queue: z.enum(queues).default("all_open").describe("The queue, as in chat: all_open unless given."),
  ...filters,
  sort: z.enum(["created", "sla_due"]).optional(),
  dueWithinMinutes: z.coerce.number().int().optional().describe("The breaching queue's window (default 60)."),
  limit: z.coerce.number().int().optional().describe("Page size: default 25, at most 100."),
  cursor: z.string().optional().describe("nextCursor of the previous page (same queue, filters and sort)."),
});

export const listTicketsRoute = defineRoute({
  method: "get",
  path: "/tickets",
  operationId: "listTickets",
  summary: "List a queue of open tickets, a page at a time (keyset pagination)",
  query: ListTicketsQuery,
  status: 200,
  response: TicketPage,
  errors: [400, 403],
  handle: ({ deps, actor, query }) =>
    listTickets(
      deps,
      {
        queue: query.queue,
        ...filterInput(query),
        sort: query.sort,
        dueWithinMinutes: query.dueWithinMinutes,
        limit: query.limit,
        cursor: query.cursor,
      },
      actor,
    ),
});

export const SearchTicketsQuery = z.object({
  q: z.string().describe('"#123" or "123" finds that ticket; any text is looked for in subjects and contacts.'),
  queue: z.enum(searchQueues).optional().describe("Only the queue's tickets (open ones); without it closed and merged tickets match too."),
  ...filters,
  limit: z.coerce.number().int().optional().describe("Default 10, at most 50."),
  cursor: z.string().optional().describe("nextCursor of the previous page of the same search."),
});

export const searchTicketsRoute = defineRoute({
  method: "get",
  path: "/tickets/search",
  operationId: "searchTickets",
  summary: "Find tickets by number, subject or contact, most recent first, a page at a time (keyset pagination)",
  description: "Takes the listing's filters (queue, team, status, priority, owner, pipeline) to narrow the matches.",
  query: SearchTicketsQuery,
  status: 200,
  response: TicketPage,
  errors: [400, 403],
  handle: ({ deps, actor, query }) =>
    findTicketsPage(deps, { text: query.q, queue: query.queue, ...filterInput(query), limit: query.limit, cursor: query.cursor }, actor),
});

const DeletedList = z.strictObject({
  tickets: z.array(z.strictObject({ id: z.number().int(), subject: z.string(), deletedAt: DateTime })),
});

export const deletedTicketsRoute = defineRoute({
  method: "get",
  path: "/tickets/deleted",
  operationId: "listDeletedTickets",
  summary: "The deleted tickets an admin may restore, newest deletion first (empty for other agents)",
  status: 200,
  response: DeletedList,
  errors: [],
  handle: async ({ deps, actor }) => ({ tickets: await deletedTickets(deps, actor) }),
});

export const showTicketRoute = defineRoute({
  method: "get",
  path: "/tickets/{id}",
  operationId: "showTicket",
  summary: "One ticket with its messages and timeline",
  params: TicketParams,
  status: 200,
  response: TicketDetail,
  errors: [404],
  handle: ({ deps, actor, params }) => showTicket(deps, { ticketId: params.id }, actor),
});

const CandidatesQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(25) });
const Candidates = z.strictObject({
  messages: z.array(z.strictObject({ id: z.string(), kind: z.string(), text: z.string(), createdAt: DateTime })),
});

export const splitCandidatesRoute = defineRoute({
  method: "get",
  path: "/tickets/{id}/split-candidates",
  operationId: "listSplitCandidates",
  summary: "The newest messages of a ticket that could be split off, oldest first",
  params: TicketParams,
  query: CandidatesQuery,
  status: 200,
  response: Candidates,
  errors: [404, 409],
  handle: async ({ deps, actor, params, query }) => ({ messages: await splitCandidates(deps, params.id, actor, query.limit) }),
});
