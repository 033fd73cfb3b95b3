import type { Translation } from "../catalogue.js";
import type { home as en } from "../en/home.js";

export const home: Translation<typeof en> = {
  title: "ヘルプデスク",
  notAgent:
    "ヘルプデスクの担当者ではないため、表示できるチケットはありません。Slack アカウントの追加をヘルプデスクの管理者に依頼してください。",
  mine: "自分の対応中チケット",
  unassigned: "自分のチームの未割り当てチケット",
  moreMine: "自分のチケットの続き: `/ticket queue mine`",
  moreUnassigned: "未割り当てチケットの続き: `/ticket queue unassigned`",
  refresh: "更新",
  opened: (p) => `${p.when}に受付`,
  // メッセージショートカット「チケットを作成」「返信として送信」
  messageFrom: (p) => (p.author ? `${p.author} さんの Slack メッセージ` : "Slack ユーザーからのメッセージ"),
  alreadyOnTicket: (p) =>
    `このメッセージはすでに #${p.id} に含まれています。顧客に送るには *返信として送信* を使うか、カードから分割してください。`,
  createdFromMessage: (p) =>
    `${p.who ? `${p.who} さん` : "投稿者"}を依頼者として *${p.number}* ${p.subject} を作成しました。依頼者への返信はこのメッセージのスレッドに届き、メモはトリアージのスレッドに残ります。`,
  sendAsReplyInThreadOnly: "*返信として送信* は、チケットカードのスレッド内のメッセージで使えます。",
  tooLongToSend: (p) => `このメッセージはここから送るには長すぎます。#${p.id} のカードの *返信* を使ってください。`,
  requesterInSlack: (p) => `Slack の${p.who ? ` ${p.who} さん` : "依頼者"}（依頼元メッセージのスレッド）`,
  sendAsReplyTitle: (p) => `${p.number} への返信`,
  // 全角の閉じ括弧の後には空白を入れない（「…スレッド）に送信」）。
  sendAsReplyAsk: (p) => `この内容を *${p.number}* ${p.subject} への返信として ${p.to}${/）$/.test(p.to) ? "" : " "}に送信しますか？`,
  // `/ticket snippet`
  snippetAddUsage: "スニペットの名前と本文を指定してください: `/ticket snippet add <名前> <本文>`",
  snippetSaved: (p) => `スニペット *${p.name}* を保存しました。すべての返信で使えます。`,
  noSnippets: "スニペットはまだありません。管理者が `/ticket snippet add <名前> <本文>` で追加できます。",
  snippetsTitle: "スニペット",
  snippetUsage: "`/ticket snippet list` または `/ticket snippet add <名前> <本文>` をお試しください。",
};
