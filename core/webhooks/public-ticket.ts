// The ticket as a webhook body shows it: named field by field, so a field added to the core's
// view for chat cards does not appear in (or vanish from) what receivers were told to expect.
// The fields and their names are the REST API's Ticket (adapters/api/schemas.ts) without `sla`.
import type { TicketView } from "../tickets/view.js";

/** A ticket in a webhook body. Dates are ISO 8601 strings in UTC; names are the configured English ones. */
export interface PublicTicket {
  id: number;
  /** "#123" */
  number: string;
  subject: string;
  pipeline: { id: string; name: string };
  status: { id: string; name: string; category: "OPEN" | "CLOSED" };
  priority: string;
  owner: { id: string; name: string } | null;
  team: { id: string; name: string } | null;
  source: string;
  /** The requester (the contact the ticket is for). */
  contact: { id: string; email: string | null; name: string | null } | null;
  company: { id: string; domain: string; name: string } | null;
  properties: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  deletedAt: string | null;
  /** When its earliest running SLA target falls due, or null. */
  slaDueAt: string | null;
  /** The requester's latest satisfaction rating (1 to 5), or null. */
  csatScore: number | null;
  mergedIntoId: number | null;
  splitFromId: number | null;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function publicTicket(t: TicketView): PublicTicket {
  return {
    id: t.id,
    number: t.number,
    subject: t.subject,
    pipeline: { id: t.pipeline.id, name: t.pipeline.name },
    status: { id: t.status.id, name: t.status.name, category: t.status.category },
    priority: t.priority,
    owner: t.owner ? { id: t.owner.id, name: t.owner.name } : null,
    team: t.team ? { id: t.team.id, name: t.team.name } : null,
    source: t.source,
    contact: t.contact ? { id: t.contact.id, email: t.contact.email, name: t.contact.name } : null,
    company: t.company ? { id: t.company.id, domain: t.company.domain, name: t.company.name } : null,
    properties: t.properties,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    firstResponseAt: iso(t.firstResponseAt),
    resolvedAt: iso(t.resolvedAt),
    closedAt: iso(t.closedAt),
    deletedAt: iso(t.deletedAt),
    slaDueAt: iso(t.slaDueAt),
    csatScore: t.csatScore ?? null,
    mergedIntoId: t.mergedIntoId,
    splitFromId: t.splitFromId,
  };
}
