// Placeholder: being written.
import type { Message } from "discord.js";
import type { DiscordContext } from "./context.js";

export async function handleThreadMessage(_ctx: DiscordContext, _m: Message): Promise<void> {}
