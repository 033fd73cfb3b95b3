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
};
