import type { Locale } from "./locale.js";

/** Charsets only Japanese mail uses (ISO-2022-JP, Shift_JIS and its Windows variant, EUC-JP). */
const japaneseCharset = /^(iso-2022-jp(-\d+)?|shift[_-]?jis|sjis|x-sjis|windows-31j|cp932|ms932|euc-jp|x-euc-jp)$/i;

/**
 * A hiragana or katakana letter: found in Japanese text and in no other language's. The middle dot
 * (U+30FB) and the long-vowel mark (U+30FC) are left out: Chinese and Korean text uses them too.
 */
const kana = /[\u3041-\u309f\u30a1-\u30fa\u30fd-\u30ff\uff66-\uff9f]/u;

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
