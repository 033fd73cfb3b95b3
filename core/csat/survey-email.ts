// What the survey email needs to know, read in one place for the email adapter: the survey, its
// ticket (for the inbox it goes out from and its subject), whom it goes to and in which language.
// The adapter builds the links (surveyToken) and the message.
import type { CoreDeps } from "../deps.js";
import type { Locale } from "../i18n/locale.js";
import { surveyLocale } from "./survey-rules.js";

export interface SurveyEmail {
  surveyId: string;
  ticket: { id: number; subject: string; teamId: string | null; pipelineId: string };
  /** The requester; null when they no longer have an address. */
  to: { name: string | null; address: string } | null;
  locale: Locale;
  expiresAt: Date;
  /** Answered already (in chat, or a link forwarded on), or past its time: nothing to send. */
  settled: boolean;
}

/** The survey email for `surveyId`, or null when the survey (or its ticket) is gone. */
export async function surveyEmail(deps: Pick<CoreDeps, "db" | "catalog" | "now">, surveyId: string): Promise<SurveyEmail | null> {
  const row = await deps.db
    .selectFrom("CsatSurvey as s")
    .innerJoin("Ticket as t", "t.id", "s.ticketId")
    .innerJoin("Contact as c", "c.id", "s.contactId")
    .select([
      "s.id",
      "s.locale",
      "s.expiresAt",
      "s.score",
      "t.id as ticketId",
      "t.subject",
      "t.teamId",
      "t.pipelineId",
      "c.name",
      "c.email",
    ])
    .where("s.id", "=", surveyId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    surveyId: row.id,
    ticket: { id: row.ticketId, subject: row.subject, teamId: row.teamId, pipelineId: row.pipelineId },
    to: row.email ? { name: row.name, address: row.email } : null,
    locale: surveyLocale(row, deps.catalog),
    expiresAt: row.expiresAt,
    settled: row.score !== null || row.expiresAt.getTime() <= deps.now().getTime(),
  };
}
