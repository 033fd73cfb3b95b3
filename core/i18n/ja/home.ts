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
};
