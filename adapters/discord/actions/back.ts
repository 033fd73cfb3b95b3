// Back: assignment rules give the agent tickets again. `/ticket back [agent]`, an admin choosing
// another agent in the option.
import { setAvailability } from "../availability.js";
import type { DiscordAction } from "./types.js";

export const back = {
  command: (ctx, i, actor) => setAvailability(ctx, i, actor, false),
} satisfies DiscordAction;
