// A workflow's post in a Discord channel named in the configuration ("chat.post" outbox rows): its
// text, made safe so it pings nobody and is not read as markdown, and a link to the ticket's forum
// post when it has one.
import { ChannelType } from "discord.js";
import { z } from "zod";
import { DeliveryError, type OutboxRow } from "../../core/index.js";
import { fitSafe, limits } from "./escape.js";

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
 * Channels that take posts (threads) only, never a plain message, by what they are called.
 * @see https://discord.com/developers/docs/resources/channel#channel-object-channel-types
 */
export const postOnlyChannels: ReadonlyMap<number, string> = new Map([
  [ChannelType.GuildForum, "forum"],
  [ChannelType.GuildMedia, "media"],
]);

/** The message's content: the safe text, cut to leave room for the link line under it. */
export function channelPostContent(text: string, cardLink: string | null): string {
  const link = cardLink ? `\n🎫 ${cardLink}` : "";
  return fitSafe(text, limits.messageContent - link.length) + link;
}
