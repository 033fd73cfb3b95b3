import type { Translation } from "../catalogue.js";
import type { apiTokens as en } from "../en/api-tokens.js";

export const apiTokens: Translation<typeof en> = {
  onlyAdmins: "API トークンを作成・失効・一覧できるのは管理者だけです。",
  nameInvalid: "トークン名は英数字・ドット・ハイフン・アンダースコアの 1〜64 文字で、英数字で始めてください。",
  nameTaken: (p: { name: string }) => `「${p.name}」という API トークンはすでにあります。`,
  scopeInvalid: (p: { scope: string }) => `「${p.scope}」はトークンのスコープではありません（write か read）。`,
  agentInactive: (p: { agent: string }) => `${p.agent} は有効なエージェントではないため、その人として動くトークンは作れません。`,
  notFound: (p: { name: string }) => `「${p.name}」という API トークンはありません。`,
  alreadyRevoked: (p: { name: string }) => `API トークン「${p.name}」はすでに失効しています。`,
  created: (p: { name: string; agent: string; scope: string }) =>
    `API トークン「${p.name}」を作成しました（${p.agent} として動作、${p.scope}）。下のシークレットは二度と表示されないので、今コピーしてください。`,
  revoked: (p: { name: string }) => `API トークン「${p.name}」を失効させました。`,
  listEmpty: "API トークンはありません。",
  listLine: (p: { name: string; prefix: string; agent: string; scope: string; revoked: boolean }) =>
    `${p.name}（${p.prefix}…）: ${p.agent} として動作、${p.scope}、${p.revoked ? "失効" : "有効"}`,
  commandUnknown: (p: { command: string }) =>
    `「${p.command}」はトークンのコマンドではありません。create、revoke、list のどれかを使ってください。`,
  idempotencyTakenOver:
    "このリクエストは時間がかかりすぎたため、同じ Idempotency-Key の再試行に引き継がれました。変更は行っていません（再試行の応答が有効です）。",
  nameNeeded: "トークンの名前を指定してください（例: billing）。",
};
