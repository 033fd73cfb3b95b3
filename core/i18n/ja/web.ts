import type { Translation } from "../catalogue.js";
import type { web as en } from "../en/web.js";

export const web: Translation<typeof en> = {
  linkIntro: "ヘルプデスクのダッシュボードへのサインインリンクです。本人専用のため、共有しないでください。",
  linkButton: "ダッシュボードを開く",
  linkExpires: (p, f) => `このリンクは ${f.dateTime(p.at)} まで、1 回だけ使えます。`,
  notConfigured:
    "このヘルプデスクではダッシュボードが設定されていません。管理者が PUBLIC_URL にヘルプデスクを公開している https のアドレスを設定して再起動すると使えるようになります。",
  signInTitle: "チャットからサインインしてください",
  signInNeeded: "ダッシュボードを開くには、Slack か Discord で /ticket dashboard と入力し、届いたリンクを開いてください。",
  linkGoneTitle: "このサインインリンクは使えません",
  linkGone:
    "サインインリンクは 10 分間、1 回だけ使えます。Slack か Discord で /ticket dashboard と入力して新しいリンクを受け取ってください。",
  signedOutTitle: "サインアウトしました",
  signedOut:
    "ダッシュボードからサインアウトしました。もう一度サインインするには、Slack か Discord で /ticket dashboard と入力してください。",
  signOut: "サインアウト",
};
