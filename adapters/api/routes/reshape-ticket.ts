// The agent actions that change what a ticket is: merge, split, move, delete and restore.
import { z } from "zod";
import { deleteTicket, mergeTickets, moveTicket, restoreTicket, splitTicket } from "../../../core/index.js";
import { defineRoute } from "../route.js";
import { Ticket, TicketParams } from "../schemas.js";

const MergeBody = z.strictObject({
  into: z.number().int().positive().max(2_147_483_647).describe("The ticket that lives on (the primary)."),
});

export const mergeTicketRoute = defineRoute({
  method: "post",
  path: "/tickets/{id}/merge",
  operationId: "mergeTicket",
  summary: "Fold this ticket into another one, which is returned",
  params: TicketParams,
  body: MergeBody,
  status: 200,
  response: Ticket,
  errors: [400, 403, 404, 409],
  handle: ({ deps, actor, params, body }) => mergeTickets(deps, { primaryId: body.into, secondaryId: params.id }, actor),
});

const SplitBody = z.strictObject({
  messageIds: z.array(z.string()).describe("The messages that become the new ticket's thread."),
  subject: z.string().optional(),
});

export const splitTicketRoute = defineRoute({
  method: "post",
  path: "/tickets/{id}/split",
  operationId: "splitTicket",
  summary: "Split chosen messages off into a new ticket",
  params: TicketParams,
  body: SplitBody,
  status: 201,
  response: z.strictObject({ original: Ticket, created: Ticket }),
  errors: [400, 403, 404, 409],
  handle: ({ deps, actor, params, body }) => splitTicket(deps, { ticketId: params.id, ...body }, actor),
});

const MoveBody = z.strictObject({
  pipelineId: z.string(),
  statusId: z.string().optional().describe("Default: the pipeline's first status of the same category."),
});

export const moveTicketRoute = defineRoute({
  method: "post",
  path: "/tickets/{id}/move",
  operationId: "moveTicket",
  summary: "Move the ticket to another pipeline",
  params: TicketParams,
  body: MoveBody,
  status: 200,
  response: Ticket,
  errors: [400, 403, 404, 409],
  handle: ({ deps, actor, params, body }) => moveTicket(deps, { ticketId: params.id, ...body }, actor),
});

export const deleteTicketRoute = defineRoute({
  method: "delete",
  path: "/tickets/{id}",
  operationId: "deleteTicket",
  summary: "Delete the ticket (an admin can restore it)",
  params: TicketParams,
  status: 200,
  response: Ticket,
  errors: [403, 404, 409],
  handle: ({ deps, actor, params }) => deleteTicket(deps, { ticketId: params.id }, actor),
});

export const restoreTicketRoute = defineRoute({
  method: "post",
  path: "/tickets/{id}/restore",
  operationId: "restoreTicket",
  summary: "Bring a deleted ticket back (admins)",
  params: TicketParams,
  status: 200,
  response: Ticket,
  errors: [403, 404, 409],
  handle: ({ deps, actor, params }) => restoreTicket(deps, { ticketId: params.id }, actor),
});
