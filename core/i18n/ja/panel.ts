// Discord のサポートパネル（管理者がチャンネルに置く「チケットを作成」ボタン付きのメッセージ、
// お客様が書くフォーム、チケットを扱う非公開スレッドとその「チケットを閉じる」ボタン、
// 管理者とお客様への案内）の日本語。
import type { Translation } from "../catalogue.js";
import type { panel as en } from "../en/panel.js";

export const panel: Translation<typeof en> = {
  title: "お困りですか？",
  intro: "下のボタンを押すとチケットを作成できます。あなたとサポートチームだけが読める非公開スレッドが開きます。",
  openButton: "チケットを作成",
  posted: "このチャンネルにサポートパネルを置きました。",
  onlyAdmins: "サポートパネルを置けるのは管理者だけです。",
  notHere: "サポートパネルはサーバーのテキストチャンネルに置いてください（スレッド、フォーラム、アナウンスチャンネルには置けません）。",
  botLacks: (p) =>
    `このチャンネルではボットがサポートパネルを扱えません。ここでボットに ${p.permissions} の権限を与えてから、もう一度パネルを置いてください。`,
  permViewChannel: "チャンネルを見る",
  permSendMessages: "メッセージを送信",
  permCreatePrivateThreads: "プライベートスレッドを作成",
  permSendMessagesInThreads: "スレッドでメッセージを送信",
  permManageThreads: "スレッドの管理",
  formTitle: "チケットを作成",
  subjectLabel: "件名",
  subjectPlaceholder: "どのようなご用件ですか？",
  descriptionLabel: "お問い合わせ内容",
  descriptionPlaceholder: "起きたこと、期待していたこと、解決の手がかりになることをお書きください。",
  opening: "チケットを作成しています…",
  firstMessage: (p) =>
    `チケット ${p.ticket} を作成しました。サポートチームがこのスレッドでお返事します。補足があればここに書いてください。`,
  youWrote: "お問い合わせ内容:",
  closeButton: "チケットを閉じる",
  opened: (p) => `チケット ${p.ticket} を作成しました。続きは ${p.thread} でどうぞ。`,
  alreadyOpened: (p) => `チケット ${p.ticket} はすでに作成されています。`,
  alreadyHaveOpen: (p) =>
    p.thread
      ? `すでにチケット ${p.ticket} が開いています: ${p.thread}。補足はそちらに書いてください。`
      : `すでにチケット ${p.ticket} が開いています。`,
  stillOpening: "先ほどのチケットを作成中です。まもなくここに表示されます。",
  agentsUseNew: "あなたはヘルプデスクの担当者です。お客様のチケットは /ticket new で作成してください。",
  threadFailed: "チケット用の非公開スレッドを開けませんでした。しばらくしてからもう一度お試しください。",
  noTicketHere: "このスレッドには閉じるチケットがありません。",
  notYourTicket: "このチケットを閉じられるのは、チケットを作成した方だけです。",
  closeNeedsAgent: "このチケットはサポートチームが閉じる必要があります。こちらで対応します。",
  agentCloseFromCard: "このチケットのクローズ系ステータスはどれも入力が必要です。カードのステータスメニューから閉じてください。",
  closed: (p) => `チケット ${p.ticket} を閉じました。ありがとうございました。またご用の際はここに書いてください。`,
  alreadyClosed: (p) => `チケット ${p.ticket} はすでに閉じています。`,
  subjectBlank: "チケットの件名を入力してから、もう一度フォームを送ってください。",
  notSaved: "このメッセージをチケットに追加できませんでした。少し時間をおいてもう一度送ってください。",
  notTaken:
    "ここに書いたメッセージはもうチケットに届きません（チケットが削除されたか、別の方のチケットになりました）。ご用の際はサポートパネルから新しいチケットを作成してください。",
  notAdded: (p) =>
    `チケット ${p.ticket} を作成しましたが、非公開スレッドにあなたを追加できませんでした。サポートチームに伝わっていますので、追ってご連絡します。`,
};
