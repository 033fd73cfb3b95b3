// HELPDESK_LOCALE and HELPDESK_TIME_ZONE reach what the help desk writes: the catalogue built from
// the settings speaks that language and writes dates in that zone; bad values stop the start.
import { describe, expect, it } from "vitest";
import { deskFormats } from "../core/i18n/reader.js";
import { msg, render } from "../core/i18n/translate.js";
import { catalogFor, loadSettings } from "./settings.js";

const at = new Date("2026-03-01T15:30:00Z");

describe("the help desk's language and time zone", () => {
  it("come from HELPDESK_LOCALE and HELPDESK_TIME_ZONE into the catalogue", () => {
    const catalog = catalogFor(loadSettings({ HELPDESK_LOCALE: "ja", HELPDESK_TIME_ZONE: "Asia/Tokyo" }));
    expect(catalog.locale).toBe("ja");
    expect(catalog.timeZone).toBe("Asia/Tokyo");
    const f = deskFormats(catalog);
    expect(render(msg("errors.agentsOnly"), f)).toBe("この操作はヘルプデスクの担当者だけが行えます。");
    // 15:30 UTC is half past midnight the next day in Tokyo.
    expect(f.dateTime(at)).toMatch(/2026\/03\/02 0:30/);
    // The default pipeline's names in the help desk's language.
    expect(f.name(catalog.config.pipelines[0]!.statuses[2]!.names)).toBe("顧客返信待ち");
  });

  it("default to English and UTC", () => {
    const catalog = catalogFor(loadSettings({}));
    expect([catalog.locale, catalog.timeZone]).toEqual(["en", "UTC"]);
    expect(render(msg("errors.agentsOnly"), deskFormats(catalog))).toBe("Only help desk agents can do that.");
  });

  it("refuse a language or a zone the help desk does not know", () => {
    expect(() => loadSettings({ HELPDESK_LOCALE: "fr" })).toThrow(/HELPDESK_LOCALE/);
    expect(() => loadSettings({ HELPDESK_TIME_ZONE: "Mars/Olympus" })).toThrow(/HELPDESK_TIME_ZONE/);
  });
});
