import { contactForSql } from "../contacts/contact-sql.js";
import { normaliseEmail } from "../contacts/find-or-create-contact.js";
import type { CoreDeps } from "../deps.js";
import { invalid } from "../errors.js";
import { newId } from "../ids.js";
import { lookupHash } from "../keys/lookup-hash.js";
import { isUniqueViolation, type SqlTx } from "../sql.js";
import type { InboundInput, InboundResult } from "./ingest-inbound.js";
import { subjectOrDefault } from "./insert-ticket.js";
import { validateProperties } from "./properties.js";
import { opensQuarantined } from "./quarantine.js";
import { assertCanEnter, findStatus, statusColumns } from "./status-rules.js";
import type { TicketView } from "./view.js";

/**
 * The hot intake path: a first message from a customer opens a ticket in one transaction of
 * prepared statements — contact (and company), ticket, message with its Message-ID, "created"
 * event and outbox rows — the same rows `insertTicket` writes through Prisma, at a fraction of
 * the cost. Returns null when the message may belong to an existing ticket (it carries thread
 * keys that match, or was seen before): the caller then takes the general path.
 */
export async function openInboundTicketFast(deps: CoreDeps, input: InboundInput, at: Date): Promise<InboundResult | null> {
  if (input.threadKeys?.ticketNumber !== undefined) return null;
  // Chat users may have no known address; everyone else must be answerable by email.
  const rawEmail = input.from.email?.trim();
  if (!rawEmail) return null;
  const email = normaliseEmail(rawEmail);
  const pipeline = input.route?.pipelineId ? deps.catalog.pipeline(input.route.pipelineId) : deps.catalog.defaultPipeline;
  if (!pipeline) throw invalid(`There is no pipeline "${input.route?.pipelineId}".`, { pipeline: "Unknown pipeline." });
  const status = findStatus(deps.catalog, pipeline.id, pipeline.statuses[0]!.id);
  const properties = Object.fromEntries(Object.entries(validateProperties(deps.catalog, input.properties ?? {})).filter(([, v]) => v !== null));
  const teamId = input.route?.teamId ?? null;
  assertCanEnter(deps.catalog, status, { ownerId: null, teamId, contactId: "pending", properties });

  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.sql.transaction((q) => write(q, deps, input, at, { email, pipelineId: pipeline.id, status, properties, teamId }));
    } catch (e) {
      // Lost a race on a contact, company or Message-ID: the general path sorts out which.
      if (isUniqueViolation(e)) {
        if (attempt < 3) continue;
        return null;
      }
      throw e;
    }
  }
}

interface Plan {
  email: string;
  pipelineId: string;
  status: ReturnType<typeof findStatus>;
  properties: Record<string, unknown>;
  teamId: string | null;
}

