// The agent actions on one ticket that keep it whole: claim, release, assign, reply, comment,
// change status, update properties.
import { z } from "zod";
import {
  assignTicket,
  changeStatus,
  claimTicket,
  commentOnTicket,
  priorities,
  releaseTicket,
  replyToTicket,
  updateProperties,
} from "../../../core/index.js";
import { defineRoute } from "../route.js";
import { Properties, Ticket, TicketParams } from "../schemas.js";

export const claimTicketRoute = defineRoute({
  method: "post",
  path: "/tickets/{id}/claim",
  operationId: "claimTicket",
  summary: "Become the ticket's owner (409 when another agent has it)",
  params: TicketParams,
  status: 200,
  response: Ticket,
  errors: [403, 404, 409],
  handle: ({ deps, actor, params }) => claimTicket(deps, { ticketId: params.id }, actor),
});

export const releaseTicketRoute = defineRoute({
  method: "post",
  path: "/tickets/{id}/release",
  operationId: "releaseTicket",
  summary: "Give the ticket back to the unassigned queue",
  params: TicketParams,
  status: 200,
  response: Ticket,
  errors: [403, 404, 409],
  handle: ({ deps, actor, params }) => releaseTicket(deps, { ticketId: params.id }, actor),
});

const AssignBody = z.strictObject({ ownerId: z.string().nullable().describe("The new owner's agent id; null unassigns.") });

export const assignTicketRoute = defineRoute({
  method: "post",
  path: "/tickets/{id}/assign",
  operationId: "assignTicket",
  summary: "Give the ticket to an agent, or to nobody",
  params: TicketParams,
  body: AssignBody,
  status: 200,
  response: Ticket,
  errors: [400, 403, 404, 409],
  handle: ({ deps, actor, params, body }) => assignTicket(deps, { ticketId: params.id, ownerId: body.ownerId }, actor),
});

const ReplyBody = z.strictObject({
  text: z.string().describe("What the customer reads."),
  html: z.string().optional(),
  cc: z.array(z.string()).optional(),
  bcc: z.array(z.string()).optional(),
  inReplyToMessageId: z.string().optional(),
  statusId: z.string().optional().describe("A status to move the ticket to in the same action."),
  properties: Properties.optional().describe("Set with the status change (what the new status requires)."),
});
const MessageResult = z.strictObject({ ticket: Ticket, messageId: z.string() });

export const replyToTicketRoute = defineRoute({
  method: "post",
  path: "/tickets/{id}/replies",
  operationId: "replyToTicket",
  summary: "Reply to the customer by email (optionally changing status)",
  params: TicketParams,
  body: ReplyBody,
  status: 201,
  response: MessageResult,
  errors: [400, 403, 404, 409],
  handle: ({ deps, actor, params, body }) => replyToTicket(deps, { ticketId: params.id, ...body }, actor),
});

const CommentBody = z.strictObject({
  text: z.string().describe("The internal note; @handle mentions notify those agents."),
  mentionAgentIds: z.array(z.string()).optional(),
});

export const commentOnTicketRoute = defineRoute({
  method: "post",
  path: "/tickets/{id}/comments",
  operationId: "commentOnTicket",
  summary: "Leave an internal note (never sent to the customer)",
  params: TicketParams,
  body: CommentBody,
  status: 201,
  response: MessageResult.extend({ mentioned: z.array(z.string()) }),
  errors: [400, 403, 404, 409],
  handle: ({ deps, actor, params, body }) => commentOnTicket(deps, { ticketId: params.id, ...body }, actor),
  present: (r) => ({ ticket: r.ticket, messageId: r.messageId, mentioned: r.mentioned }),
});

const StatusBody = z.strictObject({
  statusId: z.string(),
  properties: Properties.optional().describe("Values the new status requires; null clears one."),
  ownerId: z.string().optional().describe("When the status requires an owner."),
  teamId: z.string().optional().describe("When the status requires a team."),
  requester: z.strictObject({ email: z.string(), name: z.string().optional() }).optional().describe("When the status requires a contact."),
});

export const changeStatusRoute = defineRoute({
  method: "post",
  path: "/tickets/{id}/status",
  operationId: "changeStatus",
  summary: "Move the ticket to another status of its pipeline, with what that status requires",
  params: TicketParams,
  body: StatusBody,
  status: 200,
  response: Ticket,
  errors: [400, 403, 404, 409],
  handle: ({ deps, actor, params, body }) => changeStatus(deps, { ticketId: params.id, ...body }, actor),
});

const UpdateBody = z.strictObject({
  subject: z.string().optional(),
  priority: z.enum(priorities).optional(),
  teamId: z.string().nullable().optional().describe("Restrict to a team, or null for every agent."),
  properties: Properties.optional().describe("Custom property values; null clears one, names not given stay."),
});

export const updateTicketRoute = defineRoute({
  method: "patch",
  path: "/tickets/{id}",
  operationId: "updateTicket",
  summary: "Change the subject, priority, team or custom properties",
  params: TicketParams,
  body: UpdateBody,
  status: 200,
  response: Ticket,
  errors: [400, 403, 404, 409],
  handle: ({ deps, actor, params, body }) => updateProperties(deps, { ticketId: params.id, ...body }, actor),
});
