import { canSeeTeam } from "../access.js";
import { contactForSql } from "../contacts/contact-sql.js";
import type { CoreDeps } from "../deps.js";
import { newId } from "../ids.js";
import { lookupHash } from "../keys/lookup-hash.js";
import { notifyAgents, type OutboxItem } from "../outbox/enqueue.js";
import { asBool, asDate, isUniqueViolation, type SqlTx } from "../sql.js";
import type { InboundInput, InboundResult } from "./ingest-inbound.js";
import { findStatus, statusColumns } from "./status-rules.js";
import { ticketSelect, toTicketWithRefs } from "./ticket-rows-sql.js";
import { toTicketView } from "./view.js";

/**
 * The other hot intake path: a customer's reply whose In-Reply-To/References name a message we
 * stored joins that ticket (through merges) in one transaction of prepared statements — the same
 * rows the general path writes. Returns null for anything else (no matching Message-ID, a
 * duplicate, a deleted ticket, no sender address): the caller then takes the general path.
 */
export async function appendInboundFast(deps: CoreDeps, input: InboundInput, email: string, at: Date): Promise<InboundResult | null> {
  const ids = [...new Set((input.threadKeys?.messageIds ?? []).map((s) => s.trim()).filter(Boolean))];
  if (ids.length === 0) return null;
  const probe = ids.length > 100 ? [...ids.slice(0, 50), ...ids.slice(-50)] : ids;
  try {
    return await deps.sql.transaction((q) => write(q, deps, input, email, probe, at));
  } catch (e) {
    if (isUniqueViolation(e)) return null; // a racing duplicate or new contact: the general path decides
    throw e;
  }
}

