// The signed one-click links of the survey email: each names the survey, the rating it gives and
// when it stops working, signed with HMAC-SHA256 under the help desk's survey link secret. The
// token is the capability (it needs no sign-in and no cookie); changing any part of it, or using
// it after its time, makes it worthless.
import { createHmac } from "node:crypto";
import { constantTimeEqual } from "../constant-time.js";

const idPattern = /^[A-Za-z0-9_-]{1,64}$/;
const tokenPattern = /^([A-Za-z0-9_-]{1,64})\.([1-5])\.([0-9a-z]{1,11})\.([A-Za-z0-9_-]{43})$/;

const sign = (secret: string, body: string) => createHmac("sha256", secret).update(`csat-survey:${body}`).digest("base64url");

/** `<surveyId>.<score>.<expiry, seconds base 36>.<signature>`: URL-safe as it is. */
export function surveyToken(secret: string, surveyId: string, score: number, expiresAt: Date): string {
  if (!idPattern.test(surveyId)) throw new Error(`a survey id is letters, digits, "_" and "-": ${JSON.stringify(surveyId)}`);
  if (!Number.isInteger(score) || score < 1 || score > 5) throw new Error(`a survey rating is 1 to 5, not ${score}`);
  const body = `${surveyId}.${score}.${Math.floor(expiresAt.getTime() / 1000).toString(36)}`;
  return `${body}.${sign(secret, body)}`;
}

/** What a token says: its survey and rating, or why it gives none ("bad": malformed or not signed with `secret`). */
export type SurveyTokenCheck =
  | { ok: true; surveyId: string; score: number }
  | { ok: false; reason: "bad" }
  /** Signed by us, so its survey is known (to say so in the requester's language), but too late. */
  | { ok: false; reason: "expired"; surveyId: string };

export function checkSurveyToken(secret: string, token: string, now: Date): SurveyTokenCheck {
  const m = tokenPattern.exec(token);
  if (!m) return { ok: false, reason: "bad" };
  const [, surveyId, score, expiry, signature] = m as unknown as [string, string, string, string, string];
  if (!constantTimeEqual(signature, sign(secret, `${surveyId}.${score}.${expiry}`))) return { ok: false, reason: "bad" };
  // Checked after the signature, so an expiry is believed only when it is the signed one.
  if (parseInt(expiry, 36) * 1000 <= now.getTime()) return { ok: false, reason: "expired", surveyId };
  return { ok: true, surveyId, score: Number(score) };
}

/** The survey and rating a token gives, or null when it is malformed, not signed with `secret`, or expired at `now`. */
export function readSurveyToken(secret: string, token: string, now: Date): { surveyId: string; score: number } | null {
  const c = checkSurveyToken(secret, token, now);
  return c.ok ? { surveyId: c.surveyId, score: c.score } : null;
}
