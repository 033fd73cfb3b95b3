// Placeholder: being written.
import type { ChatInputCommandInteraction } from "discord.js";
import type { Actor } from "../../core/deps.js";
import { tell, type DiscordContext } from "./context.js";

export async function handleChatInput(_ctx: DiscordContext, i: ChatInputCommandInteraction, _actor: Actor): Promise<void> {
  if ("reply" in i) await tell(i, "Not built yet.");
}
