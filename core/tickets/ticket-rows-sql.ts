import type { AgentContext } from "../access.js";
import { forbidden } from "../errors.js";
import { asBool, asDate, type SqlTx } from "../sql.js";
import type { TicketWithRefs } from "./view.js";

/** The columns of a ticket with the names of what it refers to, as `toTicketView` needs them. */
export const ticketSelect = `SELECT t.id, t.subject, t."pipelineId", t."statusId", t.open, t.quarantined, t.priority, t."ownerId", t."teamId",
  t.source, t."contactId", t."companyId", t.properties, t."createdAt", t."updatedAt", t."firstResponseAt", t."resolvedAt",
  t."closedAt", t."deletedAt", t."mergedIntoId", t."splitFromId",
  o.name AS "ownerName", tm.name AS "teamName", c.email AS "contactEmail", c.name AS "contactName",
  co.domain AS "companyDomain", co.name AS "companyName"
FROM "Ticket" t
LEFT JOIN "Agent" o ON o.id = t."ownerId"
LEFT JOIN "Team" tm ON tm.id = t."teamId"
LEFT JOIN "Contact" c ON c.id = t."contactId"
LEFT JOIN "Company" co ON co.id = t."companyId"`;

export function toTicketWithRefs(r: Record<string, unknown>): TicketWithRefs {
  const s = (k: string) => (r[k] === null || r[k] === undefined ? null : String(r[k]));
  const n = (k: string) => (r[k] === null || r[k] === undefined ? null : Number(r[k]));
  return {
    id: Number(r.id),
    subject: String(r.subject),
    pipelineId: String(r.pipelineId),
    statusId: String(r.statusId),
    open: asBool(r.open),
    quarantined: asBool(r.quarantined),
    priority: String(r.priority),
    ownerId: s("ownerId"),
    teamId: s("teamId"),
    source: String(r.source),
    contactId: s("contactId"),
    companyId: s("companyId"),
    properties: String(r.properties),
    createdAt: asDate(r.createdAt)!,
    updatedAt: asDate(r.updatedAt)!,
    firstResponseAt: asDate(r.firstResponseAt),
    resolvedAt: asDate(r.resolvedAt),
    closedAt: asDate(r.closedAt),
    deletedAt: asDate(r.deletedAt),
    mergedIntoId: n("mergedIntoId"),
    splitFromId: n("splitFromId"),
    owner: r.ownerId ? { id: String(r.ownerId), name: String(r.ownerName) } : null,
    team: r.teamId ? { id: String(r.teamId), name: String(r.teamName) } : null,
    contact: r.contactId ? { id: String(r.contactId), email: s("contactEmail"), name: s("contactName") } : null,
    company: r.companyId ? { id: String(r.companyId), domain: String(r.companyDomain), name: String(r.companyName) } : null,
  };
}

/** `requireAgent` for the SQL paths: the active agent with its teams, or a refusal. */
export async function requireAgentSql(q: SqlTx, agentId: string): Promise<AgentContext> {
  const rows = await q.query<{ id: string; name: string; role: string; active: unknown; teamId: string | null }>(
    `SELECT a.id, a.name, a.role, a.active, m."teamId" FROM "Agent" a LEFT JOIN "AgentTeam" m ON m."agentId" = a.id WHERE a.id = ?`,
    [agentId],
  );
  const a = rows[0];
  if (!a || !asBool(a.active)) throw forbidden("Only help desk agents can do that.");
  return {
    id: a.id,
    name: a.name,
    role: a.role === "admin" ? "admin" : "agent",
    teamIds: rows.flatMap((r) => (r.teamId ? [r.teamId] : [])),
  };
}
