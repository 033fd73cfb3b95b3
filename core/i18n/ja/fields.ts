import type { Translation } from "../catalogue.js";
import type { fields as en } from "../en/fields.js";

export const fields: Translation<typeof en> = {
  required: "入力してください。",
};
