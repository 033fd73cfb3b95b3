import type { Catalog } from "../config.js";
import type { TicketRow } from "../access.js";
import type { Queryable } from "../db.js";
import { parseJsonObject } from "../json.js";
import type { ChatSurface } from "../outbox/delivery.js";
import type { SlaMetric } from "../outbox/enqueue.js";

export const priorities = ["low", "medium", "high", "urgent"] as const;
export type Priority = (typeof priorities)[number];

/**
 * Where a ticket came from: an email, a web form, an agent ("manual"), an integration through the
 * REST API ("api"), or a chat surface by its name.
 */
export type TicketSource = "email" | "form" | "manual" | "api" | ChatSurface;

/** Every source a ticket can have, the chat surfaces included: what configuration and filters offer. */
export const ticketSources = ["email", "form", "manual", "api", "slack", "discord"] as const satisfies readonly TicketSource[];

/** A ticket row with the names of what it refers to. */
export type TicketWithRefs = TicketRow & {
  owner: { id: string; name: string } | null;
  team: { id: string; name: string } | null;
  contact: { id: string; email: string | null; name: string | null } | null;
  company: { id: string; domain: string; name: string } | null;
};

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
  /** The earliest due time of its running SLA clocks (core/sla), or null when none runs. */
  slaDueAt: Date | null;
  /**
   * Its most urgent SLA target not met yet (`readSlaDue`), for the card: null when none is running
   * or paused. The card's sync reads it, after the change committed, and so does `showTicket`;
   * the views other use cases return leave it out, being read before the clocks settle in that
   * same transaction.
   */
  sla?: SlaDue | null;
  /** The customer's latest satisfaction rating (1 to 5), or null when they gave none; shown on the card. */
  csatScore?: number | null;
  mergedIntoId: number | null;
  splitFromId: number | null;
}

/** An SLA target a ticket has not met yet (a running or paused clock of core/sla). */
export interface SlaDue {
  metric: SlaMetric;
  /** When it falls due; null while the clock is paused. */
  dueAt: Date | null;
  /** When it was breached, or null while it is not. */
  breachedAt: Date | null;
  paused: boolean;
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
    slaDueAt: t.slaDueAt,
    csatScore: t.csatScore,
    mergedIntoId: t.mergedIntoId,
    splitFromId: t.splitFromId,
  };
}

/**
 * Tickets (as `t`) with the names of what they refer to joined in, as `loadTicketWithRefs` reads
 * one: the caller adds its where clause, order and limit, and maps each row with `withRefs`.
 */
export function selectTicketsWithRefs(q: Queryable) {
  return q
    .selectFrom("Ticket as t")
    .leftJoin("Agent as o", "o.id", "t.ownerId")
    .leftJoin("Team as tm", "tm.id", "t.teamId")
    .leftJoin("Contact as c", "c.id", "t.contactId")
    .leftJoin("Company as co", "co.id", "t.companyId")
    .selectAll("t")
    .select([
      "o.name as ownerName",
      "tm.name as teamName",
      "c.email as contactEmail",
      "c.name as contactName",
      "co.domain as companyDomain",
      "co.name as companyName",
    ]);
}

type TicketRefsRow = Awaited<ReturnType<ReturnType<typeof selectTicketsWithRefs>["executeTakeFirstOrThrow"]>>;

/**
 * A row of `selectTicketsWithRefs` as the ticket with its references. Built field by field: the
 * busiest mapping there is (every queue page), and object rest/spread over a wide row cost a fifth
 * of a queue read. A column added to Ticket fails to compile here until it is listed.
 */
