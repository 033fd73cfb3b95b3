// What the survey's landing page shows: the request, the rating and comment so far, the
// requester's language, and whether it can still be answered.
import type { CoreDeps } from "../deps.js";
import type { Locale } from "../i18n/locale.js";
import { commentUntil, surveyLocale } from "./survey-rules.js";

export interface SurveyForm {
  ticketId: number;
  subject: string;
  score: number | null;
  comment: string | null;
  locale: Locale;
  /** Nothing more can be given: no rating in time, or the time for a comment is over. */
  expired: boolean;
  /** Until when a comment is taken (a day after the rating at least). */
  commentUntil: Date;
}

/** The survey, or null when there is none with this id. */
export async function surveyForm(deps: Pick<CoreDeps, "db" | "catalog" | "now">, surveyId: string): Promise<SurveyForm | null> {
  const row = await deps.db
    .selectFrom("CsatSurvey as s")
    .innerJoin("Ticket as t", "t.id", "s.ticketId")
    .select(["s.ticketId", "s.locale", "s.score", "s.comment", "s.expiresAt", "s.answeredAt", "t.subject"])
    .where("s.id", "=", surveyId)
    .executeTakeFirst();
  if (!row) return null;
  const now = deps.now().getTime();
  const until = commentUntil(row);
  return {
    ticketId: row.ticketId,
    subject: row.subject,
    score: row.score,
    comment: row.comment,
    locale: surveyLocale(row, deps.catalog),
    expired: row.score === null ? row.expiresAt.getTime() <= now : row.comment === null && until.getTime() <= now,
    commentUntil: until,
  };
}
