import { z } from "zod";
import { createTicket, priorities } from "../../../core/index.js";
import { defineRoute } from "../route.js";
import { Properties, Ticket } from "../schemas.js";

export const CreateTicketBody = z
  .strictObject({
    subject: z.string(),
    text: z.string().optional().describe("The first message: the request as the integration recorded it."),
    requester: z.strictObject({ email: z.string(), name: z.string().optional() }).optional(),
    pipelineId: z.string().optional(),
    statusId: z.string().optional(),
    priority: z.enum(priorities).optional(),
    teamId: z.string().nullable().optional(),
    ownerId: z.string().nullable().optional(),
    properties: Properties.optional(),
  })
  .meta({ id: "CreateTicket" });

export const createTicketRoute = defineRoute({
  method: "post",
  path: "/tickets",
  operationId: "createTicket",
  summary: "Open a ticket (send an Idempotency-Key so that a retry makes no second one)",
  body: CreateTicketBody,
  status: 201,
  response: Ticket,
  errors: [400, 403, 409],
  handle: ({ deps, actor, body }) => createTicket(deps, { ...body, source: "api" }, actor),
});
