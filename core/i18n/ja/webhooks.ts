import type { Translation } from "../catalogue.js";
import type { webhooks as en } from "../en/webhooks.js";

export const webhooks: Translation<typeof en> = {
  onlyAdmins: "Webhook を見たり変更したりできるのは管理者だけです。",
  noEndpoint: (p: { id: string }) => `設定に Webhook のエンドポイント「${p.id}」はありません。`,
};
