import type { Translation } from "../catalogue.js";
import type { dashboard as en } from "../en/dashboard.js";
import type { Formats } from "../format.js";

/** 時間を大きい二つの単位で: 「1分未満」「25分」「1時間20分」「2日3時間」。 */
function span(sec: number, f: Formats): string {
  const minutes = Math.round(Math.max(0, sec) / 60);
  if (minutes < 1) return "1分未満";
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const parts: [number, string][] = d
    ? [
        [d, "日"],
        [h, "時間"],
      ]
    : h
      ? [
          [h, "時間"],
          [m, "分"],
        ]
      : [[m, "分"]];
  return parts
    .filter(([n]) => n)
    .map(([n, unit]) => `${f.number(n)}${unit}`)
    .join("");
}

export const dashboard: Translation<typeof en> = {
  title: "ヘルプデスク ダッシュボード",
  overview: "概要",
  timeZone: (p) => `時刻は ${p.zone} で表示`,
  period: "期間",
  periodToday: "今日",
  period7d: "過去 7 日間",
  period30d: "過去 30 日間",
  period90d: "過去 90 日間",
  periodThisMonth: "今月",
  periodLastMonth: "先月",
  periodCustom: "指定した期間",
  team: "チーム",
  allTeams: "すべてのチーム",
  noTeam: "チームなし",
  agent: "担当者",
  allAgents: "すべての担当者",
  pipeline: "パイプライン",
  allPipelines: "すべてのパイプライン",
  source: "受付経路",
  allSources: "すべての受付経路",
  sourceEmail: "メール",
  sourceForm: "Web フォーム",
  sourceManual: "担当者が作成",
  sourceApi: "REST API 経由",
  sourceChat: (p) => `チャット（${p.surface}）`,
  apply: "適用",
  reset: "リセット",
  downloadCsv: "CSV をダウンロード",
  firstResponse: "初回応答時間",
  resolution: "解決時間",
  resolutionRate: "解決率",
  csat: "顧客満足度",
  slaMet: "SLA 達成率",
  created: "作成",
  resolved: "解決",
  duration: (p, f) => span(p.sec, f),
  score: (p, f) => `${f.number(Math.round(p.value * 100) / 100)} / 5 点`,
  mean: "平均",
  median: "中央値",
  p90: "90 パーセンタイル",
  targetWithin: (p, f) => `目標: ${span(p.sec, f)}以内`,
  targetShare: (p, f) => `目標: ${f.number(Math.round(p.value * 10) / 10)}% 以上`,
  targetScore: (p, f) => `目標: ${f.number(p.value)} / 5 点以上`,
  met: "目標達成",
  missed: "目標未達",
  noData: "データなし",
  ticketsCounted: (p, f) => `${f.number(p.count)} 件`,
  ratings: (p, f) => `評価 ${f.number(p.count)} 件`,
  responseRate: (p, f) => `回答率 ${f.number(Math.round(p.value * 10) / 10)}%`,
  slaCounts: (p, f) => `達成 ${f.number(p.met)} 件、未達 ${f.number(p.missed)} 件`,
  showTickets: "チケットを見る",
  volumeChart: "日別のチケット数",
  firstResponseChart: "初回応答時間",
  resolutionChart: "解決時間",
  businessHours: "営業時間ベース",
  slaChart: "SLA 目標",
  csatChart: "満足度の評価",
  tickets: "チケット数",
  upTo: (p, f) => `${span(p.sec, f)}以内`,
  over: (p, f) => `${span(p.sec, f)}超`,
  stars: (p, f) => `星 ${f.number(p.score)}`,
  chartData: "グラフの数値",
  figureCreated: "作成されたチケット",
  figureResolved: "解決されたチケット",
  figureUnresolved: "作成され、まだ解決していないチケット",
  figureFirstResponse: "初回応答したチケット",
  figureResolution: "解決したチケット（解決時間順）",
  figureCsat: "評価されたチケット",
  figureSlaMissed: "SLA 目標を守れなかったチケット",
  number: "チケット",
  subject: "件名",
  status: "ステータス",
  priority: "優先度",
  owner: "担当者",
  unassigned: "未割り当て",
  createdAt: "作成日時",
  rating: "評価",
  none: "なし",
  nextPage: "次のページ",
  firstPage: "最初のページ",
  backToOverview: "概要に戻る",
  noTickets: "この条件に当てはまるチケットはありません。",
  csvFigure: "指標",
  csvValue: "値",
  csvTarget: "目標",
  csvResult: "結果",
  csvHours: (p) => `${p.name}（時間）`,
  csvDay: "日付",
  csvBucket: "上限（時間）",
  csvCount: "件数",
  csvRatings: "評価数",
  csvResponseRate: "アンケート回答率（%）",
  csvRest: "それ以上",
  csvCut: (p, f) => `一覧は${f.number(p.count)}件で打ち切られました。残りはフィルターで絞り込んでダウンロードしてください。`,
  notFoundTitle: "見つかりません",
  forbiddenTitle: "表示する権限がありません",
  invalidTitle: "表示できません",
  conflictTitle: "その間に変更されました",
  unknownFigure: "ダッシュボードにそのような指標はありません。",
};
