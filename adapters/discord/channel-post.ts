// A workflow's post in a Discord channel named in the configuration ("chat.post" outbox rows): its
// text, made safe so it pings nobody and is not read as markdown, and a link to the ticket's forum
// post when it has one.
import { ChannelType } from "discord.js";
import { fitSafe, limits } from "./escape.js";

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
