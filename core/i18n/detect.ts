import type { Locale } from "./locale.js";

/** Charsets only Japanese mail uses (ISO-2022-JP, Shift_JIS and its Windows variant, EUC-JP). */
const japaneseCharset = /^(iso-2022-jp(-\d+)?|shift[_-]?jis|sjis|x-sjis|windows-31j|cp932|ms932|euc-jp|x-euc-jp)$/i;

/** Hiragana or katakana: found in Japanese text and in no other language's. */
const kana = /[\u3040-\u309f\u30a0-\u30ff\uff66-\uff9f]/u;

/**
 * The language a customer's message is in, as far as it says: Japanese when it came in a Japanese
 * charset or its text has kana; null otherwise (English-looking text may be in any language, so
 * the help desk's default applies then).
 */
export function detectLocale(message: {
  charset?: string | null | undefined;
  texts: readonly (string | null | undefined)[];
}): Locale | null {
  if (message.charset && japaneseCharset.test(message.charset.trim())) return "ja";
  return message.texts.some((t) => t && kana.test(t)) ? "ja" : null;
}
