import type { Translation } from "../catalogue.js";
import type { home as en } from "../en/home.js";

export const home: Translation<typeof en> = {};