export function withRefs(r: TicketRefsRow): TicketWithRefs {
  return {
    id: r.id,
    subject: r.subject,
    pipelineId: r.pipelineId,
    statusId: r.statusId,
    open: r.open,
    quarantined: r.quarantined,
    priority: r.priority,
    ownerId: r.ownerId,
    teamId: r.teamId,
    source: r.source,
    contactId: r.contactId,
    companyId: r.companyId,
    properties: r.properties,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    firstResponseAt: r.firstResponseAt,
    resolvedAt: r.resolvedAt,
    closedAt: r.closedAt,
    deletedAt: r.deletedAt,
    slaDueAt: r.slaDueAt,
    firstResponseSec: r.firstResponseSec,
    firstResponseBizSec: r.firstResponseBizSec,
    resolutionSec: r.resolutionSec,
    resolutionBizSec: r.resolutionBizSec,
    csatScore: r.csatScore,
    csatAt: r.csatAt,
    csatSentAt: r.csatSentAt,
    mergedIntoId: r.mergedIntoId,
    splitFromId: r.splitFromId,
    owner: r.ownerId ? { id: r.ownerId, name: r.ownerName ?? r.ownerId } : null,
    team: r.teamId ? { id: r.teamId, name: r.teamName ?? r.teamId } : null,
    contact: r.contactId ? { id: r.contactId, email: r.contactEmail, name: r.contactName } : null,
    company: r.companyId ? { id: r.companyId, domain: r.companyDomain ?? "", name: r.companyName ?? "" } : null,
  };
}

/** The ticket with the names of what it refers to, in one statement; null if there is none. */
export async function loadTicketWithRefs(q: Queryable, ticketId: number): Promise<TicketWithRefs | null> {
  const r = await selectTicketsWithRefs(q).where("t.id", "=", ticketId).executeTakeFirst();
  return r ? withRefs(r) : null;
}

/**
 * The views readTicketView made, by the ticket they show: a side table, not a field of the view, so
 * that what callers see and serialise stays the view alone (entries go with their views).
 */
const viewsRead = new WeakMap<object, number>();

/** Reads a ticket back as a view, inside the caller's transaction (or outside one). */
export async function readTicketView(q: Queryable, catalog: Catalog, ticketId: number): Promise<TicketView> {
  const t = await loadTicketWithRefs(q, ticketId);
  if (!t) throw new Error(`ticket ${ticketId} does not exist`);
  const view = toTicketView(t, catalog);
  viewsRead.set(view, ticketId);
  return view;
}

/**
 * A use case's result with each ticket view it read (the result itself, or a field of it) read
 * again. withTx calls it once the transaction's changes have settled: a use case reads its ticket
 * back before the SLA clocks and the workflows its change set off have run (a due time, a
 * workflow's priority or owner), and its caller must see the ticket as it commits.
 */
export async function rereadTicketViews<T>(q: Queryable, catalog: Catalog, result: T): Promise<T> {
  if (typeof result !== "object" || result === null) return result;
  const own = viewsRead.get(result);
  if (own !== undefined) return (await readTicketView(q, catalog, own)) as T;
  if (Array.isArray(result)) return result;
  let fresh: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(result)) {
    const id = typeof value === "object" && value !== null ? viewsRead.get(value) : undefined;
    if (id === undefined) continue;
    fresh ??= { ...(result as Record<string, unknown>) };
    fresh[key] = await readTicketView(q, catalog, id);
  }
  return (fresh ?? result) as T;
}

const metricOrder: readonly string[] = ["first_response", "next_response", "resolution"] satisfies SlaMetric[];

/**
 * A ticket's most urgent SLA target not met yet, in one query: of its running clocks the one due
 * first (a breached one is due first), else a paused one (a breached one first, then by metric);
 * null when it has neither.
 */
export async function readSlaDue(q: Queryable, ticketId: number): Promise<SlaDue | null> {
  const clocks = await q
    .selectFrom("SlaClock")
    .select(["metric", "state", "dueAt", "breachedAt"])
    .where("ticketId", "=", ticketId)
    .where("state", "in", ["running", "paused"])
    .execute();
  const running = clocks
    .flatMap((c) => (c.state === "running" && c.dueAt ? [{ ...c, dueAt: c.dueAt }] : []))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0];
  if (running) return { metric: running.metric as SlaMetric, dueAt: running.dueAt, breachedAt: running.breachedAt, paused: false };
  const paused = clocks
    .filter((c) => c.state === "paused")
    .sort((a, b) => Number(!a.breachedAt) - Number(!b.breachedAt) || metricOrder.indexOf(a.metric) - metricOrder.indexOf(b.metric))[0];
  return paused ? { metric: paused.metric as SlaMetric, dueAt: null, breachedAt: paused.breachedAt, paused: true } : null;
}
