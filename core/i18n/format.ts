import type { Locale } from "./locale.js";
import { wallClock } from "./wall-clock.js";

const intlTag: Record<Locale, string> = { en: "en-US", ja: "ja-JP" };

/** Plural forms by CLDR category; `other` is required, the rest as the language has them. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/**
 * A name given in the configuration in one or more languages (`"Waiting on customer"`, or
 * `{ "en": "Waiting on customer", "ja": "顧客返信待ち" }`), as the parsed config keeps it.
 */
export type LocalizedName = Partial<Record<Locale, string>>;

/**
 * Numbers, dates, plurals and configured names in one language and time zone (Intl). Messages get
 * one, so a message never formats a value by hand.
 */
export class Formats {
  readonly locale: Locale;
  readonly timeZone: string;
  #plural: Intl.PluralRules | undefined;
  #number: Intl.NumberFormat | undefined;
  #dateTime: Intl.DateTimeFormat | undefined;
  #date: Intl.DateTimeFormat | undefined;
  #list: Intl.ListFormat | undefined;

  constructor(locale: Locale, timeZone = "UTC") {
    this.locale = locale;
    this.timeZone = timeZone;
  }

  number(n: number): string {
    this.#number ??= new Intl.NumberFormat(intlTag[this.locale]);
    return this.#number.format(n);
  }

  /** `forms` by the number's plural category; `#` in the chosen form is the formatted number. */
  plural(n: number, forms: PluralForms): string {
    this.#plural ??= new Intl.PluralRules(intlTag[this.locale]);
    const form = forms[this.#plural.select(n)] ?? forms.other;
    return form.replaceAll("#", this.number(n));
  }

  /** Date and time of day in the time zone. */
  dateTime(d: Date): string {
    this.#dateTime ??= new Intl.DateTimeFormat(intlTag[this.locale], { timeZone: this.timeZone, dateStyle: "medium", timeStyle: "short" });
    return this.#dateTime.format(d);
  }

  /** The calendar date in the time zone. */
  date(d: Date): string {
    this.#date ??= new Intl.DateTimeFormat(intlTag[this.locale], { timeZone: this.timeZone, dateStyle: "medium" });
    return this.#date.format(d);
  }

  /** Date and time of day in the time zone as spreadsheets read them: "2026-01-05 18:00". */
  isoDateTime(d: Date): string {
    return wallClock(this.timeZone).dateTime(d);
  }

  /** The calendar date in the time zone as YYYY-MM-DD. */
  isoDate(d: Date): string {
    return wallClock(this.timeZone).date(d);
  }

  /** A list joined the language's way ("a, b, and c"; "a、b、c"). */
  list(items: readonly string[]): string {
    this.#list ??= new Intl.ListFormat(intlTag[this.locale], { style: "long", type: "conjunction" });
    return this.#list.format(items);
  }

  /** A configured name in this language, else in English, else in whichever language it has. */
  name(n: LocalizedName | string): string {
    if (typeof n === "string") return n;
    return n[this.locale] ?? n.en ?? Object.values(n).find((v) => v !== undefined) ?? "";
  }
}
