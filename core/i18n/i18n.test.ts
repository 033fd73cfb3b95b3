// The message catalogues: the same keys in every language, messages rendered with the language's
// plural rules, numbers, lists and dates in the help desk's time zone, and locale choice.
import { describe, expect, it } from "vitest";
import type { Translation } from "./catalogue.js";
import { en } from "./en/index.js";
import { Formats } from "./format.js";
import { ja } from "./ja/index.js";
import { isTimeZone, localeOfTag, pickLocale } from "./locale.js";
import { msg, render } from "./translate.js";

/** Texts Japanese writes the same way (mail clients' reply prefix, the Cc and Bcc of mail forms). */
const sameInBoth = new Set(["email.replyPrefix", "compose.cc", "compose.bcc"]);

describe("catalogues", () => {
  it("has every English message in Japanese, of the same kind, and nothing else", () => {
    const shape = (c: object) =>
      Object.entries(c).flatMap(([area, entries]) =>
        Object.entries(entries as Record<string, unknown>).map(([name, e]) => `${area}.${name}:${typeof e}`),
      );
    expect(shape(ja).sort()).toEqual(shape(en).sort());
  });

  it("refuses, at the type-check, a translation with a key missing, a key too many, or other parameters", () => {
    type Area = { a: string; b: (p: { id: number }) => string };
    // @ts-expect-error b is missing
    const missing: Translation<Area> = { a: "x" };
    // @ts-expect-error c is not in the English area
    const extra: Translation<Area> = { a: "x", b: (p) => `${p.id}`, c: "y" };
    // @ts-expect-error the English message has no `name`
    const other: Translation<Area> = { a: "x", b: (p: { name: string }) => p.name };
    expect([missing, extra, other]).toHaveLength(3);
  });

  it("renders every message in both languages without throwing, none empty, the Japanese in Japanese", () => {
    const sample = new Proxy({}, { get: (_, k) => (k === "names" || k === "items" ? ["a", "b"] : k === "at" ? new Date(0) : 7) });
    for (const locale of ["en", "ja"] as const) {
      const f = new Formats(locale, "Asia/Tokyo");
      for (const [area, entries] of Object.entries(locale === "en" ? en : ja) as [string, Record<string, unknown>][]) {
        for (const [name, e] of Object.entries(entries)) {
          const text = typeof e === "string" ? e : (e as (p: unknown, f: Formats) => string)(sample, f);
          expect(text.trim(), `${locale} ${area}.${name}`).not.toBe("");
          if (locale === "ja" && !sameInBoth.has(`${area}.${name}`))
            expect(text, `ja ${area}.${name}`).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
        }
      }
    }
  });
});

describe("rendering", () => {
  it("fills a message's parameters in the reader's language", () => {
    const m = msg("errors.ticketMerged", { id: 4, into: 2 });
    expect(render(m, new Formats("en"))).toBe("Ticket #4 was merged into #2; work on #2 instead.");
    expect(render(m, new Formats("ja"))).toBe("チケット #4 は #2 に統合されています。#2 で対応してください。");
    expect(render(msg("errors.agentsOnly"), new Formats("ja"))).toBe("この操作はヘルプデスクの担当者だけが行えます。");
  });

  it("formats numbers, plurals, lists and dates by locale, dates in the time zone", () => {
    const at = new Date("2026-03-01T15:30:00Z");
    const enF = new Formats("en", "America/New_York");
    const jaF = new Formats("ja", "Asia/Tokyo");
    expect(enF.number(12345.5)).toBe("12,345.5");
    expect(enF.plural(1, { one: "# ticket", other: "# tickets" })).toBe("1 ticket");
    expect(enF.plural(1200, { one: "# ticket", other: "# tickets" })).toBe("1,200 tickets");
    expect(jaF.plural(1, { other: "#件" })).toBe("1件");
    expect(enF.list(["a", "b", "c"])).toBe("a, b, and c");
    expect(jaF.list(["a", "b", "c"])).toBe("a、b、c");
    // 15:30 UTC is 10:30 in New York and half past midnight the next day in Tokyo.
    expect(enF.dateTime(at)).toMatch(/Mar 1, 2026.*10:30/);
    expect(jaF.dateTime(at)).toMatch(/2026\/03\/02 0:30/);
    expect(jaF.date(at)).toBe("2026/03/02");
  });

  it("picks a configured name in the reader's language, else the English, else what there is", () => {
    const f = new Formats("ja");
    expect(f.name({ en: "Waiting on customer", ja: "顧客返信待ち" })).toBe("顧客返信待ち");
    expect(f.name({ en: "Billing" })).toBe("Billing");
    expect(new Formats("en").name({ ja: "請求" })).toBe("請求");
    expect(f.name("Plain")).toBe("Plain");
  });
});

describe("locale choice", () => {
  it("reads platform tags, takes the first the help desk speaks, and falls back to the default", () => {
    expect(localeOfTag("ja-JP")).toBe("ja");
    expect(localeOfTag("en-GB")).toBe("en");
    expect(localeOfTag("fr")).toBeNull();
    expect(pickLocale([undefined, "de-DE", "ja"], "en")).toBe("ja");
    expect(pickLocale([null, "fr"], "ja")).toBe("ja");
  });

  it("knows IANA time zones", () => {
    expect(isTimeZone("Asia/Tokyo")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });
});
