// 顧客の評価（チケットのカード、`/ticket show` のタイムライン）と、チャットから問い合わせた方へ
// チャットで送るアンケート（評価ボタン5つのダイレクトメッセージ、お礼とコメント欄）の日本語。
import type { Translation } from "../catalogue.js";
import type { surveyChat as en } from "../en/survey-chat.js";

export const surveyChat: Translation<typeof en> = {
  cardLabel: "顧客満足度",
  received: (p) => `顧客の評価: ${p.score}/5`,
  commented: (p) => `顧客のコメント: ${p.comment}`,
  ask: (p) => `お問い合わせ ${p.ticket}「${p.subject}」への対応はいかがでしたか？1〜5で評価してください。`,
  askShort: (p) => `お問い合わせ ${p.ticket} への対応を1〜5で評価してください。`,
  scale: "1 = とても不満 · 5 = とても満足",
  thanks: (p) => `ご評価ありがとうございます（${p.score}/5）。`,
  already: (p) => `このお問い合わせはすでに評価済みです（${p.score}/5）。ありがとうございました。`,
  expired: "このアンケートは締め切られました。ご協力ありがとうございました。",
  addComment: "コメントを追加",
  commentTitle: "コメント",
  commentLabel: "ご意見・ご感想をお聞かせください",
  commentPlaceholder: "良かった点、改善してほしい点など…",
  commentSubmit: "送信",
  commentCancel: "キャンセル",
  commentThanks: "コメントをありがとうございました。",
  alreadyCommented: "このお問い合わせへのコメントはすでに頂いています。ありがとうございました。",
  rateFirst: "先に評価を選んでください。",
  askFor: (p) => `${p.name}様、お問い合わせ ${p.ticket}「${p.subject}」への対応はいかがでしたか？1〜5で評価してください。`,
  askShortFor: (p) => `${p.name}様、お問い合わせ ${p.ticket} への対応を1〜5で評価してください。`,
  onlyFor: (p) => `ご回答いただけるのは、お問い合わせをされた${p.name}様のみです。`,
  onlyRequester: "ご回答いただけるのは、お問い合わせをされた方のみです。",
};
