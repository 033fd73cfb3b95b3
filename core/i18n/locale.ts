/** The languages the help desk speaks. Every text an agent or a customer sees exists in each. */
export const locales = ["en", "ja"] as const;
export type Locale = (typeof locales)[number];

export function isLocale(x: unknown): x is Locale {
  return typeof x === "string" && (locales as readonly string[]).includes(x);
}

/**
 * The help desk language for a BCP 47 tag as platforms send it (Slack `ja-JP`, Discord `ja`,
 * `en-US`, `en-GB`), or null when it speaks none of it.
 */
export function localeOfTag(tag: string | null | undefined): Locale | null {
  if (!tag) return null;
  const language = tag.trim().toLowerCase().split(/[-_]/)[0];
  return isLocale(language) ? language : null;
}

/** The first of the candidates the help desk speaks (configured, then the platform's), else `fallback`. */
export function pickLocale(candidates: readonly (string | null | undefined)[], fallback: Locale): Locale {
  for (const c of candidates) {
    const l = localeOfTag(c);
    if (l) return l;
  }
  return fallback;
}

/** Whether `timeZone` is an IANA time zone this runtime knows (`Asia/Tokyo`, `UTC`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return true;
  } catch {
    return false;
  }
}
