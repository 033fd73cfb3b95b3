// KPI values as a reader reads them, by Intl in their language: durations in minutes, hours or
// days, shares as percentages, ratings with one decimal.
import type { Formats } from "../i18n/format.js";
import type { Locale } from "../i18n/locale.js";

const intlTag: Record<Locale, string> = { en: "en-US", ja: "ja-JP" };
const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: Locale, key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = `${locale}:${key}`;
  let nf = cache.get(id);
  if (!nf) {
    nf = new Intl.NumberFormat(intlTag[locale], options);
    cache.set(id, nf);
  }
  return nf;
}

/** A duration in seconds: minutes under an hour, hours under two days, else days (one decimal at most). */
export function formatDuration(sec: number, f: Formats): string {
  const [unit, value] =
    sec < 3_600 ? (["minute", sec / 60] as const) : sec < 172_800 ? (["hour", sec / 3_600] as const) : (["day", sec / 86_400] as const);
  const digits = unit === "minute" ? 0 : 1;
  return numberFormat(f.locale, `${unit}`, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: digits }).format(value);
}

/** A share from 0 to 1 as a percentage (one decimal at most). */
export function formatShare(share: number, f: Formats): string {
  return numberFormat(f.locale, "percent", { style: "percent", maximumFractionDigits: 1 }).format(share);
}

/** A mean rating, with one decimal. */
export function formatScore(score: number, f: Formats): string {
  return numberFormat(f.locale, "score", { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(score);
}
