// Finding the browser tests' Chromium: skipped with one line where it is missing, unless
// REQUIRE_CHROMIUM=1 (as CI sets it) makes that a failure.
import { afterEach, describe, expect, it, vi } from "vitest";
import { chromiumFor } from "./chromium.js";

const missing = "/nonexistent/chromium";
afterEach(() => vi.restoreAllMocks());

describe("chromiumFor", () => {
  it("gives the path of a Chromium that is there", () => {
    expect(chromiumFor("suite", { CHROMIUM_PATH: process.execPath, REQUIRE_CHROMIUM: "1" })).toBe(process.execPath);
  });

  it("skips a suite with one line when Chromium is missing", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    expect(chromiumFor("browser tests", { CHROMIUM_PATH: missing })).toBeNull();
    expect(log.mock.calls).toEqual([[`browser tests skipped: no Chromium at ${missing} (install it, or set CHROMIUM_PATH)`]]);
  });

  it("fails instead when REQUIRE_CHROMIUM=1", () => {
    expect(() => chromiumFor("browser tests", { CHROMIUM_PATH: missing, REQUIRE_CHROMIUM: "1" })).toThrow(
      `browser tests: no Chromium at ${missing}, and REQUIRE_CHROMIUM=1 says they must run`,
    );
  });
});
