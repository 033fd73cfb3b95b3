import type { ActionCatalog } from "../../actions/catalog.js";

type Fields<K extends keyof ActionCatalog> = ActionCatalog[K]["inputs"][number]["field"];

/**
 * The action catalogue's texts in one language: every action's label and description, and the
 * description of each of its inputs (the English are in core/actions/catalog.ts). A missing or
 * extra action or input fails the type-check.
 */
export type ActionTexts = {
  readonly [K in keyof ActionCatalog]: { label: string; description: string; inputs: { readonly [F in Fields<K>]: string } };
};

const ticket = "チケット（例: #123）。";
const awayAgent = "ほかの担当者（管理者のみ）。省略すると自分。";

export const actions: ActionTexts = {
  create: {
    label: "新規チケット",
    description: "チケットを手動で作成します。",
    inputs: {
      subject: "問い合わせの件名。",
      text: "お客様が書いた問い合わせ内容。",
      priority: "low、medium、high、urgent のいずれか。",
      teamId: "チケットを担当するチーム。",
    },
  },
  find: {
    label: "検索",
    description: "番号、件名、問い合わせ者でチケットを検索します。",
    inputs: { text: "番号、件名の語句、またはメールアドレス。" },
  },
  show: { label: "表示", description: "チケットと最新のメッセージを表示します。", inputs: { ticketId: ticket } },
  queue: {
    label: "キュー",
    description: "未完了のチケットを一覧します: 自分、未割り当て、チーム、すべて、自動返信・不達。",
    inputs: { queue: "mine、unassigned、team、all_open、auto、breaching（SLA期限間近）のいずれか。" },
  },
  claim: { label: "担当する", description: "未割り当てのチケットを担当します。", inputs: { ticketId: ticket } },
  release: { label: "担当を外れる", description: "担当中のチケットを未割り当てに戻します。", inputs: { ticketId: ticket } },
  assign: { label: "割り当て", description: "チケットを担当者に割り当てます。", inputs: { ticketId: ticket, ownerId: "新しい担当者。" } },
  reply: {
    label: "返信",
    description: "お客様に返信します。ステータスも同時に変更できます。",
    inputs: {
      ticketId: ticket,
      text: "お客様に届く本文。",
      cc: "CC に入れるアドレス。",
      bcc: "BCC に入れるアドレス。",
      statusId: "返信と同時に設定するステータス。",
    },
  },
  comment: {
    label: "メモ",
    description: "社内メモを残します。@メンションで担当者に通知します。",
    inputs: { ticketId: ticket, text: "メモの本文。お客様には表示されません。" },
  },
  change_status: {
    label: "ステータス変更",
    description: "チケットをパイプライン内の別のステータスに移します。",
    inputs: { ticketId: ticket, statusId: "新しいステータス。", properties: "そのステータスに必要な値。" },
  },
  update_properties: {
    label: "編集",
    description: "件名、優先度、チーム、カスタムプロパティを変更します。",
    inputs: {
      ticketId: ticket,
      subject: "新しい件名。",
      priority: "low、medium、high、urgent のいずれか。",
      teamId: "チーム（なしも可）。",
      properties: "カスタムプロパティの値。",
    },
  },
  split: {
    label: "分割",
    description: "選んだメッセージを新しいチケットに移します。",
    inputs: { ticketId: ticket, messageIds: "移すメッセージ。" },
  },
  merge: {
    label: "統合",
    description: "別のチケットをこのチケットに統合します。",
    inputs: { primaryId: "残るチケット。", secondaryId: "統合されてクローズされるチケット。" },
  },
  move: {
    label: "移動",
    description: "チケットを別のパイプラインに移します。",
    inputs: { ticketId: ticket, pipelineId: "移動先のパイプライン。" },
  },
  delete: { label: "削除", description: "チケットを削除します（管理者が復元できます）。", inputs: { ticketId: ticket } },
  restore: { label: "復元", description: "削除したチケットを元に戻します（管理者）。", inputs: { ticketId: ticket } },
  follow: { label: "フォロー", description: "チケットへの返信とメモの通知を受け取ります。", inputs: { ticketId: ticket } },
  unfollow: { label: "フォロー解除", description: "チケットのフォローをやめます。", inputs: { ticketId: ticket } },
  away: {
    label: "不在",
    description: "復帰するまで割り当てルールの対象から外れます（管理者はほかの担当者も設定できます）。",
    inputs: { agentId: awayAgent },
  },
  back: {
    label: "復帰",
    description: "割り当てルールで再びチケットを受け取ります（管理者はほかの担当者も設定できます）。",
    inputs: { agentId: awayAgent },
  },
  workflows: { label: "ワークフロー", description: "ワークフローと最近の実行を表示します（管理者）。", inputs: {} },
  dashboard: {
    label: "ダッシュボード",
    description: "KPI ダッシュボードにサインインする、自分専用の一回限りのリンクを受け取ります。",
    inputs: {},
  },
  stats: {
    label: "統計",
    description: "期間の主要 KPI を目標と並べて表示します（自分だけに表示）。",
    inputs: {
      period: "today、7d、30d（既定）、90d、this_month、last_month、または 2026-01-01..2026-01-31。",
      teamId: "一つのチーム。省略すると見られるすべてのチーム。",
    },
  },
  panel: {
    label: "サポートパネル",
    description: "お客様が非公開のチケットを作成できるボタンをこのチャンネルに置きます（管理者）。",
    inputs: {},
  },
  token: {
    label: "API トークン",
    description: "REST API のトークンを作成・失効・一覧します（管理者。シークレットは自分にだけ表示）。",
    inputs: {
      command: "create、revoke、list のいずれか。",
      name: "トークンの名前（例: billing）。",
      agentId: "新しいトークンが代わりに動く担当者。省略すると自分。",
      scope: "write（既定）または read（GET リクエストのみ）。",
    },
  },
};
