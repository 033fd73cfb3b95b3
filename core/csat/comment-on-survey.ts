// The requester's optional comment after their rating (the survey page's form, or a modal in
// chat): once, at most maxCommentLength characters, kept on the survey and shown on the ticket's
// timeline as the customer's words.
import { withTx, type CoreDeps } from "../deps.js";
import type { Locale } from "../i18n/locale.js";
import { recordEvent } from "../timeline.js";
import { assertSurveyAccount, cleanComment, commentUntil, loadSurvey, surveyLocale, type SurveyVia } from "./survey-rules.js";

export interface CommentOnSurveyInput {
  surveyId: string;
  comment: string;
  via: SurveyVia;
}

export interface CommentOnSurveyResult {
  outcome: "recorded" | "not_answered" | "already_commented" | "expired";
  ticketId: number;
  locale: Locale;
}

/** Throws not_found, forbidden (another chat account), or invalid (an empty or too long comment). */
export async function commentOnSurvey(deps: CoreDeps, input: CommentOnSurveyInput): Promise<CommentOnSurveyResult> {
  const comment = cleanComment(input.comment);
  return withTx(deps, async (tx) => {
    const at = deps.now();
    const survey = await loadSurvey(tx, input.surveyId);
    await assertSurveyAccount(tx, survey, input.via);
    const said = (outcome: CommentOnSurveyResult["outcome"]): CommentOnSurveyResult => ({
      outcome,
      ticketId: survey.ticketId,
      locale: surveyLocale(survey, deps.catalog),
    });
    if (survey.comment !== null) return said("already_commented");
    if (at.getTime() >= commentUntil(survey).getTime()) return said("expired");
    if (survey.score === null) return said("not_answered");
    const won = await tx
      .updateTable("CsatSurvey")
      .set({ comment, commentedAt: at })
      .where("id", "=", survey.id)
      .where("comment", "is", null)
      .where("score", "is not", null)
      .returning("id")
      .executeTakeFirst();
    if (!won) return said("already_commented");
    await recordEvent(tx, at, survey.ticketId, { type: "contact", contactId: survey.contactId }, "csat.commented", {
      surveyId: survey.id,
      channel: survey.channel,
      comment,
    });
    return said("recorded");
  });
}
