import type { Catalog } from "../config.js";
import type { Prisma } from "../db.js";
import { parseJsonObject } from "../json.js";

export const priorities = ["low", "medium", "high", "urgent"] as const;
export type Priority = (typeof priorities)[number];

export const ticketSources = ["email", "form", "slack", "discord", "manual"] as const;
export type TicketSource = (typeof ticketSources)[number];

export const ticketViewInclude = {
  owner: { select: { id: true, name: true } },
  team: { select: { id: true, name: true } },
  contact: { select: { id: true, email: true, name: true } },
  company: { select: { id: true, domain: true, name: true } },
} satisfies Prisma.TicketInclude;

export type TicketWithRefs = Prisma.TicketGetPayload<{ include: typeof ticketViewInclude }>;

/** What a use case returns about a ticket: plain data an adapter can render. */
export interface TicketView {
  id: number;
  number: string;
  subject: string;
  pipeline: { id: string; name: string };
  status: { id: string; name: string; category: "OPEN" | "CLOSED" };
  priority: Priority;
  owner: { id: string; name: string } | null;
  team: { id: string; name: string } | null;
  source: TicketSource;
  contact: { id: string; email: string | null; name: string | null } | null;
  company: { id: string; domain: string; name: string } | null;
  properties: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  deletedAt: Date | null;
  mergedIntoId: number | null;
  splitFromId: number | null;
}

export function toTicketView(t: TicketWithRefs, catalog: Catalog): TicketView {
  const pipeline = catalog.pipeline(t.pipelineId);
  const status = catalog.status(t.pipelineId, t.statusId);
  return {
    id: t.id,
    number: `#${t.id}`,
    subject: t.subject,
    pipeline: { id: t.pipelineId, name: pipeline?.name ?? t.pipelineId },
    status: { id: t.statusId, name: status?.name ?? t.statusId, category: status?.category ?? (t.open ? "OPEN" : "CLOSED") },
    priority: t.priority as Priority,
    owner: t.owner,
    team: t.team,
    source: t.source as TicketSource,
    contact: t.contact,
    company: t.company,
    properties: parseJsonObject(t.properties),
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    firstResponseAt: t.firstResponseAt,
    resolvedAt: t.resolvedAt,
    closedAt: t.closedAt,
    deletedAt: t.deletedAt,
    mergedIntoId: t.mergedIntoId,
    splitFromId: t.splitFromId,
  };
}

/** Reads a ticket back as a view, inside the caller's transaction. */
export async function readTicketView(
  tx: { ticket: { findUniqueOrThrow: (args: { where: { id: number }; include: typeof ticketViewInclude }) => Promise<TicketWithRefs> } },
  catalog: Catalog,
  ticketId: number,
): Promise<TicketView> {
  return toTicketView(await tx.ticket.findUniqueOrThrow({ where: { id: ticketId }, include: ticketViewInclude }), catalog);
}
