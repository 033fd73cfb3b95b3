import type { Translation } from "../catalogue.js";
import type { lists as en } from "../en/lists.js";

export const lists: Translation<typeof en> = {};
