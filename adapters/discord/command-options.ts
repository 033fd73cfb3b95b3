// Reading what an agent typed in `/ticket` options that several subcommands share (the ticket,
// team, priority, properties, a status by name), and the shape of the simplest subcommands: one
// deferred core call on one ticket, answered with a line.
// @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-application-command-interaction-data-option-structure
import type { ChatInputCommandInteraction } from "discord.js";
import { deferPrivately, done, subjectOf } from "./action-helpers.js";
import type { CommandHandler } from "./actions/types.js";
import { parseTicketNumber, tell, ticketInChannel, type DiscordContext } from "./context.js";
import type { RenderedAnswer } from "./render.js";
import { type Actor, invalid, msg, parsePropertyPairs, priorities, type Priority, ticketBrief } from "../../core/index.js";

/** Whether a configured pipeline, status or team goes by `wanted` (lower case) in any language. */
export function knownAs(x: { name: string; names: Partial<Record<string, string>> }, wanted: string): boolean {
  return [x.name, ...Object.values(x.names)].some((n) => n?.toLowerCase() === wanted);
}

/**
 * The ticket a subcommand works on: its option as typed (`#12` or `12`), else the ticket whose
 * forum post the command was run in.
 */
export async function ticketFor(ctx: DiscordContext, i: ChatInputCommandInteraction, option = "ticket"): Promise<number> {
  const typed = i.options.getString(option);
  if (typed !== null) {
    const n = parseTicketNumber(typed);
    if (n === null) throw invalid(msg("chat.notATicketNumber", { typed: subjectOf(typed) }), { [option]: msg("chat.aTicketNumber") });
    return n;
  }
  const implied = await ticketInChannel(ctx, i.channelId);
  if (implied === null) throw invalid(msg("chat.sayWhichTicket", { option }), { [option]: msg("chat.requiredHere") });
  return implied;
}

/** A team option: a team's id or name, or "none" for every agent. */
export function teamOption(ctx: DiscordContext, typed: string | null): string | null | undefined {
  if (typed === null) return undefined;
  const wanted = typed.trim().toLowerCase();
  if (/^(none|everyone)$/.test(wanted)) return null;
  const team = ctx.deps.catalog.config.teams.find((t) => t.id === typed || knownAs(t, wanted));
  if (!team) throw invalid(msg("errors.teamUnknown", { team: subjectOf(typed) }), { team: msg("fields.unknownTeam") });
  return team.id;
}

export function priorityOption(i: ChatInputCommandInteraction): Priority | undefined {
  const p = i.options.getString("priority");
  if (p === null) return undefined;
  if (!(priorities as readonly string[]).includes(p))
    throw invalid(msg("chat.priorityChooseOne", { items: priorities }), { priority: msg("fields.unknownPriority") });
  return p as Priority;
}

/** The `properties` option's `key=value` pairs, or undefined when it was left out. */
export function propertiesOption(i: ChatInputCommandInteraction): Record<string, string> | undefined {
  const typed = i.options.getString("properties");
  return typed === null || !typed.trim() ? undefined : parsePropertyPairs(typed);
}

/** A status typed or picked for a ticket: its id, or its name within the ticket's pipeline; anything else is left to the core. */
export async function statusIdOf(ctx: DiscordContext, ticketId: number, actor: Actor, typed: string): Promise<string> {
  // A ticket the agent may not see leaves the status as typed: the core refuses the ticket.
  const row = await ticketBrief(ctx.deps, ticketId, actor);
  const statuses = (row && ctx.deps.catalog.pipeline(row.pipelineId)?.statuses) || [];
  const wanted = typed.trim().toLowerCase();
  return (statuses.find((s) => s.id === typed) ?? statuses.find((s) => knownAs(s, wanted)))?.id ?? typed;
}

/** Tells a list or a ticket in full (embeds). */
export const showAnswer = (i: ChatInputCommandInteraction, a: RenderedAnswer) => tell(i, a.content, { embeds: a.embeds });

/** One deferred action on one ticket, answered with `say(result)`. */
export function onTicket<T>(
  run: (ctx: DiscordContext, ticketId: number, actor: Actor) => Promise<T>,
  say: (r: T) => string,
): CommandHandler {
  return async (ctx, i, actor) => {
    await deferPrivately(i);
    await tell(i, done(say(await run(ctx, await ticketFor(ctx, i), actor))));
  };
}
