// Placeholder: being written.
import type { MessageComponentInteraction } from "discord.js";
import type { Actor } from "../../core/deps.js";
import { tell, type DiscordContext } from "./context.js";

export async function handleComponent(_ctx: DiscordContext, i: MessageComponentInteraction, _actor: Actor): Promise<void> {
  if ("reply" in i) await tell(i, "Not built yet.");
}
