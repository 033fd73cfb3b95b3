// Message context-menu commands (right-click a message → Apps), routed by name to the action that
// owns each (actions/): "Create ticket from message" (create.ts) and "Send as reply" (reply.ts).
// Each opens its modal as the first answer; the submit defers, then works.
// @see https://discord.com/developers/docs/interactions/application-commands#message-commands
import type { MessageContextMenuCommandInteraction } from "discord.js";
import { handlersOf } from "./actions/index.js";
import type { MessageCommand } from "./actions/types.js";
import { messageCommands } from "./command-names.js";
import { speech, tell, type DiscordContext } from "./context.js";
import { msg, type Actor } from "../../core/index.js";

const byKey = handlersOf("messageCommands");

/**
 * Routes a message context-menu command by its name.
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-interaction-data
 */
export async function handleMessageCommand(ctx: DiscordContext, i: MessageContextMenuCommandInteraction, actor: Actor): Promise<void> {
  const key = (Object.keys(messageCommands) as MessageCommand[]).find((k) => messageCommands[k] === i.commandName);
  const handler = key && byKey.get(key);
  if (!handler) return void (await tell(i, `⌛ ${speech(ctx, i).say(msg("chat.staleCommand"))}`));
  await handler(ctx, i, actor);
}
