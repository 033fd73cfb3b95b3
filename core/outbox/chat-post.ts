// A "chat.post" row (a workflow's post in a configured channel), read the same way by every chat
// surface before it renders and posts it.
import { z } from "zod";
import { DeliveryError, type OutboxRow } from "./delivery.js";

const ChatPostPayload = z.object({ ticketId: z.number().int(), channelId: z.string().min(1), text: z.string() });
export type ChatPostPayload = z.infer<typeof ChatPostPayload>;

/**
 * The row's payload; one that does not fit fails for good, as any other topic's would, and so does
 * one with nothing to say (a workflow's text filled from empty fields), which no post can carry.
 */
export function chatPostPayload(row: OutboxRow): ChatPostPayload {
  const p = ChatPostPayload.safeParse(row.payload);
  if (!p.success) throw new DeliveryError(`${row.topic} row with an unexpected payload`, { permanent: true });
  if (!p.data.text.trim()) throw new DeliveryError(`${row.topic} row with no text to post in ${p.data.channelId}`, { permanent: true });
  return p.data;
}
