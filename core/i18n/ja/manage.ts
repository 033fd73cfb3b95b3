import type { Translation } from "../catalogue.js";
import type { manage as en } from "../en/manage.js";

export const manage: Translation<typeof en> = {};
