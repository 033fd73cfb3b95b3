import type { Translation } from "../catalogue.js";
import type { errors as en } from "../en/errors.js";

export const errors: Translation<typeof en> = {
  agentsOnly: "この操作はヘルプデスクの担当者だけが行えます。",
  ticketNotFound: (p) => `チケット #${p.id} が見つかりません。`,
  ticketDeleted: (p) => `チケット #${p.id} は削除されています。`,
  ticketMerged: (p) => `チケット #${p.id} は #${p.into} に統合されています。#${p.into} で対応してください。`,
  alreadyOwn: (p) => `#${p.id} はすでにあなたが担当しています。`,
  claimedBy: (p) => `#${p.id} はすでに ${p.owner} さんが担当しています。`,
  claimedByOther: (p) => `#${p.id} はすでに別の担当者が担当しています。`,
  notAssigned: (p) => `#${p.id} には担当者がいません。`,
  ownedBy: (p) => `#${p.id} の担当者は ${p.owner ?? "別の担当者"} さんです。担当を外せるのは本人か管理者だけです。`,
};
