// `/ticket <subcommand>`: every catalogue action, with the options manifest/discord.ts defines,
// routed to its action (actions/). Subcommands that do core work defer privately before touching
// the database; those that need a form answer with the modal, after at most the one read the modal
// needs. Refusals reach the agent through the router (interactions.ts).
// @see https://discord.com/developers/docs/interactions/application-commands#subcommands-and-subcommand-groups
import type { ChatInputCommandInteraction } from "discord.js";
import { discordActions } from "./actions/index.js";
import type { CommandHandler } from "./actions/types.js";
import { subcommandNames } from "./command-names.js";
import { speech, tell, type DiscordContext } from "./context.js";
import { type Actor, type ActionOn, msg } from "../../core/index.js";

/** Each subcommand's handler, by the name Discord sends. */
const bySubcommand = new Map<string, CommandHandler>(
  (Object.keys(subcommandNames) as ActionOn<"discord">[]).map((name) => [subcommandNames[name], discordActions[name].command]),
);

/**
 * Runs `/ticket <subcommand>` for an agent.
 * @see https://discord.com/developers/docs/interactions/application-commands#slash-commands
 */
export async function handleChatInput(ctx: DiscordContext, i: ChatInputCommandInteraction, actor: Actor): Promise<void> {
  const sub = i.options.getSubcommand(false);
  const handler = sub === null ? undefined : bySubcommand.get(sub);
  if (!handler) return void (await tell(i, `⚠️ ${speech(ctx, i).say(msg("chat.unknownCommand"))}`));
  await handler(ctx, i, actor);
}
