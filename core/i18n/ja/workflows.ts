import type { Translation } from "../catalogue.js";
import type { workflows as en } from "../en/workflows.js";

export const workflows: Translation<typeof en> = {
  onlyAdmins: "ワークフローを見られるのは管理者だけです。",
  title: "ワークフロー",
  none: "ワークフローは設定されていません。",
  on: "有効",
  off: "無効",
  neverRan: "まだ実行されていません",
  lastRuns: (p, f) => `最近の実行：${f.list(p.items)}`,
  run: (p) => `${p.ticket} は${p.outcome}（${p.when}）`,
  outcome_done: "完了",
  outcome_failed: "失敗",
  outcome_cancelled: "取り消し",
  outcome_refused: "拒否",
  trigger_ticket_created: "チケット作成時",
  trigger_status_changed: "ステータス変更時",
  trigger_property_changed: "プロパティ変更時",
  trigger_customer_replied: "顧客の返信時",
  trigger_agent_replied: "担当者の返信時",
  trigger_assigned: "割り当て時",
  trigger_unassigned: "割り当て解除時",
  trigger_time_in_status: "ステータスに一定時間とどまったとき",
  trigger_time_after: "イベントから一定時間後",
  trigger_sla_warning: "SLA 警告時",
  trigger_sla_breach: "SLA 違反時",
  actions: (p) => `アクション ${p.count} 件`,
};
