// Back: assignment rules give the agent tickets again. `/ticket back [@agent|me]`, an admin naming
// another agent; the App Home tab's Away / Back button does the same (home.ts).
import { setAvailability } from "../availability.js";
import type { SlackAction } from "./types.js";

export const back = {
  command: {
    word: "back",
    usage: "back [@user]",
    run: (ctx, inv) => setAvailability(ctx, inv, false),
  },
} satisfies SlackAction;
