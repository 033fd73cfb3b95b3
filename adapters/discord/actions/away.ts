// Away: assignment rules pass the agent over until they are back. `/ticket away [agent]`, an admin
// choosing another agent in the option.
import { setAvailability } from "../availability.js";
import type { DiscordAction } from "./types.js";

export const away = {
  command: (ctx, i, actor) => setAvailability(ctx, i, actor, true),
} satisfies DiscordAction;
