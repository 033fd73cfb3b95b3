// What every action handler (commands, modal submissions) shares: a private deferral, how a
// success reads, and the checks of what agents type that the core would word less helpfully.
import { MessageFlags, type MessageComponentInteraction, type RepliableInteraction } from "discord.js";
import type { DiscordContext } from "./context.js";
import { fitSafe, limits, oneLine } from "./escape.js";
import {
  type Actor,
  agentsByChatUsers,
  invalid,
  msg,
  normaliseEmail,
  type SplitCandidate,
  splitCandidates as splittable,
} from "../../core/index.js";

/**
 * Acknowledges privately ("thinking…") unless already answered; the result follows with tell().
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-interaction-callback-type
 */
export async function deferPrivately(i: RepliableInteraction | MessageComponentInteraction): Promise<void> {
  if (!i.deferred && !i.replied) await i.deferReply({ flags: MessageFlags.Ephemeral });
}

/** An answer for an action that worked. */
export const done = (text: string): string => `✅ ${text}`;

/** "The #12 it was about" for messages naming a ticket's subject. */
export const subjectOf = (subject: string): string => fitSafe(oneLine(subject), 200);

/** The email addresses in a Cc/Bcc field: commas, semicolons or spaces between them. */
export const emailList = (s: string): string[] => s.split(/[,;\s]+/).filter(Boolean);

/** Checks an email address; when it is not one, the refusal names the field by `label` (as the agent reads it) and keys it by `field`. */
export function checkEmail(field: string, label: string, value: string): string {
  try {
    return normaliseEmail(value);
  } catch {
    throw invalid(msg("compose.notEmailIn", { field: label, value }), { [field]: msg("fields.notEmailAddress") });
  }
}

/**
 * Discord user mentions (`<@id>`) of agents rewritten as `@agent-id`, which the core reads as
 * mentions; other mentions stay as typed. Slash-command text carries Discord's own mention
 * syntax when the agent picked someone from the @ list.
 * @see https://discord.com/developers/docs/reference#message-formatting
 */
export async function withAgentHandles(ctx: DiscordContext, text: string): Promise<string> {
  const ids = [...new Set([...text.matchAll(/<@!?(\d{17,20})>/g)].map((m) => m[1]!))];
  if (!ids.length) return text;
  const handle = await agentsByChatUsers(ctx.deps, "discord", ids);
  return text.replace(/<@!?(\d{17,20})>/g, (m, id: string) => (handle.has(id) ? `@${handle.get(id)}` : m));
}

export type { SplitCandidate };

/**
 * What the split modal needs, read before it opens (it must be Discord's first answer): whether
 * the agent may work on the ticket, by the core's own rules (another team's ticket is not found,
 * a deleted or merged one is refused as the split would be), and its newest 25 messages that
 * can be split off (system notes cannot), oldest first. Nothing else of the ticket is read.
 */
export function splitCandidates(ctx: DiscordContext, ticketId: number, actor: Actor): Promise<SplitCandidate[]> {
  return splittable(ctx.deps, ticketId, actor, limits.selectOptions);
}
