// The survey links' tokens: real HMAC-SHA256 with a fixed clock; any change to a part, another
// secret, or a use after the expiry gives nothing.
import { describe, expect, it } from "vitest";
import { checkSurveyToken, readSurveyToken, surveyToken } from "./survey-token.js";

const secret = "a-survey-secret-of-some-length";
const now = new Date("2026-01-05T09:00:00Z");
const expires = new Date("2026-01-19T09:00:00Z");

describe("survey tokens", () => {
  it("give back their survey and rating until they expire, and are URL-safe", () => {
    const token = surveyToken(secret, "csurvey123", 4, expires);
    expect(token).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(readSurveyToken(secret, token, now)).toEqual({ surveyId: "csurvey123", score: 4 });
    expect(readSurveyToken(secret, token, new Date(expires.getTime() - 1000))).toEqual({ surveyId: "csurvey123", score: 4 });
    expect(readSurveyToken(secret, token, expires)).toBeNull();
    expect(checkSurveyToken(secret, token, expires)).toEqual({ ok: false, reason: "expired", surveyId: "csurvey123" });
  });

  it("are worthless changed in any part or under another secret", () => {
    const token = surveyToken(secret, "csurvey123", 4, expires);
    const [id, score, expiry, sig] = token.split(".") as [string, string, string, string];
    const later = (parseInt(expiry, 36) + 86_400).toString(36);
    const flip = (s: string) => (s.startsWith("A") ? `B${s.slice(1)}` : `A${s.slice(1)}`);
    for (const bad of [
      [id, "5", expiry, sig],
      ["csurvey124", score, expiry, sig],
      [id, score, later, sig],
      [id, score, expiry, flip(sig)],
    ])
      expect(checkSurveyToken(secret, bad.join("."), now)).toEqual({ ok: false, reason: "bad" });
    expect(readSurveyToken("another-secret-of-some-length", token, now)).toBeNull();
    // A forged expiry in the past is still "bad", not "expired": only a signed expiry is believed.
    expect(checkSurveyToken(secret, [id, score, "1", sig].join("."), now)).toEqual({ ok: false, reason: "bad" });
    for (const junk of ["", "x", `${token}.`, token.slice(0, -1), `${id}.9.${expiry}.${sig}`, "a".repeat(5000)])
      expect(readSurveyToken(secret, junk, now)).toBeNull();
  });

  it("refuse to sign a rating outside 1 to 5 or an id that is not URL-safe", () => {
    expect(() => surveyToken(secret, "c1", 0, expires)).toThrow();
    expect(() => surveyToken(secret, "c/1", 3, expires)).toThrow();
  });
});
