import type { Translation } from "../catalogue.js";
import type { fields as en } from "../en/fields.js";
import type { Formats, LocalizedName } from "../format.js";
import { card } from "./card.js";

/** Built-in fields a status may require, as the ticket card names them. */
const builtInLabels: Record<string, string> = { owner: card.owner, team: card.team, contact: card.requester };

/** A required field's name: a custom property's label in Japanese, or a built-in field's (given by id). */
export function requirementLabel(n: LocalizedName | string, f: Formats): string {
  return typeof n === "string" ? (builtInLabels[n] ?? n) : f.name(n);
}

export const fields: Translation<typeof en> = {
  required: "入力してください。",
  unknownAgent: "担当者が見つかりません。",
  unknownTeam: "チームが見つかりません。",
  unknownPipeline: "パイプラインが見つかりません。",
  unknownStatus: "ステータスが見つかりません。",
  unknownPriority: "優先度が正しくありません。",
  unknownQueue: "不明なキューです。",
  notInTicketTeam: "チケットのチームに所属していません。",
  agentNotInTicketTeam: (p) => `${p.agent} さんはチケットのチームに所属していません。`,
  notYourTeam: "所属していないチームです。",
  ownerNotInTeam: (p) => `${p.owner} さんはこのチームに所属していません。`,
  agentNotInTeam: (p, f) => `${p.owner} さんはチーム「${f.name(p.team)}」に所属していません。`,
  notEmailAddress: "メールアドレスの形式ではありません。",
  notEmailAddresses: (p, f) => `${f.list(p.items.map((a) => `「${a}」`))} はメールアドレスの形式ではありません。`,
  pickAnotherTicket: "別のチケットを選んでください。",
  pickAnotherPipeline: "別のパイプラインを選んでください。",
  pickAnotherStatus: "別のステータスを選んでください。",
  pickAgent: "担当者を選んでください。",
  pickAnotherAgent: "別の担当者を選んでください。",
  mentionAmbiguous: (p) => `@${p.handle} に該当する担当者が複数います。`,
  requesterOrCc: "問い合わせ者（requester）か CC（cc）を指定してください。",
  onlyThisTicketsMessages: "切り出せるのはこのチケットのメッセージだけです。",
  leaveOneMessage: "メッセージを 1 件以上残してください。",
  atMostCharacters: (p, f) => `${f.number(p.max)} 文字以内で入力してください。`,
  atLeastOne: "1 以上を指定してください。",
  notWithThisQueue: "このキューでは指定できません。",
  invalidCursor: "ページの指定が正しくありません。",
  notMessageOfTicket: "このチケットのメッセージではありません。",
  copiesByEmailOnly: "CC・BCC はメールでのみ送れます。",
  snippetName: "文字・数字・「-」「_」「.」からなる 1 語を、50 文字以内で入力してください。",
  notKeyValuePairs: "key=value の形式になっていません。",
  propertyUnknown: (p) => `チケットの項目「${p.name}」はありません。`,
  propertyNotNumber: (p, f) => `「${f.name(p.property)}」には数値を入力してください。`,
  propertyNotBoolean: (p, f) => `「${f.name(p.property)}」には「はい」か「いいえ」を指定してください。`,
  propertyNotOption: (p, f) => `「${f.name(p.property)}」には ${f.list(p.items)} のいずれかを指定してください。`,
  propertyNotDate: (p, f) => `「${f.name(p.property)}」には日付（YYYY-MM-DD）を入力してください。`,
  requiredForStatus: (p, f) => `ステータス「${f.name(p.status)}」にするには「${requirementLabel(p.property, f)}」の入力が必要です。`,
  statusRequires: (p, f) => `ステータス「${f.name(p.status)}」では「${requirementLabel(p.property, f)}」が必須です。`,
};
