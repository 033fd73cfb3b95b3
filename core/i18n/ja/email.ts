import type { Translation } from "../catalogue.js";
import type { email as en } from "../en/email.js";

export const email: Translation<typeof en> = {
  // Japanese mail clients use the same prefix.
  replyPrefix: "Re:",
  footer: (p) => `このメールに返信すると、お問い合わせ ${p.tag} に追記されます。`,
  slaWarningSubject: (p) => `SLA警告 ${p.ticket}：${p.target}の期限が近づいています – ${p.subject}`,
  slaBreachSubject: (p) => `SLA違反 ${p.ticket}：${p.target}の期限を過ぎました – ${p.subject}`,
  slaWarningText: (p, f) =>
    `${p.ticket}「${p.subject}」の${p.target}の期限は ${f.dateTime(p.due)} です。\nチャットで /ticket show ${p.ticket} から開けます。`,
  slaBreachText: (p, f) =>
    `${p.ticket}「${p.subject}」の${p.target}の期限 ${f.dateTime(p.due)} を過ぎています。\nチャットで /ticket show ${p.ticket} から開けます。`,
  workflowSubject: (p) => `${p.ticket}：${p.subject}（ヘルプデスクからのお知らせ）`,
  workflowText: (p) => `${p.text}\n\nチャットで /ticket show ${p.ticket} から開けます。`,
};
