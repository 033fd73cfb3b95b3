import type { Translation } from "../catalogue.js";
import type { lists as en } from "../en/lists.js";

export const lists: Translation<typeof en> = {
  queueTitle: (p) => `キュー: ${p.name}`,
  matching: (p) => `「${p.text}」に一致するチケット`,
  noSuchQueueSlack: (p) => `「${p.typed}」というキューはありません。mine、unassigned、team、all、auto のいずれかを指定してください。`,
  noSuchQueueDiscord: (p) =>
    `「${p.typed}」というキューはありません。自分の担当、未割り当て、チーム、未完了すべて、自動返信・不達のいずれかを選んでください。`,
  emptyTitled: (p) => `${p.title}: 該当するチケットはありません。`,
  nothingHere: "該当するチケットはありません。",
  ticketCount: (p, f) => `${p.title}: ${f.plural(p.count, { other: "#件" })}`,
  moreSlack: "表示しきれないチケットがあります。`/ticket find` で絞り込んでください。",
  moreDiscord: "表示しきれないチケットがあります。/ticket find で絞り込んでください。",
  unassigned: "未割り当て",
  noEmail: "メールアドレスなし",
  system: "システム",
  someone: "不明なユーザー",
  empty: "（本文なし）",
  followers: "フォロワー",
  kindInbound: "顧客",
  kindReply: "返信",
  kindComment: "メモ",
  kindSystem: "システム",
  detailSlack: (p, f) =>
    `問い合わせ者: ${p.requester} · チーム: ${p.team ?? "全員"} · パイプライン: ${p.pipeline}${p.followers.length ? ` · フォロワー: ${f.list(p.followers)}` : ""}`,
  messageCount: (p, f) => `メッセージ ${f.plural(p.count, { other: "#件" })}`,
  olderSlack: (p, f) => `古いメッセージ ${f.plural(p.count, { other: "#件" })}は表示していません。`,
  olderDiscord: (p, f) =>
    `古いメッセージ ${f.plural(p.count, { other: "#件" })}は表示していません。すべてのメッセージはチケットのフォーラム投稿で確認できます。`,
  helpTitleSlack: "*/ticket* — Slack からヘルプデスクのチケットに対応します",
  helpSelf: "このヘルプを表示します。",
};
