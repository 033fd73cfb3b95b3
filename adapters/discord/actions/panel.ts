// Support panel: an admin posts, in the channel where the command is typed, the message with the
// "Open a ticket" button customers open private tickets with (support-panel.ts, panel-ticket.ts).
// `/ticket panel`.
// @see https://discord.com/developers/docs/resources/message#create-message
import { ChannelType, Routes } from "discord.js";
import { deferPrivately, done } from "../action-helpers.js";
import { deskSpeech, speech, tell } from "../context.js";
import { noMentions } from "../escape.js";
import { panelMessage } from "../support-panel.js";
import type { DiscordAction } from "./types.js";
import { authorizePanel, msg } from "../../../core/index.js";

/** Channels a panel can stand in: a thread cannot hold private threads, a forum holds only posts. */
const panelChannels: readonly ChannelType[] = [ChannelType.GuildText, ChannelType.GuildAnnouncement];

export const panel = {
  async command(ctx, i, actor) {
    await deferPrivately(i);
    await authorizePanel(ctx.deps, actor);
    const s = speech(ctx, i);
    if (!i.channel || !panelChannels.includes(i.channel.type)) return tell(i, `⚠️ ${s.say(msg("panel.notHere"))}`);
    await i.client.rest.post(Routes.channelMessages(i.channel.id), {
      body: { ...panelMessage(deskSpeech(ctx)), allowed_mentions: noMentions },
    });
    ctx.log.info("discord support panel posted", { channel: i.channel.id });
    await tell(i, done(s.say(msg("panel.posted"))));
  },
} satisfies DiscordAction;
