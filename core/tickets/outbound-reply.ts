import type { Catalog } from "../config.js";
import type { Queryable } from "../db.js";
import type { CoreDeps } from "../deps.js";
import { detectLocale } from "../i18n/detect.js";
import { isLocale, type Locale } from "../i18n/locale.js";
import { parseJsonArray } from "../json.js";

/** What an email sender needs of a reply an agent wrote, read in one place for the email adapter. */
export interface OutboundReply {
  message: { id: string; kind: string; text: string; html: string | null; cc: string[]; bcc: string[]; inReplyToId: string | null };
  /** The Message-ID recorded for this reply by an earlier attempt, if any. */
  sentAs: string | null;
  ticket: { id: number; subject: string; teamId: string | null; pipelineId: string };
  requester: { name: string | null; email: string | null } | null;
  /** Email Message-IDs of the messages this one answers, nearest first, at most `maxHops` of them. */
  answering: string[][];
  /**
   * The language the customer is written to in: the requester's (set from their first message),
   * else what the ticket's first message from a customer is written in, else the help desk's.
   */
  locale: Locale;
}

/** The reply `messageId` with its ticket, requester and the email ids up its reply chain; null if there is no such message. */
export async function outboundReply(
  deps: Pick<CoreDeps, "db" | "catalog">,
  messageId: string,
  maxHops = 20,
): Promise<OutboundReply | null> {
  const m = await deps.db
    .selectFrom("Message as m")
    .innerJoin("Ticket as t", "t.id", "m.ticketId")
    .leftJoin("Contact as c", "c.id", "t.contactId")
    .select([
      "m.id",
      "m.kind",
      "m.text",
      "m.html",
      "m.cc",
      "m.bcc",
      "m.inReplyToId",
      "t.id as ticketId",
      "t.subject",
      "t.teamId",
      "t.pipelineId",
      "t.contactId",
      "c.name as contactName",
      "c.email as contactEmail",
      "c.locale as contactLocale",
    ])
    .where("m.id", "=", messageId)
    .executeTakeFirst();
  if (!m) return null;
  const own = await emailRefs(deps, m.id);
  const answering: string[][] = [];
  let cursor = m.inReplyToId;
  for (let hop = 0; cursor && hop < maxHops; hop++) {
    const parent = await deps.db.selectFrom("Message").select(["id", "inReplyToId"]).where("id", "=", cursor).executeTakeFirst();
    if (!parent) break;
    answering.push(await emailRefs(deps, parent.id));
    cursor = parent.inReplyToId;
  }
  return {
    locale: await customerLocale(deps.db, deps.catalog, m.ticketId, m.contactLocale),
    message: {
      id: m.id,
      kind: m.kind,
      text: m.text,
      html: m.html,
      cc: parseJsonArray<string>(m.cc),
      bcc: parseJsonArray<string>(m.bcc),
      inReplyToId: m.inReplyToId,
    },
    sentAs: own[0] ?? null,
    ticket: { id: m.ticketId, subject: m.subject, teamId: m.teamId, pipelineId: m.pipelineId },
    requester: m.contactId ? { name: m.contactName, email: m.contactEmail } : null,
    answering,
  };
}

/**
 * The language a ticket's customer is written to in: the requester's (`stored`, their Contact.locale),
 * else what the ticket's first message from a customer is written in, else the help desk's.
 */
export async function customerLocale(q: Queryable, catalog: Catalog, ticketId: number, stored: string | null): Promise<Locale> {
  if (isLocale(stored)) return stored;
  const first = await q
    .selectFrom("Message")
    .select("text")
    .where("ticketId", "=", ticketId)
    .where("kind", "=", "INBOUND")
    .orderBy("createdAt")
    .orderBy("id")
    .executeTakeFirst();
  // The customer's own words only: agents may retitle the ticket.
  return detectLocale({ texts: [first?.text] }) ?? catalog.locale;
}

async function emailRefs(deps: Pick<CoreDeps, "db">, messageId: string): Promise<string[]> {
  const rows = await deps.db
    .selectFrom("MessageRef")
    .select("externalId")
    .where("messageId", "=", messageId)
    .where("system", "=", "email")
    .orderBy("id")
    .execute();
  return rows.map((r) => r.externalId);
}
