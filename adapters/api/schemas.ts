// The JSON the API answers with, as zod schemas: the OpenAPI document's components, and what the
// tests check every response against. Dates are ISO 8601 strings in UTC.
import { z } from "zod";
import { priorities, ticketSources } from "../../core/index.js";
import { apiErrorCodes } from "./errors.js";

export const DateTime = z.iso.datetime();
const Ref = z.strictObject({ id: z.string(), name: z.string() });

export const Ticket = z
  .strictObject({
    id: z.number().int(),
    number: z.string(),
    subject: z.string(),
    pipeline: Ref,
    status: z.strictObject({ id: z.string(), name: z.string(), category: z.enum(["OPEN", "CLOSED"]) }),
    priority: z.enum(priorities),
    owner: Ref.nullable(),
    team: Ref.nullable(),
    source: z.enum(ticketSources).describe("Where it came from: `api` when an integration opened it."),
    contact: z.strictObject({ id: z.string(), email: z.string().nullable(), name: z.string().nullable() }).nullable(),
    company: z.strictObject({ id: z.string(), domain: z.string(), name: z.string() }).nullable(),
    properties: z.record(z.string(), z.unknown()),
    createdAt: DateTime,
    updatedAt: DateTime,
    firstResponseAt: DateTime.nullable(),
    resolvedAt: DateTime.nullable(),
    closedAt: DateTime.nullable(),
    deletedAt: DateTime.nullable(),
    slaDueAt: DateTime.nullable(),
    sla: z
      .strictObject({
        metric: z.enum(["first_response", "next_response", "resolution"]),
        dueAt: DateTime.nullable(),
        breachedAt: DateTime.nullable(),
        paused: z.boolean(),
      })
      .nullable()
      .optional(),
    csatScore: z.number().int().nullable().optional(),
    mergedIntoId: z.number().int().nullable(),
    splitFromId: z.number().int().nullable(),
  })
  .meta({ id: "Ticket" });

export const TicketPage = z
  .strictObject({ tickets: z.array(Ticket), nextCursor: z.string().nullable() })
  .meta({ id: "TicketPage", description: "Pass nextCursor back as `cursor` for the next page; null on the last page." });

const Party = z
  .union([
    z.strictObject({ type: z.literal("agent"), id: z.string(), name: z.string().nullable() }),
    z.strictObject({ type: z.literal("contact"), id: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
    z.strictObject({ type: z.literal("system") }),
  ])
  .meta({ id: "Party" });

export const TicketDetail = z
  .strictObject({
    ticket: Ticket,
    messages: z.array(
      z.strictObject({
        id: z.string(),
        kind: z.enum(["INBOUND", "REPLY", "COMMENT", "SYSTEM"]),
        author: Party,
        text: z.string(),
        html: z.string().nullable(),
        channel: z.string(),
        cc: z.array(z.string()),
        bcc: z.array(z.string()),
        inReplyToId: z.string().nullable(),
        createdAt: DateTime,
        refs: z.array(z.strictObject({ system: z.string(), externalId: z.string() })),
        attachments: z.array(z.strictObject({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number().int() })),
      }),
    ),
    timeline: z.array(
      z.strictObject({ id: z.string(), type: z.string(), actor: Party, data: z.record(z.string(), z.unknown()), createdAt: DateTime }),
    ),
    followers: z.array(Ref),
    draft: z.strictObject({ text: z.string(), data: z.record(z.string(), z.unknown()), updatedAt: DateTime }).nullable(),
    chatLinks: z.array(
      z.strictObject({
        surface: z.string(),
        role: z.string(),
        channelId: z.string(),
        messageId: z.string().nullable(),
        threadId: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: "TicketDetail" });

export const ApiError = z
  .strictObject({
    error: z.strictObject({
      code: z.enum(apiErrorCodes).describe("Stable, for programs: new codes may be added."),
      message: z.string().describe("For people: in the language Accept-Language asks for (English or Japanese)."),
      fields: z.record(z.string(), z.string()).optional().describe("Per field (e.g. `body.subject`), what is wrong with it."),
    }),
  })
  .meta({ id: "Error", description: "The body of every refusal and failure." });

/** A ticket number in a path. */
export const TicketParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

/** Property values by name; null clears one. */
export const Properties = z.record(z.string(), z.unknown());
