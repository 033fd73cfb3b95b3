import type { Catalog } from "../config.js";
import type { Tx } from "../db.js";
import type { ActingParty, TicketRow } from "../access.js";
import { assignOnEntry } from "../assignment/default-assignment.js";
import { enqueueKnowing, messagePosted, ticketChanged, type OutboxItem } from "../outbox/enqueue.js";
import { recordEvent } from "../timeline.js";
import { assertCanEnter, findStatus, statusColumns } from "./status-rules.js";
import type { Priority, TicketSource } from "./view.js";
import { invalid } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { messageRefKey } from "../keys/lookup-hash.js";
import { newId } from "../ids.js";

export interface NewTicketRecord {
  subject: string;
  source: TicketSource;
  pipelineId?: string | undefined;
  statusId?: string | undefined;
  priority?: Priority | undefined;
  teamId?: string | null | undefined;
  ownerId?: string | null | undefined;
  contactId?: string | null | undefined;
  companyId?: string | null | undefined;
  properties?: Record<string, unknown> | undefined;
  splitFromId?: number | undefined;
  /** Filed apart (see quarantine.ts): out of the default queues, and no card until taken up. */
  quarantined?: boolean | undefined;
  /** The first message, if the ticket starts with one. */
  message?: NewMessageRecord | undefined;
  /** Extra timeline data for the "created" event. */
  eventData?: Record<string, unknown> | undefined;
}

export interface NewMessageRecord {
  kind: "INBOUND" | "REPLY" | "COMMENT" | "SYSTEM";
  text: string;
  html?: string | null | undefined;
  channel: string;
  authorAgentId?: string | null | undefined;
  authorContactId?: string | null | undefined;
  cc?: string[] | undefined;
  bcc?: string[] | undefined;
  inReplyToId?: string | null | undefined;
  /** Sent by a machine (auto-reply, bounce): no customer waits on it. */
  auto?: boolean | undefined;
  refs?: { system: string; externalId: string }[] | undefined;
  attachments?: { filename: string; contentType: string; size: number; content?: Uint8Array | null }[] | undefined;
}

export function subjectOrDefault(subject: string | null | undefined, text: string | null | undefined, noSubject: string): string {
  const s = subject?.replace(/\s+/g, " ").trim();
  if (s) return s.slice(0, 250);
  const firstLine = text
    ?.split("\n")
    .find((l) => l.trim())
    ?.trim();
  return firstLine ? firstLine.slice(0, 80) : noSubject;
}

/**
 * Writes a message with its external references and attachments. A reference another message
 * already has (the same email delivered twice) is a unique key: the caller looks for it first,
 * and a racing duplicate fails the transaction, which withTx retries to find the earlier one.
 */
export async function insertMessage(tx: Tx, at: Date, ticketId: number, m: NewMessageRecord): Promise<{ id: string }> {
  const id = newId();
  await tx
    .insertInto("Message")
    .values({
      id,
      ticketId,
      kind: m.kind,
      text: m.text,
      html: m.html ?? null,
      channel: m.channel,
      authorAgentId: m.authorAgentId ?? null,
      authorContactId: m.authorContactId ?? null,
      cc: JSON.stringify(m.cc ?? []),
      bcc: JSON.stringify(m.bcc ?? []),
      inReplyToId: m.inReplyToId ?? null,
      auto: m.auto ?? false,
      createdAt: at,
    })
    .execute();
  if (m.refs?.length) {
    await tx
      .insertInto("MessageRef")
      .values(m.refs.map((r) => ({ id: newId(), messageId: id, ...messageRefKey(r.system, r.externalId) })))
      .execute();
  }
  if (m.attachments?.length) {
    await tx
      .insertInto("Attachment")
      .values(
        m.attachments.map((a) => ({
          id: newId(),
          messageId: id,
          filename: a.filename,
          contentType: a.contentType,
          size: a.size,
          content: a.content ? Buffer.from(a.content) : null,
        })),
      )
      .execute();
  }
  return { id };
}

/**
 * Writes a new ticket with its first message, its "created" timeline event and the outbox rows
 * that announce it, inside the caller's transaction; a ticket without an owner entering a team or
 * pipeline of an `auto` assignment rule is then given one by the rule (core/assignment), whatever
 * made it. Returns the ticket and message ids, and the row as written, with the owner a rule gave
 * it (so a caller that knows the names it refers to needs no read back).
 */
export async function insertTicket(
  tx: Tx,
  catalog: Catalog,
  at: Date,
  party: ActingParty,
  rec: NewTicketRecord,
  extraOutbox: OutboxItem[] = [],
): Promise<{ ticketId: number; messageId: string | null; row: TicketRow; owner: { id: string; name: string } | null }> {
  const pipeline = rec.pipelineId ? catalog.pipeline(rec.pipelineId) : catalog.defaultPipeline;
  if (!pipeline)
    throw invalid(msg("errors.pipelineUnknown", { pipeline: String(rec.pipelineId) }), { pipeline: msg("fields.unknownPipeline") });
  const status = findStatus(catalog, pipeline.id, rec.statusId ?? pipeline.statuses[0]!.id);
  const properties = rec.properties ?? {};
  const state = { ownerId: rec.ownerId ?? null, teamId: rec.teamId ?? null, contactId: rec.contactId ?? null, properties };
  assertCanEnter(catalog, status, state);
  const priority = rec.priority ?? "medium";
  const ticket = await tx
    .insertInto("Ticket")
    .values({
      subject: rec.subject,
      source: rec.source,
      pipelineId: pipeline.id,
      priority,
      teamId: state.teamId,
      ownerId: state.ownerId,
      contactId: state.contactId,
      companyId: rec.companyId ?? null,
      properties: JSON.stringify(properties),
      splitFromId: rec.splitFromId ?? null,
      quarantined: rec.quarantined ?? false,
      createdAt: at,
      updatedAt: at,
      ...statusColumns(catalog, status, at, {
        createdAt: at,
        pipelineId: pipeline.id,
        priority,
        teamId: state.teamId,
        source: rec.source,
        resolvedAt: null,
      }),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (state.contactId)
    await tx.insertInto("TicketContact").values({ ticketId: ticket.id, contactId: state.contactId, role: "requester" }).execute();
  const message = rec.message ? await insertMessage(tx, at, ticket.id, rec.message) : null;
  await recordEvent(tx, at, ticket.id, party, "ticket.created", {
    source: rec.source,
    pipelineId: pipeline.id,
    statusId: status.id,
    priority,
    ...rec.eventData,
  });
  const card = rec.quarantined ? [] : [ticketChanged(ticket.id, "created"), ...(message ? [messagePosted(ticket.id, message.id)] : [])];
  await enqueueKnowing(tx, at, new Map([[ticket.id, rec.quarantined ?? false]]), [...card, ...extraOutbox]);
  const assigned = await assignOnEntry(tx, { catalog }, at, ticket.id, { team: true, pipeline: true });
  const owner = assigned?.assigned ? assigned.owner : null;
  return { ticketId: ticket.id, messageId: message?.id ?? null, row: owner ? { ...ticket, ownerId: owner.id } : ticket, owner };
}
