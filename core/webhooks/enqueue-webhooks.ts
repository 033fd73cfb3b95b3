// Before a transaction commits (withTx's afterChanges), the timeline events it recorded become
// webhook deliveries: one outbox row per event and endpoint that wants it, written in the same
// transaction, so a change and the webhooks it owes commit together or not at all.
import type { CoreDeps } from "../deps.js";
import type { Tx } from "../db.js";
import { newId } from "../ids.js";
import { noteWork, type NotedEvent } from "../jobs/work-signal.js";
import { loadTicketWithRefs, toTicketView } from "../tickets/view.js";
import { publicTicket, type PublicTicket } from "./public-ticket.js";
import type { WebhookEndpointDefinition, WebhookEventType } from "./webhook-config.js";
import { webhookEventOf } from "./webhook-events.js";

/** The outbox target webhook deliveries go to (adapters/webhooks). */
export const webhookTarget = "webhook";

/** What a receiver gets: the JSON body of one delivery. */
export interface WebhookEvent {
  /** Unique per event; the same in every retry and for every endpoint (the receiver's dedupe key). */
  id: string;
  /** What happened; `workflow.webhook` for a workflow's `call_webhook` action. */
  type: WebhookEventType | "workflow.webhook";
  /** When the change happened (ISO 8601, UTC). */
  createdAt: string;
  /** The ticket as it is once the change is made. */
  ticket: PublicTicket;
  data: Record<string, unknown>;
}

/** A webhook row's payload: the endpoint it goes to and the body it carries. */
export interface WebhookPayload {
  endpoint: string;
  ticketId: number;
  event: WebhookEvent;
}

/**
 * The row's unique key: one delivery of an event to an endpoint, and the way to find an
 * endpoint's rows (its pending ones stop when it is disabled).
 */
export const webhookRowKey = (endpoint: string, eventId: string) => `${webhookKeyPrefix(endpoint)}${eventId}`;
export const webhookKeyPrefix = (endpoint: string) => `webhook:${endpoint}:`;

/** Writes the webhook rows the events owe, in the caller's transaction. Nothing is read when no endpoint is on. */
export async function enqueueWebhooks(tx: Tx, deps: Partial<Pick<CoreDeps, "catalog">>, events: readonly NotedEvent[]): Promise<void> {
  const configured = deps.catalog?.config.webhooks.filter((w) => w.enabled) ?? [];
  if (!configured.length || !events.length) return;
  const wanted = events.flatMap((e) => {
    const of = webhookEventOf(e);
    return of && configured.some((w) => w.events.includes(of.type)) ? [{ e, of }] : [];
  });
  if (!wanted.length) return;
  const disabled = await tx
    .selectFrom("WebhookEndpoint")
    .select("id")
    .where(
      "id",
      "in",
      configured.map((w) => w.id),
    )
    .where("disabledAt", "is not", null)
    .execute();
  const open = configured.filter((w) => !disabled.some((d) => d.id === w.id));
  if (!open.length) return;
  const tickets = new Map<number, { view: PublicTicket; teamId: string | null } | null>();
  const rows: WebhookRow[] = [];
  for (const { e, of } of wanted) {
    const ticket = await ticketOf(tx, deps, tickets, e.ticketId);
    if (!ticket) continue;
    const to = open.filter((w) => w.events.includes(of.type) && wantsTeam(w, ticket.teamId));
    if (!to.length) continue;
    const data = of.messageId ? { ...of.data, message: await messageOf(tx, of.messageId) } : of.data;
    const event: WebhookEvent = { id: newId(), type: of.type, createdAt: e.at.toISOString(), ticket: ticket.view, data };
    for (const w of to) rows.push(webhookRow(w.id, e.ticketId, event, e.at));
  }
  await insertWebhookRows(tx, rows);
}

type WebhookRow = ReturnType<typeof webhookRow>;

/** The outbox row that delivers `event` to one endpoint. */
export function webhookRow(endpoint: string, ticketId: number, event: WebhookEvent, at: Date) {
  const payload: WebhookPayload = { endpoint, ticketId, event };
  return {
    id: newId(),
    key: webhookRowKey(endpoint, event.id),
    // Outside the ticket's chain: a receiver that is down holds back neither the ticket's mail
    // and cards nor other receivers, and its failures are not the ticket's to show.
    ticketId: null,
    target: webhookTarget,
    topic: event.type,
    payload: JSON.stringify(payload),
    createdAt: at,
    nextAttemptAt: at,
  };
}

export async function insertWebhookRows(tx: Tx, rows: WebhookRow[]): Promise<void> {
  if (!rows.length) return;
  noteWork(tx);
  await tx.insertInto("Outbox").values(rows).execute();
}

const wantsTeam = (w: WebhookEndpointDefinition, teamId: string | null) => !w.teams || (teamId !== null && w.teams.includes(teamId));

/** The ticket as receivers see it, read once per transaction pass; null for one filed apart (nobody has taken it up). */
async function ticketOf(
  tx: Tx,
  deps: Partial<Pick<CoreDeps, "catalog">>,
  seen: Map<number, { view: PublicTicket; teamId: string | null } | null>,
  ticketId: number,
): Promise<{ view: PublicTicket; teamId: string | null } | null> {
  if (seen.has(ticketId)) return seen.get(ticketId)!;
  const t = await loadTicketWithRefs(tx, ticketId);
  const got = t && !t.quarantined && deps.catalog ? { view: publicTicket(toTicketView(t, deps.catalog)), teamId: t.teamId } : null;
  seen.set(ticketId, got);
  return got;
}

/**
 * The longest message text a body carries: a pasted log in an email can run to megabytes, and the
 * body is stored once per endpoint. Longer texts are cut and marked `textTruncated`.
 */
export const maxWebhookTextLength = 64 * 1024;

/** The message a reply event is about. Its text is the customer's or the agent's words, as stored. */
async function messageOf(tx: Tx, messageId: string) {
  const m = await tx
    .selectFrom("Message")
    .select(["id", "channel", "text", "createdAt", "authorAgentId", "authorContactId"])
    .where("id", "=", messageId)
    .executeTakeFirst();
  if (!m) return null;
  return {
    id: m.id,
    channel: m.channel,
    text: m.text.length > maxWebhookTextLength ? m.text.slice(0, maxWebhookTextLength) : m.text,
    ...(m.text.length > maxWebhookTextLength ? { textTruncated: true } : {}),
    createdAt: m.createdAt.toISOString(),
    author: m.authorAgentId ? { agentId: m.authorAgentId } : m.authorContactId ? { contactId: m.authorContactId } : null,
  };
}
