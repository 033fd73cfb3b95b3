// What every Discord handler shares: who the Discord user is in the help desk, how core errors
// read in Discord, which ticket a forum post belongs to, and the replies every handler makes.
import type {
  APIGuildMember,
  APIInteractionDataResolvedGuildMember,
  APIInteractionGuildMember,
  GuildMember,
  InteractionReplyOptions,
  MessageComponentInteraction,
  RepliableInteraction,
  User,
} from "discord.js";
import { MessageFlags } from "discord.js";
import type { DiscordForum, DiscordPanel } from "./config.js";
import { limits, noMentions, truncate } from "./escape.js";
import {
  type Actor,
  agentByChatUser,
  cardLinkAt,
  type CoreDeps,
  type ErrorCode,
  isHelpdeskError,
  deskFormats,
  type Logger,
  movedCardRole,
  msg,
  provisionAgent,
  provisionedAgentId,
  type Reader,
  type Speech,
  speechIn,
  readerFormats,
  render,
} from "../../core/index.js";

export type { Speech };

export interface DiscordContext {
  deps: CoreDeps;
  log: Logger;
  /** The help desk's server; interactions from any other are refused. */
  guildId?: string | undefined;
  /** Members with this role act as agents without being listed in the config's `agents`. */
  agentRoleId?: string | undefined;
  forums: readonly DiscordForum[];
  /** The support panel's form: its extra questions (none when absent). */
  panel?: DiscordPanel | undefined;
  /** How long autocomplete waits for its lookup before answering with no suggestions (default 2 s). */
  autocompleteBudgetMs?: number | undefined;
  /** The service's address as agents' browsers reach it (PUBLIC_URL): dashboard sign-in links start with it; none without. */
  publicUrl?: string | undefined;
}

/**
 * A Discord user as a reader: a listed agent's configured locale, else the locale Discord sends
 * with every interaction (the user's client language), else the help desk's.
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object
 */
export function discordReader(from: { user: { id: string }; locale?: string | null } | { author: { id: string } }): Reader {
  if ("author" in from) return { account: { surface: "discord", userId: from.author.id } };
  return { account: { surface: "discord", userId: from.user.id }, platformLocale: from.locale ?? null };
}

/**
 * How to speak to a Discord user (an interaction, or the author of a message): their formats
 * (language, time zone) and `say` for a catalogue message.
 */
export function speech(ctx: DiscordContext, from: Parameters<typeof discordReader>[0]): Speech {
  return speechIn(readerFormats(ctx.deps.catalog, discordReader(from)));
}

/** How to speak where everyone reads (a forum post, a channel): the help desk's language. */
export function deskSpeech(ctx: DiscordContext): Speech {
  return speechIn(deskFormats(ctx.deps.catalog));
}

/** What someone who is not an agent is told, in their language. */
export function refusalText(ctx: DiscordContext, reader: Reader): string {
  return `⛔ ${render(msg("chat.agentsOnlyDiscord"), readerFormats(ctx.deps.catalog, reader))}`;
}

/**
 * Whether an agent row found for a Discord user is the one made for them as an agent-role member
 * (the core names those rows after the surface and the user id).
 */
export const isRoleAgent = (agentId: string, userId: string): boolean => agentId === provisionedAgentId("discord", userId);

/** Who is acting, as the interaction or message describes them. */
export interface DiscordUser {
  id: string;
  /** The name to give an agent row made for a role member. */
  displayName: string;
  bot?: boolean | undefined;
  /** The server the interaction or message came from (null in DMs). */
  guildId: string | null;
  /** The member's role ids in that server; empty when unknown. */
  roles: readonly string[];
}

/** A member as discord.js hands it over: built (server cached) or raw, as the API sent it. */
export type AnyMember = GuildMember | APIInteractionGuildMember | APIInteractionDataResolvedGuildMember | APIGuildMember;

/** A member's role ids, whether discord.js built a GuildMember (server cached) or kept the raw member. */
export function memberRoleIds(member: AnyMember | null | undefined): string[] {
  if (!member) return [];
  if (Array.isArray(member.roles)) return member.roles;
  const m = member as GuildMember;
  // `_roles` holds every id the gateway sent, including roles not (yet) in the role cache.
  const raw = (m as unknown as { _roles?: string[] })._roles;
  return raw ? [...raw] : [...m.roles.cache.keys()];
}

/**
 * The help desk agent behind a Discord user, or null: bots, unknown users, deactivated agents and
 * anyone acting from another server do not act. A member of the agent role gets (or gets back)
 * an agent row of their own on first use and loses it when the role is taken away.
 */
