import type { Translation } from "../catalogue.js";
import type { customers as en } from "../en/customers.js";

export const customers: Translation<typeof en> = {
  acknowledged: (p: { ticket: string }) =>
    `お問い合わせをチケット ${p.ticket} として受け付けました。サポートチームがこのスレッドでお答えします。`,
  onlyAdmins: "顧客チャンネルを接続・解除できるのは管理者だけです。",
  connected: (p: { channel: string; company: string | null }) =>
    p.company
      ? `${p.channel} を ${p.company} の顧客チャンネルにしました。ここでの顧客の新しいメッセージはそれぞれチケットになります。`
      : `${p.channel} を顧客チャンネルにしました。ここでの顧客の新しいメッセージはそれぞれチケットになります。`,
  alreadyConnected: (p: { channel: string }) => `${p.channel} はすでに顧客チャンネルです。会社を更新しました。`,
  disconnected: (p: { channel: string }) => `${p.channel} は顧客チャンネルではなくなりました。チケットはそのまま残ります。`,
  notConnected: (p: { channel: string }) => `${p.channel} は接続された顧客チャンネルではありません。`,
  inConfiguration: (p: { channel: string }) =>
    `${p.channel} は設定ファイルで顧客チャンネルになっています。設定ファイルで変更してください。`,
  triageChannel: (p: { channel: string }) =>
    `${p.channel} はエージェントのチケットカードが投稿されるトリアージチャンネルなので、顧客チャンネルにはできません。`,
  notAChannel: "顧客チャンネルは、そのチャンネルの中で接続してください(ダイレクトメッセージでは接続できません)。",
  badCompany: (p: { company: string }) => `「${p.company}」は会社のメールドメイン(example.com など)ではありません。`,
  agentsMessage: "これは担当者のメッセージです。ここでチケットにできるのはお客様のメッセージだけです。",
  threadIsTicket: (p) =>
    `このスレッドはすでにチケット #${p.id} です。1 つのスレッドから作れるチケットは 1 つで、ここでのお客様の返信はそのチケットに追加されます。`,
  joinedThreadTicket: (p) => `そのメッセージを、このスレッドのチケット #${p.id} に追加しました。`,
  onThreadTicket: (p) => `そのメッセージはすでに、このスレッドのチケット #${p.id} にあります。`,
  attachmentOnly: "(添付ファイル)",
  helpConnectPlaceholder: "[会社のメールドメイン]",
  helpConnect:
    "このチャンネルを顧客チャンネルにします。顧客の新しいメッセージがチケットになります。会社のメールドメインを付けるとその会社の顧客になります(管理者)。",
  helpDisconnect: "このチャンネルを顧客チャンネルでなくします。チケットはそのまま残ります(管理者)。",
};