async function write(q: SqlTx, deps: CoreDeps, input: InboundInput, email: string, probe: string[], at: Date): Promise<InboundResult | null> {
  const externalId = input.externalId?.trim() || null;
  if (externalId && (await q.query(`SELECT 1 AS hit FROM "MessageRef" WHERE system = ? AND "externalIdHash" = ?`, [input.channel, lookupHash(externalId)])).length) return null;
  const hits = await q.query<{ externalId: string; messageId: string; ticketId: number }>(
    `SELECT r."externalId", r."messageId", m."ticketId" FROM "MessageRef" r JOIN "Message" m ON m.id = r."messageId"
     WHERE r.system = 'email' AND r."externalIdHash" IN (${probe.map(() => "?").join(", ")})`,
    probe.map(lookupHash),
  );
  // Earlier ids (In-Reply-To first) win, as on the general path; the first live ticket is the thread.
  let found: { ticketId: number; inReplyToId: string } | null = null;
  for (const id of probe) {
    const hit = hits.find((h) => h.externalId === id);
    const live = hit ? await lockLive(q, hit.ticketId, at) : null;
    if (hit && live !== null) {
      found = { ticketId: live, inReplyToId: hit.messageId };
      break;
    }
  }
  if (!found) return null;
  const { ticketId, inReplyToId } = found;
  const [row] = await q.query(`${ticketSelect} WHERE t.id = ?`, [ticketId]);
  const ticket = toTicketWithRefs(row!);
  // A person writing on a ticket filed apart takes it out (quarantine.ts): the general path does that.
  if (ticket.quarantined && !input.autoSubmitted) return null;

  const { contact } = await contactForSql(q, email, input.from.name?.trim() || null, at);
  // Someone new on the thread (a colleague who was cc'd) joins the ticket, so replies reach them;
  // an out-of-office robot or a mailer-daemon does not.
  if (!input.autoSubmitted) await q.execute(`INSERT INTO "TicketContact" ("ticketId", "contactId", role) VALUES (?, ?, 'cc') ON CONFLICT ("ticketId", "contactId") DO NOTHING`, [ticketId, contact.id]);
  const messageId = newId();
  await q.execute(
    `INSERT INTO "Message" (id, "ticketId", kind, "authorContactId", text, html, channel, "inReplyToId", cc, bcc, "createdAt") VALUES (?, ?, 'INBOUND', ?, ?, ?, ?, ?, ?, '[]', ?)`,
    [messageId, ticketId, contact.id, input.text, input.html ?? null, input.channel, inReplyToId, JSON.stringify(input.cc ?? []), at],
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
  const event = (type: string, data: Record<string, unknown>) =>
    q.execute(`INSERT INTO "TimelineEvent" (id, "ticketId", "actorType", "actorId", type, data, "createdAt") VALUES (?, ?, 'contact', ?, ?, ?, ?)`, [
      newId(), ticketId, contact.id, type, JSON.stringify(data), at,
    ]);
  await event("message.received", { messageId, channel: input.channel, ...(input.autoSubmitted ? { autoSubmitted: true } : {}) });

  // A customer writing again moves the ticket on, as the status says (see ingest-inbound.ts).
  const next = input.autoSubmitted ? undefined : deps.catalog.status(ticket.pipelineId, ticket.statusId)?.onCustomerReply;
  const status = next && next !== ticket.statusId ? findStatus(deps.catalog, ticket.pipelineId, next) : null;
  if (status) {
    const cols = statusColumns(status, at, { resolvedAt: ticket.resolvedAt });
    await q.execute(`UPDATE "Ticket" SET "updatedAt" = ?, "statusId" = ?, open = ?, "closedAt" = ?, "resolvedAt" = ? WHERE id = ?`, [
      at, cols.statusId, cols.open, cols.closedAt, cols.resolvedAt, ticketId,
    ]);
    await event("ticket.status_changed", { status: { before: ticket.statusId, after: status.id }, reason: "customer_reply" });
  }
  // Another robot on a ticket filed apart: nobody is told, and it has no card or thread.
  if (!ticket.quarantined) {
    const told = [...(ticket.ownerId ? [ticket.ownerId] : []), ...(await followersToTell(q, ticketId, ticket.teamId))];
    await insertOutbox(q, at, [
      { target: "chat", topic: "message.posted", payload: { ticketId, messageId } },
      ...(status ? [{ target: "chat", topic: "ticket.changed", payload: { ticketId, change: "status" } } as OutboxItem] : []),
      ...notifyAgents(ticketId, told, "inbound", messageId),
    ]);
  }
  const [after] = await q.query(`${ticketSelect} WHERE t.id = ?`, [ticketId]);
  return { ticket: toTicketView(toTicketWithRefs(after!), deps.catalog), messageId, created: false, duplicate: false };
}

/** Follows merges to the final primary and takes its row lock; null if it is gone or deleted. */
async function lockLive(q: SqlTx, start: number, at: Date): Promise<number | null> {
  let id = start;
  for (let hop = 0; hop < 16; hop++) {
    await q.execute(`UPDATE "Ticket" SET "updatedAt" = ? WHERE id = ? AND "deletedAt" IS NULL AND "mergedIntoId" IS NULL`, [at, id]);
    const [row] = await q.query<{ mergedIntoId: number | null; deletedAt: unknown }>(`SELECT "mergedIntoId", "deletedAt" FROM "Ticket" WHERE id = ?`, [id]);
    if (!row || asDate(row.deletedAt)) return null;
    if (row.mergedIntoId === null) return id;
    id = row.mergedIntoId;
  }
  return null;
}

/** `followersToNotify` for the SQL path: active followers who can still see the ticket's team. */
async function followersToTell(q: SqlTx, ticketId: number, teamId: string | null): Promise<string[]> {
  const rows = await q.query<{ agentId: string; name: string; role: string; active: unknown; teamId: string | null }>(
    `SELECT f."agentId", a.name, a.role, a.active, m."teamId" FROM "Follower" f JOIN "Agent" a ON a.id = f."agentId"
     LEFT JOIN "AgentTeam" m ON m."agentId" = a.id WHERE f."ticketId" = ? ORDER BY f."createdAt", f."agentId"`,
    [ticketId],
  );
  const ids = [...new Set(rows.map((r) => r.agentId))];
  return ids.filter((id) => {
    const mine = rows.filter((r) => r.agentId === id);
    const a = mine[0]!;
    const teamIds = mine.flatMap((r) => (r.teamId ? [r.teamId] : []));
    return asBool(a.active) && canSeeTeam({ id, name: a.name, role: a.role === "admin" ? "admin" : "agent", teamIds }, teamId);
  });
}

async function insertOutbox(q: SqlTx, at: Date, items: OutboxItem[]): Promise<void> {
  for (const i of items) {
    await q.execute(
      `INSERT INTO "Outbox" (id, "ticketId", target, topic, payload, status, attempts, "nextAttemptAt", "createdAt") VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)`,
      [newId(), i.payload.ticketId, i.target, i.topic, JSON.stringify(i.payload), at, at],
    );
  }
}
