import type { Translation } from "../catalogue.js";
import type { notify as enNotify, thread as enThread } from "../en/thread.js";

export const thread: Translation<typeof enThread> = {
  wrote: (p) => `${p.who} さんからのメッセージ`,
  replied: (p) => `${p.who} さんがお客様に返信しました`,
  noted: (p) => `${p.who} さんが社内メモを残しました`,
  system: "システム",
  anAgent: "担当者",
  theCustomer: "お客様",
  noText: "（本文なし）",
  attachmentsNoText: (p, f) => `（添付ファイル ${f.number(p.count)} 件、本文なし）`,
  noSubject: "（件名なし）",
  splitSubject: (p) => `${p.subject}（分割）`,
  noteFor: (p) => `（宛先: ${p.names}）`,
  cc: (p) => `（CC 宛先: ${p.names}）`,
  shortened: (p, f) => `省略しました（${f.number(p.count)} 文字）。\`/ticket show #${p.id}\` で全文を表示できます。`,
  shortenedShort: (p) => `省略しました。\`/ticket show #${p.id}\` で全文を表示できます。`,
  tooLarge: (p) => `${p.name}（${p.size}）: 大きすぎるため保存できず、名前とサイズだけを記録しました`,
  moreAttachments: (p, f) => `…ほかに添付ファイルが ${f.number(p.count)} 件あります（ここには表示していません）。`,
};

export const notify: Translation<typeof enNotify> = {
  mention: (p) => `${p.ticket} であなたがメンションされました`,
  follow: (p) => `フォロー中のチケットに動きがありました: ${p.ticket}`,
  assigned: (p) => `${p.ticket} があなたに割り当てられました`,
  inbound: (p) => `${p.ticket} にお客様から再度メッセージが届きました`,
  delivery_failed: (p) => `${p.ticket} で配信に失敗しました`,
  sla_warning: (p) => `${p.ticket} の SLA 期限が近づいています`,
  sla_breach: (p) => `${p.ticket} が SLA 期限を超過しました`,
  workflow: (p) => `${p.ticket} についてワークフローからのお知らせ`,
  about: (p) => `${p.ticket} について`,
};
