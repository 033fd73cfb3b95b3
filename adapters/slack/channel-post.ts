// A workflow's post in a Slack channel named in the configuration ("chat.post" outbox rows): its
// text, escaped so it pings nobody, and a link to the ticket's card when it has one.
import type { KnownBlock } from "@slack/types";
import { z } from "zod";
import { DeliveryError, type OutboxRow } from "../../core/index.js";
import { fitEscaped, limits } from "./escape.js";

/** A "chat.post" row's payload (core/outbox/enqueue.ts). */
const ChatPostPayload = z.object({ ticketId: z.number().int(), channelId: z.string().min(1), text: z.string() });
type ChatPostPayload = z.infer<typeof ChatPostPayload>;

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

/**
 * The post: the text in a section (the workflow wrote it in the help desk's language; customer
 * words in it are escaped like a thread post's) and, under it, the ticket's number linking to its
 * card. `text` is what notifications and clients without blocks show.
 * @see https://api.slack.com/reference/block-kit/blocks#context
 */
export function channelPost(p: { ticketId: number; text: string }, cardUrl: string | null): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [{ type: "section", text: { type: "mrkdwn", text: fitEscaped(p.text, limits.sectionText).text } }];
  if (cardUrl) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `:ticket: <${cardUrl}|#${p.ticketId}>` }] });
  return { text: fitEscaped(p.text, limits.messageText).text, blocks };
}
