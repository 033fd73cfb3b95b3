// A "csat.chat" outbox row: a satisfaction survey sent in chat. The surface named as the row's
// target sends `userId` (the requester's account there) a direct message with five rating buttons;
// each button answers with answerSurvey({ via: { kind: "chat", surface, userId } }), and the comment
// (a modal) with commentOnSurvey.
import { z } from "zod";
import { locales } from "../i18n/locale.js";
import { DeliveryError, type OutboxRow } from "../outbox/delivery.js";

export const ChatSurveyPayload = z.object({
  surveyId: z.string().min(1),
  ticketId: z.number().int(),
  subject: z.string(),
  userId: z.string().min(1),
  locale: z.enum(locales),
});
export type ChatSurveyPayload = z.infer<typeof ChatSurveyPayload>;

/** The row's payload; one that does not fit fails for good, as any other topic's would. */
export function chatSurveyPayload(row: Pick<OutboxRow, "topic" | "payload">): ChatSurveyPayload {
  const p = ChatSurveyPayload.safeParse(row.payload);
  if (!p.success) throw new DeliveryError(`${row.topic} row with an unexpected payload`, { permanent: true });
  return p.data;
}
