import type { Translation } from "../catalogue.js";
import type { chat as en } from "../en/chat.js";

export const chat: Translation<typeof en> = {
  failed: "こちら側で問題が発生しました。もう一度お試しください。",
  agentsOnlySlack: "この操作はヘルプデスクの担当者だけが行えます。Slack アカウントの追加をヘルプデスクの管理者に依頼してください。",
  agentsOnlyDiscord: "この操作はヘルプデスクの担当者だけが行えます。Discord アカウントの追加をヘルプデスクの管理者に依頼してください。",
  giveTicketNumber: "チケット番号を指定してください（例: `#123`）。",
  noteNotSaved: (p) => `このメッセージは #${p.id} のメモとして保存されていません。`,
};
