// Placeholder: being written.
import type { MessageContextMenuCommandInteraction } from "discord.js";
import type { Actor } from "../../core/deps.js";
import { tell, type DiscordContext } from "./context.js";

export async function handleMessageCommand(_ctx: DiscordContext, i: MessageContextMenuCommandInteraction, _actor: Actor): Promise<void> {
  if ("reply" in i) await tell(i, "Not built yet.");
}
