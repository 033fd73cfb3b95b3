// Placeholder: being written.
import type { ModalSubmitInteraction } from "discord.js";
import type { Actor } from "../../core/deps.js";
import { tell, type DiscordContext } from "./context.js";

export async function handleModalSubmit(_ctx: DiscordContext, i: ModalSubmitInteraction, _actor: Actor): Promise<void> {
  if ("reply" in i) await tell(i, "Not built yet.");
}
