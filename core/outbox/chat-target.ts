import { z } from "zod";
import { locales } from "../i18n/locale.js";
import { msg, type Msg } from "../i18n/translate.js";
import { slaMetrics } from "../sla/sla-config.js";
import { DeliveryError, type ChatSurface, type DeliveryTarget, type OutboxRow } from "./delivery.js";
import type { NotifyReason, SlaAlertKind } from "./enqueue.js";

const TicketPayload = z.object({ ticketId: z.number().int() });
/** A workflow's text as an outbox row carries it: by language (`{ en, ja }`), or one text (rows written before). */
export const WorkflowText = z.union([z.string(), z.partialRecord(z.enum(locales), z.string())]);
const MessagePayload = z.object({ ticketId: z.number().int(), messageId: z.string().min(1) });
const NotifyPayload = z.object({
  ticketId: z.number().int(),
  agentIds: z.array(z.string()),
  reason: z.string(),
  messageId: z.string().optional(),
  text: WorkflowText.optional(),
});

export type NotifyRow = z.infer<typeof NotifyPayload>;

const slaAlertKinds = ["warning", "breach", "met_late"] as const satisfies readonly SlaAlertKind[];
/** An "sla.alert" row's payload (core/sla/clocks.ts writes it), its ISO dates read as dates. */
const SlaAlertPayload = z.object({
  ticketId: z.number().int(),
  metric: z.enum(slaMetrics),
  kind: z.enum(slaAlertKinds),
  dueAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
  /** When the alert fired; for "met_late", when the target was met. */
  at: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
});

export type SlaAlertRow = z.infer<typeof SlaAlertPayload>;

const notifyReasons = [
  "mention",
  "follow",
  "assigned",
  "inbound",
  "delivery_failed",
  "sla_warning",
  "sla_breach",
  "workflow",
] as const satisfies readonly NotifyReason[];

/** How a chat surface opens an agent's notification about `ticket`, by its reason ("About …" for one not listed). */
export function notifyReason(reason: string, ticket: string): Msg {
  const known = (notifyReasons as readonly string[]).includes(reason) ? (reason as (typeof notifyReasons)[number]) : "about";
  return msg(`notify.${known}`, { ticket });
}

/** A ticket's message as a chat surface shows it in the ticket's thread. */
export interface ThreadMessage {
  ticketId: number;
  /** INBOUND, REPLY, COMMENT or SYSTEM. */
  kind: string;
  text: string;
  author: string;
  cc: string[];
  /** Files that came with it, listed under its text. */
  attachments?: ThreadAttachment[] | undefined;
}

/** A message's attachment as a thread lists it. */
export interface ThreadAttachment {
  filename: string;
  size: number;
  /** False when it was too large to keep: only its name and size were saved. */
  stored: boolean;
  /** Where an agent opens it (a signed, expiring link), or null when links are not configured or nothing was stored. */
  url: string | null;
}

/** Makes the link an agent opens an attachment with, or null when the service gives none. */
export type AttachmentUrl = (attachmentId: string) => string | null;

/** A size as people read it: "512 B", "120 KB", "4.2 MB", "48 MB". */
export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB"];
  let n = bytes;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  const shown = u === 0 || n >= 10 ? String(Math.round(n)) : n.toFixed(1).replace(/\.0$/, "");
  return `${shown} ${units[u]}`;
}

/**
 * What a chat surface does for each outbox topic it receives (see enqueue.ts for who writes them);
 * core/chat/card-sync.ts is the one implementation, over each surface's port.
 */
export interface ChatHandlers {
  /** "ticket.changed": post or update the ticket's card. */
  syncCard(ticketId: number): Promise<void>;
  /** "message.posted": mirror a message into the card's thread. */
  mirrorMessage(messageId: string): Promise<void>;
  /** "agents.notify": tell agents privately. */
  notify(row: NotifyRow): Promise<void>;
  /** "chat.reply": send an agent's reply to a requester who wrote in chat. */
  replyInOrigin(ticketId: number, messageId: string): Promise<void>;
  /** "sla.alert": say in the card's thread that an SLA target is close, was breached, or was met late. */
  slaAlert(alert: SlaAlertRow): Promise<void>;
}

/**
 * A chat surface's outbox target: checks each row's payload and hands it to the surface's
 * handler. A row whose payload does not fit, or whose topic the surface does not know, fails
 * for good (retrying cannot mend it).
 */
export function chatDeliveryTarget(surface: ChatSurface, h: ChatHandlers): DeliveryTarget {
  const parse = <T>(schema: z.ZodType<T>, row: OutboxRow): T => {
    const p = schema.safeParse(row.payload);
    if (!p.success) throw new DeliveryError(`${row.topic} row with an unexpected payload`, { permanent: true });
    return p.data;
  };
  return {
    async deliver(row) {
      switch (row.topic) {
        case "ticket.changed":
          return h.syncCard(parse(TicketPayload, row).ticketId);
        case "message.posted":
          return h.mirrorMessage(parse(MessagePayload, row).messageId);
        case "agents.notify":
          return h.notify(parse(NotifyPayload, row));
        case "chat.reply": {
          const p = parse(MessagePayload, row);
          return h.replyInOrigin(p.ticketId, p.messageId);
        }
        case "sla.alert":
          return h.slaAlert(parse(SlaAlertPayload, row));
        default:
          throw new DeliveryError(`${surface} cannot deliver "${row.topic}"`, { permanent: true });
      }
    },
  };
}
