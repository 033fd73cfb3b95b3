import type { Translation } from "../catalogue.js";
import type { chat as en } from "../en/chat.js";

export const chat: Translation<typeof en> = {
  failed: "こちら側で問題が発生しました。もう一度お試しください。",
  agentsOnlySlack: "この操作はヘルプデスクの担当者だけが行えます。Slack アカウントの追加をヘルプデスクの管理者に依頼してください。",
  agentsOnlyDiscord: "この操作はヘルプデスクの担当者だけが行えます。Discord アカウントの追加をヘルプデスクの管理者に依頼してください。",
  giveTicketNumber: "チケット番号を指定してください（例: `#123`）。",
  noteNotSaved: (p) => `このメッセージは #${p.id} のメモとして保存されていません。`,
  notATicketNumber: (p) => `「${p.typed}」はチケット番号ではありません。#123 のように入力してください。`,
  aTicketNumber: "チケット番号。",
  sayWhichTicket: (p) =>
    `チケットを指定してください: \`${p.option}\` オプションに番号（例: #123）を入れるか、チケットのフォーラム投稿の中でコマンドを実行してください。`,
  requiredHere: "ここでは必須です。",
  priorityChooseOne: (p, f) => `優先度: ${f.list(p.items)} のいずれかを選んでください。`,
  pipelineChooseOne: "パイプライン: いずれかのパイプラインを選んでください。",
  deletedTicketChoice: (p) => `#${p.id} ${p.subject} · 削除済み`,
  noTeamChoice: "なし: すべての担当者が見られます",
  linkExpired: (p, f) => `このリンクは期限切れです。添付ファイルへのリンクは、チャットに投稿されてから ${f.number(p.days)} 日間有効です。`,
  linkInvalid: "このリンクは無効です。",
  attachmentNotKept: "この添付ファイルは大きすぎて保存されませんでした。名前とサイズだけが記録されています。",
  unknownCommand: "このヘルプデスクはそのコマンドを知りません。ボットのコマンドを登録し直す必要があるかもしれません。",
  notHandled: "このヘルプデスクはその操作にまだ対応していません。",
  formOutOfDate: "このフォームは古くなっています。もう一度開いてください。",
  noteFailedDiscord: (p) =>
    `こちら側で問題が発生したため、このメッセージは #${p.id} のメモとして**保存されていません**。もう一度送信してください。`,
  agentsOnlyInPost: (p) =>
    `この投稿で保存されるのはヘルプデスク担当者のメッセージ（#${p.id} の社内メモ）だけです。あなたのメッセージは保存されていません。担当者になるべき場合はヘルプデスクの管理者に相談してください。`,
  savedPostMoved: (p) =>
    `#${p.id} のメモとして保存しましたが、この投稿はもう使われていません。${p.post ? `現在の投稿は ${p.post} です` : "別のフォーラムに移りました"}。そちらで続けてください。`,
  savedCardMoved: (p) =>
    `#${p.id} のメモとして保存しましたが、このカードはもう使われていません。${p.channel ? `カードは現在 ${p.channel} にあります` : "カードは移動しました"}。そちらのスレッドで続けてください。`,
  staleControl: "この操作は使えなくなりました。チケットのカードのボタンか `/ticket` を使ってください。",
  staleCommand: "このコマンドはここでは使えなくなりました。`/ticket` を使ってください。",
};
