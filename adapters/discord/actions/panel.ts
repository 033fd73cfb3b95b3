// Support panel: an admin posts, in the channel where the command is typed, the message with the
// "Open a ticket" button customers open private tickets with (support-panel.ts, panel-ticket.ts).
// `/ticket panel`.
// @see https://discord.com/developers/docs/resources/message#create-message
// @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object (app_permissions)
import { ChannelType, PermissionFlagsBits, Routes } from "discord.js";
import { deferPrivately, done } from "../action-helpers.js";
import { deskSpeech, speech, tell, type Speech } from "../context.js";
import { noMentions } from "../escape.js";
import { panelMessage } from "../support-panel.js";
import type { DiscordAction } from "./types.js";
import { authorizePanel, msg } from "../../../core/index.js";

/**
 * What the bot needs in the panel's channel, and how Discord's settings name it: a panel it cannot
 * serve would take customers' forms and fail each one, so it is refused when posted.
 */
const needed = [
  [PermissionFlagsBits.ViewChannel, "panel.permViewChannel"],
  [PermissionFlagsBits.SendMessages, "panel.permSendMessages"],
  [PermissionFlagsBits.CreatePrivateThreads, "panel.permCreatePrivateThreads"],
  [PermissionFlagsBits.SendMessagesInThreads, "panel.permSendMessagesInThreads"],
  [PermissionFlagsBits.ManageThreads, "panel.permManageThreads"],
] as const;

/** The needed permissions the bot lacks, named in the reader's language (empty when it has them all). */
function lacking(s: Speech, has: (flag: bigint) => boolean): string[] {
  return needed.filter(([flag]) => !has(flag)).map(([, key]) => s.say(msg(key)));
}

export const panel = {
  async command(ctx, i, actor) {
    await deferPrivately(i);
    await authorizePanel(ctx.deps, actor);
    const s = speech(ctx, i);
    // Private threads exist only under a text channel: not in a thread, a forum or an announcement channel.
    if (!i.channel || i.channel.type !== ChannelType.GuildText) return tell(i, `⚠️ ${s.say(msg("panel.notHere"))}`);
    // The interaction carries what the bot may do in this channel, overwrites applied.
    const missing = lacking(s, (flag) => i.appPermissions.has(flag, false));
    if (missing.length) return tell(i, `⚠️ ${s.say(msg("panel.botLacks", { permissions: missing.join(", ") }))}`);
    await i.client.rest.post(Routes.channelMessages(i.channel.id), {
      body: { ...panelMessage(deskSpeech(ctx)), allowed_mentions: noMentions },
    });
    ctx.log.info("discord support panel posted", { channel: i.channel.id });
    await tell(i, done(s.say(msg("panel.posted"))));
  },
} satisfies DiscordAction;
