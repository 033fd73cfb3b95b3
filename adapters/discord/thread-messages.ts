// What people write in a ticket's forum post: an agent's message is an internal note on the
// ticket; anyone else's is not kept, and they are told so once.
// @see https://discord.com/developers/docs/events/gateway-events#message-create
import { DiscordAPIError, Routes, type APIGuildMember, type Message } from "discord.js";
import { actorFor, discordReader, errorText, isRoleAgent, memberRoleIds, postInChannel, speech, type DiscordContext } from "./context.js";
import { limits, noMentions, truncate } from "./escape.js";
import { discordRef } from "./rest.js";
import {
  agentByChatUser,
  cardLinkOf,
  commentOnTicket,
  firstNoticeWithin,
  isHelpdeskError,
  msg,
  namedAgentsByChatUsers,
  readerFormats,
  render,
  resolvedMention,
  type Actor,
} from "../../core/index.js";

/** Contexts already warned that message content arrives empty (a log line, not state that matters). */
const warnedNoContent = new WeakSet<DiscordContext>();

/** How long a "your message was not kept" notice holds before the same person is told again. */
const noticeKeepMs = 30 * 24 * 60 * 60 * 1000;
const noticePrefix = "discord:thread:";

/**
 * Saves an agent's message in a ticket's forum post as an internal note on that ticket. The note
 * carries the Discord message as its origin, so the mirror does not post it back, and the same
 * gateway delivery twice makes one note (the second finds the message's reference taken).
 *
 * A non-agent's message is not kept; they get one short reply in the thread saying so (once per
 * person and post, remembered in the database so every replica agrees), since Discord has no
 * private answer to a plain message and silence would leave them thinking they were heard.
 * @see https://discord.com/developers/docs/resources/message#message-object
 * @see https://discord.com/developers/docs/events/gateway#message-content-intent
 */
export async function handleThreadMessage(ctx: DiscordContext, m: Message<true>): Promise<void> {
  const post = await postInChannel(ctx, m.channelId);
  if (post === null) return;
  const { ticketId } = post;
  const text = noteText(m);
  if (!text) {
    if (!m.content && !m.attachments.size && !m.stickers.size && !warnedNoContent.has(ctx)) {
      warnedNoContent.add(ctx);
      ctx.log.warn(
        "discord message in a ticket post arrived without content: enable the privileged Message Content intent (Developer Portal → Bot) so agents' notes are saved",
        { ticketId },
      );
    }
    return;
  }
  let saved: boolean;
  try {
    saved = await saveNote(ctx, m, ticketId, text);
  } catch (e) {
    // Something on our side (the database away, say): the writer must not think the note is
    // kept. Told under their message, then logged by the gateway listener.
    await replyTo(m, `❌ ${speech(ctx, m).say(msg("chat.noteFailedDiscord", { id: ticketId }))}`).catch((e2: unknown) =>
      ctx.log.warn("discord note failure could not be told", { ticketId, err: e2 instanceof Error ? e2.message : String(e2) }),
    );
    throw e;
  }
  if (!saved) await noticeOnce(ctx, m, ticketId);
  else if (post.moved) await replyTo(m, await movedNotice(ctx, m, ticketId));
}

/** Told under a note typed in a post its ticket has left: it is saved, and where to carry on. */
async function movedNotice(ctx: DiscordContext, m: Message, ticketId: number): Promise<string> {
  const now = await cardLinkOf(ctx.deps, ticketId, "discord", { withThread: true });
  const post = now?.threadId ? `<#${now.threadId}>` : null;
  return `ℹ️ ${speech(ctx, m).say(msg("chat.savedPostMoved", { id: ticketId, post }))}`;
}

/**
 * Saves the note when the writer is an agent (false when they are not); a core refusal is told
 * under the message. (When who they are cannot be read, the failure is told as for an agent.)
 */
