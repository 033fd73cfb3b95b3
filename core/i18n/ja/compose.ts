import type { Translation } from "../catalogue.js";
import type { compose as en } from "../en/compose.js";

export const compose: Translation<typeof en> = {};
