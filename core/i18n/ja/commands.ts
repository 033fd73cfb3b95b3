import type { Translation } from "../catalogue.js";
import type { commands as enCommands, priority as enPriority, queue as enQueue } from "../en/commands.js";

export const commands: Translation<typeof enCommands> = {
  ticketCommand: "ヘルプデスクのチケットに対応します。",
  slashCommand: "ヘルプデスクのチケットに対応します",
  groupView: "チケットを探して表示します。",
  groupWork: "チケットに対応します。",
  impliedInPost: (p) => `${p.said}チケットの投稿内では省略できます。`,
  propertiesOption: "その他の項目を key=value で指定（例: product=web seats=3。空白を含む値は引用符で囲む）",
  createTicketFromMessage: "メッセージからチケットを作成",
  sendAsReply: "返信として送信",
  createTicketShortcut: "チケットを作成",
  createTicketShortcutHelp: "このメッセージをヘルプデスクのチケットにします。返信はこのスレッドに届きます。",
  sendAsReplyShortcutHelp: "チケットのスレッドにあるこのメッセージを、確認のうえお客様に送信します。",
  appName: "ヘルプデスク",
  appDescription: "Slack を離れずにヘルプデスクのチケットに対応できます。",
  appIntro:
    "お客様のメールと Web フォームがチケットになります。チケットごとにチームのトリアージチャンネルへカードが投稿され、そのスレッドが対応記録になります。",
  appActionsIntro: "カードまたは `/ticket` から、担当者は次のことができます:",
};

export const priority: Translation<typeof enPriority> = { low: "低", medium: "中", high: "高", urgent: "緊急" };

export const queue: Translation<typeof enQueue> = {
  mine: "自分の担当",
  unassigned: "未割り当て",
  team: "チーム",
  all_open: "未完了すべて",
  auto: "自動返信・不達",
  breaching: "SLA期限間近",
};
