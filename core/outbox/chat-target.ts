import { z } from "zod";
import { DeliveryError, type ChatSurface, type DeliveryTarget, type OutboxRow } from "./delivery.js";

const TicketPayload = z.object({ ticketId: z.number().int() });
const MessagePayload = z.object({ ticketId: z.number().int(), messageId: z.string().min(1) });
const NotifyPayload = z.object({ ticketId: z.number().int(), agentIds: z.array(z.string()), reason: z.string(), messageId: z.string().optional() });

export type NotifyRow = z.infer<typeof NotifyPayload>;

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
