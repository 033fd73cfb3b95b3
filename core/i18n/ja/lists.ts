import type { Translation } from "../catalogue.js";
import type { lists as en } from "../en/lists.js";

export const lists: Translation<typeof en> = {
  queueTitle: (p) => `キュー: ${p.name}`,
  matching: (p) => `「${p.text}」に一致するチケット`,
  noSuchQueueSlack: (p) =>
    `「${p.typed}」というキューはありません。mine、unassigned、team、all、auto、breaching のいずれかを指定してください。`,
  noSuchQueueDiscord: (p) =>
    `「${p.typed}」というキューはありません。自分の担当、未割り当て、チーム、未完了すべて、自動返信・不達、SLA期限間近のいずれかを選んでください。`,
  sortUnknown: (p) => `「${p.sort}」という並び順はありません。created または sla_due を指定してください。`,
  searchQueueUnknown: (p) =>
    `検索は「${p.queue}」キューには絞り込めません。mine、unassigned、team、all_open のいずれかを指定してください。`,
  breachingSortedByDue: "SLA期限間近のキューは常に SLA の期限順に並びます。",
  dueWithinInvalid: "SLA期限間近の範囲は 0〜525,600 分（1年）の整数で指定してください。",
  slaDue: (p) => `SLA期限 ${p.when}`,
  sortPlaceholder: "並び順",
  sortCreated: "受付の古い順",
  sortSlaDue: "SLA期限の近い順",
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
