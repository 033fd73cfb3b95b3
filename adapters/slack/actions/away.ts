// Away: assignment rules pass the agent over until they are back. `/ticket away [@agent|me]`, an
// admin naming another agent; the App Home tab's Away / Back button does the same (home.ts).
import { setAvailability } from "../availability.js";
import type { SlackAction } from "./types.js";

export const away = {
  command: {
    word: "away",
    usage: "away [@user]",
    run: (ctx, inv) => setAvailability(ctx, inv, true),
  },
} satisfies SlackAction;