async function write(q: SqlTx, deps: CoreDeps, input: InboundInput, at: Date, plan: Plan): Promise<InboundResult | null> {
  const externalId = input.externalId?.trim() || null;
  const threadIds = [...new Set((input.threadKeys?.messageIds ?? []).map((s) => s.trim()).filter(Boolean))].slice(0, 100);
  const probes: [string, string][] = [
    ...(externalId ? [[input.channel, externalId] as [string, string]] : []),
    ...threadIds.map((id) => ["email", id] as [string, string]),
  ];
  if (probes.length) {
    const where = probes.map(() => `(system = ? AND "externalIdHash" = ?)`).join(" OR ");
    const seen = await q.query(`SELECT 1 AS hit FROM "MessageRef" WHERE ${where} LIMIT 1`, probes.flatMap(([system, id]) => [system, lookupHash(id)]));
    if (seen.length) return null;
  }
  let team: { id: string; name: string } | null = null;
  if (plan.teamId) {
    [team = null] = await q.query<{ id: string; name: string }>(`SELECT id, name FROM "Team" WHERE id = ?`, [plan.teamId]);
    if (!team) throw invalid(`There is no team "${plan.teamId}".`, { team: "Unknown team." });
  }
  const name = input.from.name?.trim() || null;
  const { contact, company } = await contactForSql(q, plan.email, name, at);

  const cols = statusColumns(plan.status, at, { resolvedAt: null });
  const subject = subjectOrDefault(input.subject, input.text);
  const priority = input.priority ?? "medium";
  const quarantined = opensQuarantined(input);
  const [ticket] = await q.query<{ id: number }>(
    `INSERT INTO "Ticket" (subject, "pipelineId", "statusId", open, quarantined, priority, "teamId", source, "contactId", "companyId", properties, "createdAt", "updatedAt", "closedAt", "resolvedAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [subject, plan.pipelineId, cols.statusId, cols.open, quarantined, priority, plan.teamId, input.channel, contact.id, company?.id ?? null, JSON.stringify(plan.properties), at, at, cols.closedAt, cols.resolvedAt],
  );
  const ticketId = ticket!.id;
  await q.execute(`INSERT INTO "TicketContact" ("ticketId", "contactId", role) VALUES (?, ?, 'requester')`, [ticketId, contact.id]);
  const messageId = newId();
  await q.execute(
    `INSERT INTO "Message" (id, "ticketId", kind, "authorContactId", text, html, channel, cc, bcc, "createdAt") VALUES (?, ?, 'INBOUND', ?, ?, ?, ?, ?, '[]', ?)`,
    [messageId, ticketId, contact.id, input.text, input.html ?? null, input.channel, JSON.stringify(input.cc ?? []), at],
  );
  if (externalId) {
    await q.execute(`INSERT INTO "MessageRef" (id, "messageId", system, "externalId", "externalIdHash") VALUES (?, ?, ?, ?, ?)`, [
      newId(), messageId, input.channel, externalId, lookupHash(externalId),
    ]);
  }
  for (const a of input.attachments ?? []) {
    await q.execute(`INSERT INTO "Attachment" (id, "messageId", filename, "contentType", size, content) VALUES (?, ?, ?, ?, ?, ?)`, [
      newId(), messageId, a.filename, a.contentType, a.size, a.content ? Buffer.from(a.content) : null,
    ]);
  }
  const eventData = {
    source: input.channel,
    pipelineId: plan.pipelineId,
    statusId: plan.status.id,
    priority,
    ...(input.autoSubmitted ? { autoSubmitted: true } : {}),
    ...(quarantined ? { quarantined: true } : {}),
  };
  await q.execute(
    `INSERT INTO "TimelineEvent" (id, "ticketId", "actorType", "actorId", type, data, "createdAt") VALUES (?, ?, 'contact', ?, 'ticket.created', ?, ?)`,
    [newId(), ticketId, contact.id, JSON.stringify(eventData), at],
  );
  // A ticket filed apart has no card until an agent takes it up (quarantine.ts).
  if (!quarantined) {
    await q.execute(
      `INSERT INTO "Outbox" (id, "ticketId", target, topic, payload, status, attempts, "nextAttemptAt", "createdAt")
       VALUES (?, ?, 'chat', 'ticket.changed', ?, 'pending', 0, ?, ?), (?, ?, 'chat', 'message.posted', ?, 'pending', 0, ?, ?)`,
      [newId(), ticketId, JSON.stringify({ ticketId, change: "created" }), at, at, newId(), ticketId, JSON.stringify({ ticketId, messageId }), at, at],
    );
  }
  const view: TicketView = {
    id: ticketId,
    number: `#${ticketId}`,
    subject,
    pipeline: { id: plan.pipelineId, name: deps.catalog.pipeline(plan.pipelineId)!.name },
    status: { id: plan.status.id, name: plan.status.name, category: plan.status.category },
    priority,
    owner: null,
    team,
    source: input.channel,
    contact: { id: contact.id, email: plan.email, name: contact.name },
    company,
    properties: plan.properties,
    createdAt: at,
    updatedAt: at,
    firstResponseAt: null,
    resolvedAt: cols.resolvedAt,
    closedAt: cols.closedAt,
    deletedAt: null,
    mergedIntoId: null,
    splitFromId: null,
  };
  return { ticket: view, messageId, created: true, duplicate: false };
}
