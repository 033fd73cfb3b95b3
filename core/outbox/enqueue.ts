import type { Tx } from "../db.js";
import type { LocalizedName } from "../i18n/format.js";
import { newId } from "../ids.js";
import { noteCardQueued, noteWork } from "../jobs/work-signal.js";
import type { ChatSurface } from "./delivery.js";

/** Why agents are being told about a ticket. */
export type NotifyReason = "mention" | "follow" | "assigned" | "inbound" | "delivery_failed" | "sla_warning" | "sla_breach" | "workflow";

/** Which SLA target a clock times (core/sla). */
export type SlaMetric = "first_response" | "next_response" | "resolution";

/** What an SLA alert says: the target is near, it has passed, or it was met after it had passed. */
export type SlaAlertKind = "warning" | "breach" | "met_late";

/**
 * Deliveries a use case asks for, written in its transaction and worked after commit.
 * `chat` rows are fanned out to every configured chat surface by the dispatcher.
 */
export type OutboxItem =
  | { target: "chat"; topic: "ticket.changed"; payload: { ticketId: number; change: string } }
  /** A card for one surface only (one that never showed the ticket), not fanned out to the others. */
  | { target: ChatSurface; topic: "ticket.changed"; payload: { ticketId: number; change: string } }
  | { target: "chat"; topic: "message.posted"; payload: { ticketId: number; messageId: string } }
  | {
      target: "chat";
      topic: "agents.notify";
      /** `text`: what a workflow tells them, by language, each agent reading theirs (shown as the message excerpt is). */
      payload: { ticketId: number; agentIds: string[]; reason: NotifyReason; messageId?: string; text?: LocalizedName | string };
    }
  /** An SLA warning or breach, posted in the ticket's thread on every chat surface. Dates are ISO strings. */
  | {
      target: "chat";
      topic: "sla.alert";
      payload: { ticketId: number; metric: SlaMetric; kind: SlaAlertKind; dueAt: string; at: string };
    }
  | { target: "email"; topic: "email.reply"; payload: { ticketId: number; messageId: string } }
  /** An SLA warning or breach emailed to the agents told of it (policies with `emailAlerts`). */
  | {
      target: "email";
      topic: "sla.email";
      payload: { ticketId: number; agentIds: string[]; metric: SlaMetric; kind: "warning" | "breach"; dueAt: string };
    }
  /** A workflow's notification emailed to agents, its text by language, each agent reading theirs. */
  | { target: "email"; topic: "workflow.email"; payload: { ticketId: number; agentIds: string[]; text: LocalizedName | string } }
  | { target: "slack" | "discord"; topic: "chat.reply"; payload: { ticketId: number; messageId: string } }
  /**
   * A workflow's post in a chat channel named in the config (a Slack channel id, a Discord channel
   * id): its text already in the help desk's language, about the ticket (linked to its card).
   */
  | { target: "slack" | "discord"; topic: "chat.post"; payload: { ticketId: number; channelId: string; text: string } }
  /** A satisfaction survey emailed to the requester (core/csat), with one-click rating links. */
  | { target: "email"; topic: "csat.email"; payload: { surveyId: string; ticketId: number } }
  /** A satisfaction survey sent to the requester in chat, as a direct message (core/csat/chat-survey.ts). */
  | {
      target: ChatSurface;
      topic: "csat.chat";
      payload: { surveyId: string; ticketId: number; subject: string; userId: string; locale: "en" | "ja" };
    };

export type OutboxTarget = OutboxItem["target"];
export type OutboxTopic = OutboxItem["topic"];

/** Rows that post or update a ticket's card or its thread in chat. */
export function isCardItem(i: OutboxItem): boolean {
  return i.topic === "ticket.changed" || i.topic === "message.posted";
}

/**
 * Writes the rows in the caller's transaction, in order. Card and thread rows of a ticket filed
 * apart (Ticket.quarantined: an auto-reply or bounce nobody has taken up) are left out, whichever
 * use case asks: it has no card, and posting one is what taking it up does (quarantine.ts).
 */
export async function enqueue(tx: Tx, at: Date, ...items: OutboxItem[]): Promise<void> {
  return enqueueKnowing(tx, at, new Map(), items);
}

/**
 * `enqueue` for a caller that already knows whether some tickets are filed apart (it has just
 * written them): `apartKnown` maps those ticket ids to that, and only the others are looked up.
 */
export async function enqueueKnowing(tx: Tx, at: Date, apartKnown: ReadonlyMap<number, boolean>, items: OutboxItem[]): Promise<void> {
  const cardIds = [...new Set(items.filter(isCardItem).map((i) => i.payload.ticketId))];
  const apart = new Set(cardIds.filter((id) => apartKnown.get(id) === true));
  const unknown = cardIds.filter((id) => !apartKnown.has(id));
  if (unknown.length) {
    const rows = await tx.selectFrom("Ticket").select("id").where("id", "in", unknown).where("quarantined", "=", true).execute();
    for (const t of rows) apart.add(t.id);
  }
  if (apart.size) items = items.filter((i) => !(isCardItem(i) && apart.has(i.payload.ticketId)));
  if (items.length === 0) return;
  noteWork(tx);
  for (const i of items) if (i.topic === "ticket.changed") noteCardQueued(tx, i.payload.ticketId);
  await tx
    .insertInto("Outbox")
    .values(
      items.map((i) => ({
        id: newId(),
        // See outsideTicketChain (and ticket-order.ts).
        ticketId: outsideTicketChain(i) ? null : i.payload.ticketId,
        target: i.target,
        topic: i.topic,
        payload: JSON.stringify(i.payload),
        createdAt: at,
        nextAttemptAt: at,
      })),
    )
    .execute();
}

/**
 * Rows that are not part of the ticket's own mail and card chain: agents' alerts and the customer's
 * satisfaction survey neither wait behind the ticket's deliveries nor hold them up, and failing,
 * they are not shown as the ticket's delivery failing.
 */
const outsideTicketChain = (i: OutboxItem): boolean =>
  i.topic === "sla.email" || i.topic === "workflow.email" || i.topic === "csat.email" || i.topic === "csat.chat";

export const ticketChanged = (ticketId: number, change: string): OutboxItem => ({
  target: "chat",
  topic: "ticket.changed",
  payload: { ticketId, change },
});

/** Posts (or brings up to date) the ticket's card on one chat surface only. */
export const cardOn = (surface: ChatSurface, ticketId: number, change: string): OutboxItem => ({
  target: surface,
  topic: "ticket.changed",
  payload: { ticketId, change },
});

export const messagePosted = (ticketId: number, messageId: string): OutboxItem => ({
  target: "chat",
  topic: "message.posted",
  payload: { ticketId, messageId },
});

/** A notification row, or none when nobody is left to tell. */
export function notifyAgents(ticketId: number, agentIds: Iterable<string>, reason: NotifyReason, messageId?: string): OutboxItem[] {
  const ids = [...new Set(agentIds)];
  if (ids.length === 0) return [];
  return [{ target: "chat", topic: "agents.notify", payload: { ticketId, agentIds: ids, reason, ...(messageId ? { messageId } : {}) } }];
}
