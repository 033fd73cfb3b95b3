// A requester rates the help they got, 1 to 5: by a one-click link in the survey email or a button
// in chat. The first answer counts and later ones are told what it was; two clicks at once record
// one (a guarded update: only a survey without a score takes one). The rating goes on the ticket
// (csatScore, csatAt), its timeline and card, and sets off the workflows that wait for it.
import { withTx, type CoreDeps } from "../deps.js";
import type { Locale } from "../i18n/locale.js";
import { enqueue, ticketChanged } from "../outbox/enqueue.js";
import { recordEvent } from "../timeline.js";
import { assertScore, assertSurveyAccount, loadSurvey, surveyLocale, type SurveyVia } from "./survey-rules.js";

export interface AnswerSurveyInput {
  surveyId: string;
  /** 1 (very dissatisfied) to 5 (very satisfied). */
  score: number;
  via: SurveyVia;
}

export interface AnswerSurveyResult {
  /** "already_answered": an earlier answer stands (`score` is it); "expired": too late, nothing recorded. */
  outcome: "recorded" | "already_answered" | "expired";
  ticketId: number;
  score: number | null;
  /** The requester's language, for what they are shown next. */
  locale: Locale;
}

/** Throws not_found for an unknown survey, forbidden for a chat account it was not sent to, invalid for a score outside 1–5. */
export async function answerSurvey(deps: CoreDeps, input: AnswerSurveyInput): Promise<AnswerSurveyResult> {
  assertScore(input.score);
  return withTx(deps, async (tx) => {
    const at = deps.now();
    const survey = await loadSurvey(tx, input.surveyId);
    await assertSurveyAccount(tx, survey, input.via);
    const said = (outcome: AnswerSurveyResult["outcome"], score: number | null): AnswerSurveyResult => ({
      outcome,
      ticketId: survey.ticketId,
      score,
      locale: surveyLocale(survey, deps.catalog),
    });
    if (survey.score !== null) return said("already_answered", survey.score);
    if (survey.expiresAt.getTime() <= at.getTime()) return said("expired", null);
    const won = await tx
      .updateTable("CsatSurvey")
      .set({ score: input.score, answeredAt: at })
      .where("id", "=", survey.id)
      .where("score", "is", null)
      .returning("id")
      .executeTakeFirst();
    if (!won) {
      // Another answer committed between the read and the update: it stands.
      const first = await loadSurvey(tx, survey.id);
      return said("already_answered", first.score);
    }
    await tx.updateTable("Ticket").set({ csatScore: input.score, csatAt: at }).where("id", "=", survey.ticketId).execute();
    await recordEvent(tx, at, survey.ticketId, { type: "contact", contactId: survey.contactId }, "csat.received", {
      score: input.score,
      channel: survey.channel,
      surveyId: survey.id,
    });
    await enqueue(tx, at, ticketChanged(survey.ticketId, "csat"));
    return said("recorded", input.score);
  });
}
