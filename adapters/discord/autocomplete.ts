// Placeholder: being written.
import type { AutocompleteInteraction } from "discord.js";
import type { Actor } from "../../core/deps.js";
import type { DiscordContext } from "./context.js";

export async function handleAutocomplete(_ctx: DiscordContext, i: AutocompleteInteraction, _actor: Actor): Promise<void> {
  await i.respond([]);
}
