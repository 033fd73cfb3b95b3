import type { Translation } from "../catalogue.js";
import type { errors as en } from "../en/errors.js";

export const errors: Translation<typeof en> = {
  agentsOnly: "この操作はヘルプデスクの担当者だけが行えます。",
  ticketNotFound: (p) => `チケット #${p.id} が見つかりません。`,
  ticketDeleted: (p) => `チケット #${p.id} は削除されています。`,
  ticketMerged: (p) => `チケット #${p.id} は #${p.into} に統合されています。#${p.into} で対応してください。`,
};
