// What the survey's use cases share: reading a survey, checking that a chat answer comes from the
// account it was sent to, its language, and until when it takes a rating and a comment.
import type { Catalog } from "../config.js";
import type { Queryable } from "../db.js";
import { contactIdFor } from "../chat/identities.js";
import { forbidden, invalid, notFound } from "../errors.js";
import { isLocale, type Locale } from "../i18n/locale.js";
import { msg } from "../i18n/translate.js";

/** How an answer arrives: a signed link (the token is the capability), or a button in chat. */
export type SurveyVia = { kind: "link" } | { kind: "chat"; surface: string; userId: string };

/** The longest comment kept, in characters. */
export const maxCommentLength = 2000;

/** A comment can still be added this long after the rating, even when the survey's own time runs out first. */
export const commentGraceMs = 24 * 60 * 60 * 1000;

export interface SurveyRow {
  id: string;
  ticketId: number;
  contactId: string;
  channel: string;
  locale: string;
  sentAt: Date;
  expiresAt: Date;
  score: number | null;
  comment: string | null;
  answeredAt: Date | null;
  commentedAt: Date | null;
}

export async function loadSurvey(q: Queryable, surveyId: string): Promise<SurveyRow> {
  const row = await q.selectFrom("CsatSurvey").selectAll().where("id", "=", surveyId).executeTakeFirst();
  if (!row) throw notFound(msg("csat.notFound"));
  return row;
}

/** A chat answer must come from the chat account the survey was sent to, on that surface. */
export async function assertSurveyAccount(q: Queryable, survey: SurveyRow, via: SurveyVia): Promise<void> {
  if (via.kind === "link") return;
  if (survey.channel !== via.surface || (await contactIdFor(q, via.surface, via.userId)) !== survey.contactId)
    throw forbidden(msg("csat.notYours"));
}

export function assertScore(score: number): void {
  if (!Number.isInteger(score) || score < 1 || score > 5) throw invalid(msg("csat.badScore"));
}

export const surveyLocale = (survey: Pick<SurveyRow, "locale">, catalog: Catalog): Locale =>
  isLocale(survey.locale) ? survey.locale : catalog.locale;

/** Until when a comment is taken: the survey's end, or a day after the rating if that is later. */
export function commentUntil(survey: Pick<SurveyRow, "expiresAt" | "answeredAt">): Date {
  const grace = survey.answeredAt ? survey.answeredAt.getTime() + commentGraceMs : 0;
  return new Date(Math.max(survey.expiresAt.getTime(), grace));
}

/**
 * The comment as kept: line ends made `\n`, control characters (which no database text takes
 * whole: PostgreSQL refuses NUL) dropped, trimmed; refused when empty or too long.
 */
export function cleanComment(text: string): string {
  const clean = text
    .replace(/\r\n?/g, "\n")
    // eslint-disable-next-line no-control-regex -- these are what is removed
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "")
    .trim();
  if (!clean) throw invalid(msg("csat.commentEmpty"));
  if ([...clean].length > maxCommentLength) throw invalid(msg("csat.commentTooLong", { count: maxCommentLength }));
  return clean;
}
