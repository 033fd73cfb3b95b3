import type { Translation } from "../catalogue.js";
import type { Formats } from "../format.js";
import type { kpis as en } from "../en/kpis.js";

export const kpis: Translation<typeof en> = {
  periodUnknown: (p: { typed: string }) =>
    `「${p.typed}」は期間として読めません。today、7d、30d、90d、this_month、last_month、または 2026-01-01..2026-01-31 のような二つの日付を指定してください。`,
  periodBackwards: "期間の終わりが始まりより前になっています。",
  periodTooLong: (p: { days: number }, f: Formats) => `期間は最長 ${f.number(p.days)} 日です。`,
  teamNotYours: "見られるのは自分のチームの数値だけです。",
  cursorInvalid: "このページは無効になりました。最初のページから開き直してください。",
  statsTitle: "ヘルプデスクの KPI",
  statsPeriod: (p: { from: Date; last: Date }, f: Formats) =>
    f.date(p.from) === f.date(p.last) ? `${f.date(p.from)} の 1 日` : `${f.date(p.from)} から ${f.date(p.last)} まで`,
  statsScope: (p: { period: string; scope: string }) => `${p.period}・${p.scope}`,
  statsAllTeams: "見られるすべてのチーム",
  statsTeam: (p: { team: string }) => `チーム ${p.team}`,
  statsNoTeam: "チームのないチケット",
  figureCreated: "作成",
  figureResolved: "解決",
  figureResolutionRate: "解決率",
  figureFirstResponse: "初回応答時間",
  figureResolution: "解決時間",
  figureCsat: "顧客満足度",
  figureSla: "SLA 達成",
  noData: "まだデータがありません",
  ticketCount: (p: { count: number }, f: Formats) => `${f.number(p.count)} 件`,
  resolvedOfCreated: (p: { resolved: number; created: number }, f: Formats) =>
    `期間内に作成された ${f.number(p.created)} 件のうち ${f.number(p.resolved)} 件を解決`,
  durationMean: (p: { mean: string }) => `平均 ${p.mean}`,
  durationDetail: (p: { median: string; p90: string; count: number }, f: Formats) =>
    `中央値 ${p.median}・90% が ${p.p90} 以内・${f.number(p.count)} 件`,
  businessMean: (p: { mean: string }) => `営業時間では平均 ${p.mean}`,
  csatMean: (p: { mean: string }) => `${p.mean}（5 点満点）`,
  csatRatings: (p: { count: number }, f: Formats) => `評価 ${f.number(p.count)} 件`,
  csatRate: (p: { rate: string }) => `アンケート回答率 ${p.rate}`,
  slaDetail: (p: { met: number; missed: number }, f: Formats) => `期限内 ${f.number(p.met)} 件、超過 ${f.number(p.missed)} 件`,
  targetAtLeast: (p: { target: string }) => `目標: ${p.target} 以上`,
  targetWithin: (p: { target: string }) => `目標: ${p.target} 以内`,
  met: "達成",
  missed: "未達",
};
