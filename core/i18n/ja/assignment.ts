import type { Translation } from "../catalogue.js";
import type { assignment as en } from "../en/assignment.js";

export const assignment: Translation<typeof en> = {
  unknownRule: (p) => `割り当てルール「${p.rule}」はありません。`,
  nobodyAvailable: (p) =>
    `割り当てルール「${p.rule}」で #${p.id} を割り当てられる担当者がいませんでした（全員が不在、上限到達、または無効です）。未割り当てのままです。担当するか、担当者を割り当ててください。`,
  nobodyOutsideHours: (p) =>
    `割り当てルール「${p.rule}」は営業時間外には割り当てないため、#${p.id} は未割り当てのままです。担当するか、担当者を割り当ててください。`,
  onlyAdminsForOthers: "ほかの担当者の不在・復帰を設定できるのは管理者だけです。",
  nameAgent: "担当者をヘルプデスク担当者の @メンションで指定してください。自分の場合は省略できます。",
  nowAway: (p) =>
    p.name === null
      ? "不在にしました。復帰するまで（`/ticket back`）割り当てルールはあなたを飛ばします。担当中のチケットはそのままです。"
      : `${p.name} さんを不在にしました。復帰するまで割り当てルールは飛ばします。担当中のチケットはそのままです。`,
  alreadyAway: (p) =>
    p.name === null ? "すでに不在です。復帰するまで割り当てルールはあなたを飛ばします。" : `${p.name} さんはすでに不在です。`,
  nowBack: (p) =>
    p.name === null
      ? "復帰しました。割り当てルールで再びチケットが割り当てられます。"
      : `${p.name} さんが復帰しました。割り当てルールで再びチケットが割り当てられます。`,
  alreadyBack: (p) =>
    p.name === null ? "不在ではありません。割り当てルールでチケットが割り当てられます。" : `${p.name} さんは不在ではありません。`,
  homeAway: (p) => `${p.since === null ? "" : `${p.since}から`}*不在*です。割り当てルールはあなたを飛ばします。`,
  homeAvailable: "対応可能です。割り当てルールでチケットが割り当てられます。",
  goAway: "不在にする",
  comeBack: "復帰する",
  awayNow: (p, f) => `不在中: ${f.list(p.names)}`,
};
