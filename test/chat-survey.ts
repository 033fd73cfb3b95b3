// A ticket opened from a requester's chat message, and the satisfaction survey sent to them there:
// the CsatSurvey row and its "csat.chat" outbox row, written as the core writes them when it sends one.
import { newId } from "../core/ids.js";
import { enqueue } from "../core/outbox/enqueue.js";
import { createTicket } from "../core/tickets/create-ticket.js";
import { as, type TestCore } from "./harness.js";

let origins = 0;

export interface ChatSurveyCase {
  ticketId: number;
  surveyId: string;
}

/** Opens a ticket from `userId`'s message on `surface` and queues its survey to them, in `locale`. */
export async function chatSurvey(
  t: TestCore,
  opts: { surface: "slack" | "discord"; userId: string; subject: string; locale?: "en" | "ja"; expiresInMs?: number },
): Promise<ChatSurveyCase> {
  const n = ++origins;
  const ticket = await createTicket(
    t.deps,
    {
      subject: opts.subject,
      text: "It broke.",
      requester: { surface: opts.surface, userId: opts.userId, name: "Carol" },
      origin: {
        surface: opts.surface,
        channelId: "CHELP",
        messageId: opts.surface === "slack" ? `1767500000.${n}` : String(400000000000000000n + BigInt(n)),
      },
    },
    as.ada,
  );
  const at = t.deps.now();
  const locale = opts.locale ?? "en";
  const surveyId = newId();
  await t.deps.db.transaction().execute(async (tx) => {
    await tx
      .insertInto("CsatSurvey")
      .values({
        id: surveyId,
        ticketId: ticket.id,
        contactId: ticket.contact!.id,
        channel: opts.surface,
        locale,
        sentAt: at,
        expiresAt: new Date(at.getTime() + (opts.expiresInMs ?? 14 * 86_400_000)),
      })
      .execute();
    await enqueue(tx, at, {
      target: opts.surface,
      topic: "csat.chat",
      payload: { surveyId, ticketId: ticket.id, subject: opts.subject, userId: opts.userId, locale },
    });
  });
  return { ticketId: ticket.id, surveyId };
}

/** The survey as stored, and the ticket's rating. */
export async function storedSurvey(t: TestCore, c: ChatSurveyCase) {
  const survey = await t.deps.db.selectFrom("CsatSurvey").selectAll().where("id", "=", c.surveyId).executeTakeFirstOrThrow();
  const ticket = await t.deps.db
    .selectFrom("Ticket")
    .select(["csatScore", "csatAt"])
    .where("id", "=", c.ticketId)
    .executeTakeFirstOrThrow();
  const events = await t.deps.db
    .selectFrom("TimelineEvent")
    .select(["type", "data"])
    .where("ticketId", "=", c.ticketId)
    .where("type", "in", ["csat.received", "csat.commented"])
    .orderBy("createdAt")
    .execute();
  return { survey, ticket, events: events.map((e) => ({ type: e.type, data: JSON.parse(e.data) as Record<string, unknown> })) };
}
