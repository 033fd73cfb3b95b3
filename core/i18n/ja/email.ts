import type { Translation } from "../catalogue.js";
import type { email as en } from "../en/email.js";

export const email: Translation<typeof en> = {
  // Japanese mail clients use the same prefix.
  replyPrefix: "Re:",
  footer: (p) => `このメールに返信すると、お問い合わせ ${p.tag} に追記されます。`,
};
