// Placeholder: being written.
import type { MessageContextMenuCommandInteraction, ModalSubmitInteraction } from "discord.js";
import type { Actor } from "../../core/deps.js";
import { tell, type DiscordContext } from "./context.js";

export async function handleMessageCommand(_ctx: DiscordContext, i: MessageContextMenuCommandInteraction, _actor: Actor): Promise<void> {
  await tell(i, "Not built yet.");
}

/** Submits the "Create ticket from message" modal; `parts` are the modal custom id's parts after the kind. */
export async function submitCreateFromMessage(_ctx: DiscordContext, i: ModalSubmitInteraction, _actor: Actor, _parts: string[]): Promise<void> {
  await tell(i, "Not built yet.");
}

/** Submits the "Send as reply" confirmation modal. */
export async function submitSendAsReply(_ctx: DiscordContext, i: ModalSubmitInteraction, _actor: Actor, _parts: string[]): Promise<void> {
  await tell(i, "Not built yet.");
}
