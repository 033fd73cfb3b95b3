// How a customer's rating reads wherever it is shown (the ticket card, `/ticket show`): stars and
// the score, the same in every language, and the CSAT events of a ticket's timeline as lines.
import { msg, type Msg } from "../i18n/translate.js";

/** The highest score of a rating. */
export const maxScore = 5;

/** A score as stars and figures: "★★★★☆ 4/5". A score outside 1–5 is shown as its figure alone. */
export function ratingText(score: number): string {
  if (!Number.isInteger(score) || score < 1 || score > maxScore) return `${score}/${maxScore}`;
  return `${"★".repeat(score)}${"☆".repeat(maxScore - score)} ${score}/${maxScore}`;
}

/** A timeline event a ticket's detail shows among its messages. */
export interface TimelineNote {
  id: string;
  /** What it is: a rating, or the comment that came with one. */
  kind: "rating" | "comment";
  text: Msg;
  createdAt: Date;
}

/**
 * The events of a ticket's timeline that its detail shows, as lines to render in the reader's
 * language, oldest first: the customer's ratings ("csat.received") and comments ("csat.commented").
 * The comment is the customer's own text: a surface neutralises it like any customer text.
 */
export function timelineNotes(
  timeline: readonly { id: string; type: string; data: Record<string, unknown>; createdAt: Date }[],
): TimelineNote[] {
  return timeline.flatMap((e): TimelineNote[] => {
    if (e.type === "csat.received" && typeof e.data.score === "number")
      return [{ id: e.id, kind: "rating", text: msg("surveyChat.received", { score: e.data.score }), createdAt: e.createdAt }];
    if (e.type === "csat.commented" && typeof e.data.comment === "string")
      return [{ id: e.id, kind: "comment", text: msg("surveyChat.commented", { comment: e.data.comment }), createdAt: e.createdAt }];
    return [];
  });
}
