import type { Formats } from "../format.js";

// KPIs as agents read them, in English: periods, refusals, and `/ticket stats`.
export const kpis = {
  periodUnknown: (p: { typed: string }) =>
    `"${p.typed}" is not a period. Try today, 7d, 30d, 90d, this_month, last_month, or two dates such as 2026-01-01..2026-01-31.`,
  periodBackwards: "The period ends before it starts.",
  periodTooLong: (p: { days: number }, f: Formats) =>
    f.plural(p.days, { one: "A period can be at most # day.", other: "A period can be at most # days." }),
  teamNotYours: "You can see the figures of your own teams only.",
  cursorInvalid: "That page of tickets is no longer valid; start from the first page.",
} as const;
