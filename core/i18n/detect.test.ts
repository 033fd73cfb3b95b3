import { expect, it } from "vitest";
import { detectLocale } from "./detect.js";

it("takes a Japanese charset or kana in the text as Japanese, and anything else as unknown", () => {
  expect(detectLocale({ charset: "ISO-2022-JP", texts: ["Hello"] })).toBe("ja");
  expect(detectLocale({ charset: "Shift_JIS", texts: [] })).toBe("ja");
  expect(detectLocale({ charset: "utf-8", texts: ["パスワードを再設定できません"] })).toBe("ja");
  expect(detectLocale({ texts: [null, "ｶﾀｶﾅ"] })).toBe("ja");
  // Kanji alone may be Chinese; English-looking text may be any language.
  expect(detectLocale({ texts: ["密码重置"] })).toBeNull();
  expect(detectLocale({ texts: ["迈克尔・杰克逊 order problem"] })).toBeNull();
  expect(detectLocale({ charset: "utf-8", texts: ["Password reset"] })).toBeNull();
});
