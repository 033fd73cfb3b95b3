// Sends the requester a satisfaction survey for a ticket (the workflow action `send_survey`, in the
// workflow's transaction): in chat when the ticket came from chat and the requester has an account
// on that surface, else by email. Nothing twice for a ticket; a sample of tickets only (decided by
// the ticket's id, so a replayed job decides the same); a contact asked recently is not asked again.
import { createHash } from "node:crypto";
import { lockTicket } from "../access.js";
import type { CoreDeps } from "../deps.js";
import type { Tx } from "../db.js";
import { newId } from "../ids.js";
import { enqueue, type OutboxItem } from "../outbox/enqueue.js";
import { recordEvent } from "../timeline.js";
import { customerLocale } from "../tickets/outbound-reply.js";

const dayMs = 24 * 60 * 60 * 1000;
const chatSources = new Set(["slack", "discord"]);

/** Why no survey went out. */
export type SurveySkip =
  /** The ticket does not exist, or was deleted or merged away. */
  | "no_ticket"
  /** No requester (contact) on the ticket. */
  | "no_requester"
  | "already_surveyed"
  | "not_sampled"
  /** The requester was surveyed within the cooldown. */
  | "cooldown"
  /** Not reachable in chat, and no email address. */
  | "no_email"
  /** Not reachable in chat, and surveys cannot go by email (no survey link secret or public address, or outbound mail off). */
  | "email_surveys_off";

export type SendSurveyResult = { sent: true; surveyId: string; channel: string } | { sent: false; reason: SurveySkip };

/** Whether the ticket is in the sample: the same answer for the same ticket, every time. */
export function inSample(ticketId: number, sampling: number): boolean {
  if (sampling >= 1) return true;
  if (sampling <= 0) return false;
  const h = createHash("sha256").update(`csat-sample:${ticketId}`).digest().readUInt32BE(0);
  return h / 2 ** 32 < sampling;
}

export async function sendSurvey(tx: Tx, deps: Pick<CoreDeps, "catalog" | "now">, ticketId: number): Promise<SendSurveyResult> {
  const at = deps.now();
  const cfg = deps.catalog.config.csat;
  const skip = (reason: SurveySkip): SendSurveyResult => ({ sent: false, reason });
  // The ticket's row lock first, so two runs for one ticket (PostgreSQL) queue up and the second sees the first's survey.
  await lockTicket(tx, ticketId, at);
  const t = await tx
    .selectFrom("Ticket")
    .select(["id", "subject", "source", "contactId", "deletedAt", "mergedIntoId"])
    .where("id", "=", ticketId)
    .executeTakeFirst();
  if (!t || t.deletedAt !== null || t.mergedIntoId !== null) return skip("no_ticket");
  if (t.contactId === null) return skip("no_requester");
  // And the contact's: the cooldown is theirs, and two of their tickets may be surveyed at once.
  await tx
    .updateTable("Contact")
    .set((eb) => ({ locale: eb.ref("locale") }))
    .where("id", "=", t.contactId)
    .execute();
  const earlier = await tx.selectFrom("CsatSurvey").select("id").where("ticketId", "=", ticketId).executeTakeFirst();
  if (earlier) return skip("already_surveyed");
  if (!inSample(ticketId, cfg.sampling)) return skip("not_sampled");
  if (cfg.cooldownDays > 0) {
    const recent = await tx
      .selectFrom("CsatSurvey")
      .select("id")
      .where("contactId", "=", t.contactId)
      .where("sentAt", ">", new Date(at.getTime() - cfg.cooldownDays * dayMs))
      .executeTakeFirst();
    if (recent) return skip("cooldown");
  }
  const contact = await tx.selectFrom("Contact").select(["id", "email", "locale"]).where("id", "=", t.contactId).executeTakeFirstOrThrow();
  const chatUser = chatSources.has(t.source)
    ? await tx
        .selectFrom("ChatIdentity")
        .select("externalId")
        .where("surface", "=", t.source)
        .where("kind", "=", "contact")
        .where("contactId", "=", contact.id)
        .orderBy("createdAt")
        .executeTakeFirst()
    : undefined;
  if (!chatUser) {
    if (!contact.email) return skip("no_email");
    if (!deps.catalog.surveysByEmail) return skip("email_surveys_off");
  }
  const locale = await customerLocale(tx, deps.catalog, ticketId, contact.locale);
  const surveyId = newId();
  const channel = chatUser ? t.source : "email";
  await tx
    .insertInto("CsatSurvey")
    .values({
      id: surveyId,
      ticketId,
      contactId: contact.id,
      channel,
      locale,
      sentAt: at,
      expiresAt: new Date(at.getTime() + cfg.expiresDays * dayMs),
    })
    .execute();
  await tx.updateTable("Ticket").set({ csatSentAt: at }).where("id", "=", ticketId).execute();
  const row: OutboxItem = chatUser
    ? {
        target: t.source,
        topic: "csat.chat",
        payload: { surveyId, ticketId, subject: t.subject, userId: chatUser.externalId, locale },
      }
    : { target: "email", topic: "csat.email", payload: { surveyId, ticketId } };
  await enqueue(tx, at, row);
  await recordEvent(tx, at, ticketId, { type: "system" }, "csat.sent", { surveyId, channel });
  return { sent: true, surveyId, channel };
}
