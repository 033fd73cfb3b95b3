import type { Translation } from "../catalogue.js";
import type { errors as en } from "../en/errors.js";
import { queue } from "./commands.js";
import { fields, requirementLabel } from "./fields.js";

export const errors: Translation<typeof en> = {
  agentsOnly: "この操作はヘルプデスクの担当者だけが行えます。",
  ticketNotFound: (p) => `チケット #${p.id} が見つかりません。`,
  ticketDeleted: (p) => `チケット #${p.id} は削除されています。`,
  ticketMerged: (p) => `チケット #${p.id} は #${p.into} に統合されています。#${p.into} で対応してください。`,
  alreadyOwn: (p) => `#${p.id} はすでにあなたが担当しています。`,
  claimedBy: (p) => `#${p.id} はすでに ${p.owner} さんが担当しています。`,
  claimedByOther: (p) => `#${p.id} はすでに別の担当者が担当しています。`,
  notAssigned: (p) => `#${p.id} には担当者がいません。`,
  ownedBy: (p) => `#${p.id} の担当者は ${p.owner ?? "別の担当者"} さんです。担当を外せるのは本人か管理者だけです。`,
  agentUnknown: (p) => `担当者「${p.agent}」は登録されていません。`,
  agentNotInTicketTeam: (p) => `${p.agent} さんはこのチケットのチームに所属していません。`,
  notEmailAddress: (p) => `「${p.email}」はメールアドレスの形式ではありません。`,
  chatRequesterNeedsUserId: "チャットからの問い合わせ者にはユーザー ID が必要です。",
  priorityUnknown: (p) => `「${p.priority}」という優先度はありません。`,
  priorityNotOneOf: (p, f) => `優先度は ${f.list(p.items)} のいずれかを指定してください。`,
  senderEmailNeeded: "新しいチケットには送信者のメールアドレスが必要です。",
  teamUnknown: (p) => `チーム「${p.team}」はありません。`,
  notInTeam: (p, f) => `あなたはチーム「${f.name(p.team)}」に所属していません。`,
  ownerNotInTeam: (p, f) =>
    `#${p.id} の担当者 ${p.owner} さんはチーム「${f.name(p.team)}」に所属していません。先に担当者を変更するか、担当を外してください。`,
  ownerCannotOwn: (p, f) => `${p.owner} さんはチーム「${f.name(p.team)}」に所属していないため、このチケットを担当できません。`,
  pipelineUnknown: (p) => `パイプライン「${p.pipeline}」はありません。`,
  alreadyInPipeline: (p, f) => `#${p.id} はすでにパイプライン「${f.name(p.pipeline)}」にあります。ステータスを変更してください。`,
  statusUnknown: (p, f) =>
    `パイプライン「${f.name(p.pipeline)}」にステータス「${p.status}」はありません（指定できるのは ${f.list(p.names)} です）。`,
  statusNeedsFields: (p, f) =>
    `ステータス「${f.name(p.status)}」にするには、${f.list(p.names.map((n) => `「${requirementLabel(n, f)}」`))}を入力してください。`,
  statusRequiresFields: (p, f) =>
    `#${p.id} はステータス「${f.name(p.status)}」のため、${f.list(p.names.map((n) => `「${requirementLabel(n, f)}」`))}が必須です。先にステータスを変更してください。`,
  alreadyInStatus: (p, f) => `#${p.id} はすでにステータス「${f.name(p.status)}」です。`,
  noClosedStatus: (p) => `パイプライン「${p.pipelineId}」には、#${p.id} をクローズするための完了ステータスがありません。`,
  alreadyUnassigned: (p) => `#${p.id} にはすでに担当者がいません。`,
  alreadyOwnedBy: (p) => `#${p.id} はすでに ${p.owner} さんが担当しています。`,
  draftEmpty: "下書きに保存する内容がありません。不要な場合は破棄してください。",
  noDraft: (p) => `#${p.id} にあなたの下書きはありません。`,
  mentionAmbiguous: (p, f) => `@${p.handle} に該当する担当者が複数います（${f.list(p.names)}）。ID でメンションしてください。`,
  mentionUnknownAgent: (p) => `メンションしようとした担当者「${p.agent}」は登録されていません。`,
  mentionNotInTeam: (p) => `${p.agent} さんはこのチケットのチームに所属していないため、メンションできません。`,
  mergeIntoItself: (p) => `#${p.id} を同じチケットに統合することはできません。`,
  mergedJustNow: (p) => `#${p.id} はたった今、ほかの担当者が統合しました。`,
  mergeCycle: (p) => `#${p.id} はすでに #${p.into} に統合されているため、#${p.into} をこのチケットに統合することはできません。`,
  alreadyMerged: (p) => `#${p.id} はすでに #${p.into} に統合されています。`,
  mergeIntoFinal: (p) => `#${p.id} は #${p.into} に統合されています。#${p.final} に統合してください。`,
  contactRoleUnknown: (p) => `「${p.role}」は連絡先の役割として指定できません（requester か cc を指定してください）。`,
  alreadyRequester: (p) => `${p.contact} はすでに #${p.id} の問い合わせ者です。`,
  alreadyCc: (p) => `${p.contact} はすでに #${p.id} の CC に入っています。`,
  requesterNotCc: (p) => `${p.contact} は #${p.id} の問い合わせ者です。CC にするには、先に別の人を問い合わせ者にしてください。`,
  attachmentNotFound: "該当する添付ファイルはありません。",
  subjectRequired: "チケットには件名が必要です。",
  nothingToChange: (p) => `#${p.id} に変更する内容がありません。`,
  notKeyValuePair: (p) =>
    `「${p.text}」は key=value の形式になっていません。product=web seats=3 のように入力し、空白を含む値は引用符で囲んでください。`,
  splitNeedsMessage: "切り出すメッセージを 1 件以上選んでください。",
  notMessagesOfTicket: (p, f) => `#${p.id} のメッセージではありません：${f.list(p.items)}。`,
  splitLeavesNone: (p) => `#${p.id} にはメッセージを 1 件以上残す必要があります。`,
  messagesChangedJustNow: (p) => `#${p.id} のメッセージがたった今変更されました。もう一度お試しください。`,
  searchEmpty: "検索する語句を入力してください。",
  searchTooLong: "検索する語句が長すぎます。",
  resultLimitTooSmall: "表示件数は 1 以上を指定してください。",
  pageSizeInvalid: "1 ページの件数は 1 以上の整数で指定してください。",
  queueDecidesOwner: (p) => `「${queue[p.queue] ?? p.queue}」キューでは担当者が決まっているため、担当者は指定できません。`,
  cursorInvalid: "このページのリンクは無効です。最初のページからやり直してください。",
  adminsOnlyRestore: "削除されたチケットを復元できるのは管理者だけです。",
  notDeleted: (p) => `#${p.id} は削除されていません。`,
  deleteNotAllowed: (p) => `#${p.id} を削除できるのは管理者かチケットの担当者だけです。`,
  deletedJustNow: (p) => `#${p.id} はたった今、ほかの担当者が削除しました。`,
  notFollowing: (p) => `#${p.id} をフォローしていません。`,
  alreadyFollowing: (p) => `#${p.id} はすでにフォローしています。`,
  notEmailAddresses: (p, f) =>
    `メールアドレスの形式ではないものがあります：${f.list(p.items.map((i) => `「${i.address}」（${i.field === "cc" ? "CC" : "BCC"}）`))}。`,
  noRequesterAddress: "このチケットには返信先となる問い合わせ者のアドレスがありません。先に連絡先を紐付けてください。",
  answeredMessageNotOnTicket: (p) => `返信しようとしているメッセージは #${p.id} のものではありません。`,
  replyEmpty: "返信の本文を入力してください。",
  copiesNotInChat: (p) => `この返信はお客様に ${p.surface === "slack" ? "Slack" : "Discord"} で届くため、CC・BCC で送る相手がいません。`,
  originIncomplete: "チケットの元になるメッセージには、チャンネルとメッセージの指定が必要です。",
  messageAlreadyTicket: (p) => `このメッセージはすでにチケット #${p.id} になっています。`,
  commentEmpty: "メモの本文を入力してください。",
  snippetInvalid: (p, f) => {
    const problems: string[] = [];
    if (p.badName) problems.push(`名前：${fields.snippetName}`);
    if (p.text === "required") problems.push(`本文：${fields.required}`);
    else if (p.text === "tooLong") problems.push(`本文：${fields.atMostCharacters({ max: p.max }, f)}`);
    return `定型文の内容が正しくありません。${problems.join("")}`;
  },
  adminsOnlySnippets: "定型文を追加できるのはヘルプデスクの管理者だけです。",
  snippetNameTaken: (p) => `「${p.name}」という名前の定型文はすでにあります。`,
};