export async function actorFor(ctx: DiscordContext, user: DiscordUser): Promise<Actor | null> {
  if (user.bot) return null;
  if (ctx.guildId && user.guildId !== ctx.guildId) return null;
  const agent = await agentByChatUser(ctx.deps, "discord", user.id);
  // A listed agent (from the config) acts as configured, whatever their roles.
  if (agent && !isRoleAgent(agent.id, user.id)) return agent.active ? { type: "agent", agentId: agent.id } : null;
  if (!ctx.agentRoleId) return null;
  const hasRole = user.roles.includes(ctx.agentRoleId);
  if (!hasRole) {
    if (agent?.active) {
      const r = await provisionAgent(ctx.deps, { surface: "discord", userId: user.id, active: false });
      if (r.outcome === "inactive" && r.deactivated)
        ctx.log.info("discord member lost the agent role; agent deactivated", { agentId: r.agentId });
    }
    return null;
  }
  if (agent?.active) return { type: "agent", agentId: agent.id };
  // Another interaction of the same member may make the row at the same moment: both end with it.
  const r = await provisionAgent(ctx.deps, { surface: "discord", userId: user.id, active: true, name: truncate(user.displayName, 100) });
  if (r.outcome !== "active") return null;
  ctx.log.info("discord agent-role member acts as an agent", { agentId: r.agentId });
  return { type: "agent", agentId: r.agentId };
}

/**
 * The help desk agent a Discord user was chosen as (an owner picked in a command, a select or a
 * modal), by the same rule as when they act themselves: a listed agent, or a member of the agent
 * role (whose agent row is made on first use). Null for anyone else.
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-resolved-data-structure
 */
export async function chosenAgent(
  ctx: DiscordContext,
  guildId: string | null,
  user: User | null | undefined,
  member: AnyMember | null | undefined,
): Promise<string | null> {
  if (!user) return null;
  const nick = member && "nick" in member ? member.nick : member && "nickname" in member ? member.nickname : null;
  const actor = await actorFor(ctx, {
    id: user.id,
    displayName: nick ?? user.globalName ?? user.username,
    bot: user.bot,
    guildId,
    roles: memberRoleIds(member),
  });
  return actor?.type === "agent" ? actor.agentId : null;
}

/** Every core error code, as Discord shows it (a new code is a compile error here). */
const errorLook: Record<ErrorCode, string> = {
  not_found: "🔍",
  forbidden: "⛔",
  invalid: "⚠️",
  conflict: "✋",
};

/** What to tell the agent when an action failed, in their language; unexpected errors are logged, not shown. */
export function errorText(ctx: DiscordContext, e: unknown, reader: Reader): string {
  const f = readerFormats(ctx.deps.catalog, reader);
  if (isHelpdeskError(e)) return `${errorLook[e.code]} ${e.messageIn(f)}`;
  ctx.log.error("discord action failed", { err: e instanceof Error ? e.message : String(e) });
  return `❌ ${render(msg("chat.failed"), f)}`;
}

/** The link role of a forum post a ticket has moved away from (to another forum); its thread still names the ticket. */
export const movedPostRole = movedCardRole;

/** The ticket whose forum post (thread) a channel is, and whether the ticket has since moved to another post; or null. */
export async function postInChannel(ctx: DiscordContext, channelId: string | null): Promise<{ ticketId: number; moved: boolean } | null> {
  if (!channelId) return null;
  const row = await cardLinkAt(ctx.deps, { surface: "discord", threadId: channelId, roles: ["card", movedPostRole] });
  return row ? { ticketId: row.ticketId, moved: row.role === movedPostRole } : null;
}

/** The ticket whose forum post (thread) a channel is, or null: inside a post, the ticket is implied. */
export async function ticketInChannel(ctx: DiscordContext, channelId: string | null): Promise<number | null> {
  return (await postInChannel(ctx, channelId))?.ticketId ?? null;
}

/** "#12", "12" → 12. */
export function parseTicketNumber(s: string | null | undefined): number | null {
  const m = /^#?(\d{1,9})$/.exec(s?.trim() ?? "");
  return m ? Number(m[1]) : null;
}

/** A private message to the one agent who acted: never pings anyone. */
export function privately(
  content: string,
  extra: Omit<InteractionReplyOptions, "content" | "flags" | "allowedMentions"> = {},
): InteractionReplyOptions & { flags: MessageFlags.Ephemeral } {
  return { ...extra, content: truncate(content, limits.messageContent), flags: MessageFlags.Ephemeral, allowedMentions: noMentions };
}

/**
 * Tells the agent something privately, whatever state the interaction is in: the first answer
 * when none was given yet, the deferred answer when it was deferred with a reply, else a follow-up.
 */
export async function tell(
  i: RepliableInteraction | MessageComponentInteraction,
  content: string,
  extra: Omit<InteractionReplyOptions, "content" | "flags" | "allowedMentions"> = {},
): Promise<void> {
  const message = privately(content, extra);
  if (!i.deferred && !i.replied) await i.reply(message);
  else if (i.deferred && !i.replied && !isDeferredUpdate(i))
    await i.editReply({ content: message.content ?? null, allowedMentions: noMentions, ...extra });
  else await i.followUp(message);
}

/** Deferred with deferUpdate (a component), so there is no reply of ours to edit: editReply would edit the card. */
const deferredUpdates = new WeakSet<object>();

/** Acknowledges a component without a visible answer (the card updates through the outbox). */
export async function deferQuietly(i: MessageComponentInteraction): Promise<void> {
  deferredUpdates.add(i);
  await i.deferUpdate();
}

function isDeferredUpdate(i: object): boolean {
  return deferredUpdates.has(i);
}