async function saveNote(ctx: DiscordContext, m: Message<true>, ticketId: number, text: string): Promise<boolean> {
  const actor = await writerActor(ctx, m);
  if (!actor) return false;
  const mentioned = await mentionedAgents(ctx, m);
  const externalId = discordRef(m.channelId, m.id);
  try {
    // The same message delivered again (a resumed gateway session) finds its note made already:
    // the core answers that as a duplicate, which is as good as saved.
    await commentOnTicket(
      ctx.deps,
      {
        ticketId,
        text: withMentionNames(text, m, mentioned),
        mentionAgentIds: [...mentioned.values()].map((a) => a.id),
        origin: { channel: "discord", ref: { system: "discord", externalId } },
      },
      actor,
    );
  } catch (e) {
    if (!isHelpdeskError(e)) throw e;
    const reader = discordReader(m);
    const notSaved = render(msg("chat.noteNotSaved", { id: ticketId }), readerFormats(ctx.deps.catalog, reader));
    await replyTo(m, `${errorText(ctx, e, reader)}\n${notSaved}`);
  }
  return true;
}

/** The agent who wrote the message (by their server nickname first), or null when the writer is no agent. */
export async function writerActor(ctx: DiscordContext, m: Message<true>): Promise<Actor | null> {
  return actorFor(ctx, {
    id: m.author.id,
    displayName: m.member?.nickname ?? m.author.globalName ?? m.author.username,
    bot: m.author.bot,
    guildId: m.guildId,
    roles: await rolesOf(ctx, m),
  });
}

/**
 * The author's role ids. The client keeps no member cache, so `m.member` is usually null; when an
 * agent role is configured the roles are read from the API (no privileged intent needed), since
 * passing none would take a role agent's agent row away.
 * @see https://discord.com/developers/docs/resources/guild#get-guild-member
 */
async function rolesOf(ctx: DiscordContext, m: Message<true>): Promise<string[]> {
  if (m.member) return memberRoleIds(m.member);
  if (!ctx.agentRoleId) return [];
  // A listed agent acts whatever their roles: no need to ask.
  const listed = await agentByChatUser(ctx.deps, "discord", m.author.id);
  if (listed && !isRoleAgent(listed.id, m.author.id)) return [];
  try {
    const member = (await m.client.rest.get(Routes.guildMember(m.guildId, m.author.id))) as APIGuildMember;
    return member.roles;
  } catch (e) {
    // No longer a member of the server: no roles. Anything else is no answer, so no note now.
    if (e instanceof DiscordAPIError && e.status === 404) return [];
    throw e;
  }
}

/** The note's text: the message, and a link to each attachment (Discord keeps the files). */
function noteText(m: Message): string {
  const files = [...m.attachments.values()].map((a) => `📎 ${a.name}: ${a.url}`);
  return [m.content.trim(), ...files].filter(Boolean).join("\n");
}

/** Active agents among the users the message mentions, by Discord user id. */
function mentionedAgents(ctx: DiscordContext, m: Message): Promise<Map<string, { id: string; name: string }>> {
  return namedAgentsByChatUsers(ctx.deps, "discord", [...m.mentions.users.keys()]);
}

/**
 * `<@id>` reads as `@Name` in the note, wherever it is shown, as the core writes a resolved
 * mention: so the name is not read again as an `@handle` (a name like "Ada Lovelace" would
 * mention the agent whose handle is "ada"); who is mentioned comes from Discord's own mention list.
 */
function withMentionNames(text: string, m: Message, agents: Map<string, { name: string }>): string {
  return text.replace(/<@!?(\d{17,20})>/g, (all, id: string) => {
    const user = m.mentions.users.get(id);
    const name = agents.get(id)?.name ?? user?.globalName ?? user?.username;
    return name ? resolvedMention(name) : all;
  });
}

async function noticeOnce(ctx: DiscordContext, m: Message, ticketId: number): Promise<void> {
  // Told already (within the window) when the key is remembered; again only once that was long ago.
  if (!(await firstNoticeWithin(ctx.deps, `${noticePrefix}${m.channelId}:${m.author.id}`, noticeKeepMs))) return;
  await replyTo(m, `ℹ️ ${speech(ctx, m).say(msg("chat.agentsOnlyInPost", { id: ticketId }))}`);
}

/** A reply under the message that pings nobody, its author included. */
async function replyTo(m: Message, content: string): Promise<void> {
  await m.client.rest.post(Routes.channelMessages(m.channelId), {
    body: {
      content: truncate(content, limits.messageContent),
      allowed_mentions: { ...noMentions, replied_user: false },
      message_reference: { message_id: m.id, fail_if_not_exists: false },
    },
  });
}
