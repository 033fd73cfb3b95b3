import { z } from "zod";
import type { Db } from "../db.js";
import { prismaCode } from "../deps.js";
import { messageRefKey } from "../keys/lookup-hash.js";
import { DeliveryError, type ChatSurface, type DeliveryTarget, type OutboxRow } from "./delivery.js";

const TicketPayload = z.object({ ticketId: z.number().int() });
const MessagePayload = z.object({ ticketId: z.number().int(), messageId: z.string().min(1) });
const NotifyPayload = z.object({ ticketId: z.number().int(), agentIds: z.array(z.string()), reason: z.string(), messageId: z.string().optional() });

export type NotifyRow = z.infer<typeof NotifyPayload>;

/** How a chat surface opens an agent's notification, by its reason ("About" for one not listed). */
export const notifyReasonText: Record<string, string> = {
  mention: "You were mentioned on",
  follow: "New activity on a ticket you follow:",
  assigned: "You were assigned",
  inbound: "The customer wrote again on",
  delivery_failed: "A delivery failed on",
};

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

/** A message's attachments for its thread post, oldest first, with links from `url` (their content is not read). */
export async function threadAttachments(db: Db, messageId: string, url?: AttachmentUrl): Promise<ThreadAttachment[]> {
  const all = await db.attachment.findMany({ where: { messageId }, select: { id: true, filename: true, size: true }, orderBy: { id: "asc" } });
  if (!all.length) return [];
  const kept = new Set((await db.attachment.findMany({ where: { messageId, content: { not: null } }, select: { id: true } })).map((a) => a.id));
  return all.map((a) => {
    const stored = kept.has(a.id);
    return { filename: a.filename, size: a.size, stored, url: stored && url ? url(a.id) : null };
  });
}

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

/** What a chat surface does for each outbox topic it receives (see enqueue.ts for who writes them). */
export interface ChatHandlers {
  /** "ticket.changed": post or update the ticket's card. */
  syncCard(ticketId: number): Promise<void>;
  /** "message.posted": mirror a message into the card's thread. */
  mirrorMessage(messageId: string): Promise<void>;
  /** "agents.notify": tell agents privately. */
  notify(row: NotifyRow): Promise<void>;
  /** "chat.reply": send an agent's reply to a requester who wrote in chat. */
  replyInOrigin(ticketId: number, messageId: string): Promise<void>;
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
        default:
          throw new DeliveryError(`${surface} cannot deliver "${row.topic}"`, { permanent: true });
      }
    },
  };
}

/**
 * Records that a message was posted as `externalId` on a chat surface; recording it twice (a
 * retried delivery) is harmless. The refs let a retry skip parts already posted.
 */
export async function recordChatRef(db: Db, messageId: string, system: string, externalId: string): Promise<void> {
  try {
    await db.messageRef.create({ data: { messageId, ...messageRefKey(system, externalId) } });
  } catch (e) {
    if (prismaCode(e) !== "P2002") throw e;
  }
}

/** Who wrote a message, as a chat thread names them. */
export async function messageAuthorName(db: Db, m: { authorAgentId: string | null; authorContactId: string | null; kind: string }): Promise<string> {
  if (m.authorAgentId) return (await db.agent.findUnique({ where: { id: m.authorAgentId } }))?.name ?? "An agent";
  if (m.authorContactId) {
    const c = await db.contact.findUnique({ where: { id: m.authorContactId } });
    return c?.name ?? c?.email ?? "The customer";
  }
  return m.kind === "INBOUND" ? "The customer" : "System";
}
