import type { Db } from "../../../core/db.js";
import { parseJsonArray } from "../../../core/json.js";
import type { InboxDefinition } from "../config.js";
import { inboxForTicket, replyAddress } from "./pick-inbox.js";

/** What composing a reply reads; the adapter never sees more of the database than this. */
export type ReplyDb = Pick<Db, "message" | "messageRef" | "ticket">;

export interface ComposedReply {
  messageId: string;
  from: { name: string; address: string };
  replyTo: string;
  to: { name: string; address: string };
  cc: string[];
  bcc: string[];
  subject: string;
  text: string;
  html?: string | undefined;
  inReplyTo?: string | undefined;
  references: string[];
}

export type Composed = { ok: true; mail: ComposedReply } | { ok: false; reason: string };

/** How far up the reply chain References reaches (headers must not grow without bound). */
const maxReferences = 20;

/** The subject of a reply: "Re: <ticket subject> [#n]", the tag letting any reply thread back. */
export function replySubject(subject: string, ticketId: number): string {
  const tag = `[#${ticketId}]`;
  const base = /^re:/i.test(subject.trim()) ? subject.trim() : `Re: ${subject.trim()}`;
  return base.includes(tag) ? base : `${base} ${tag}`;
}

/** A Message-ID fixed per reply, so a retried send carries the same id and threads the same. */
export function replyMessageId(messageId: string, inbox: InboxDefinition): string {
  return `<reply.${messageId}@${inbox.address.slice(inbox.address.lastIndexOf("@") + 1)}>`;
}

export async function composeReply(db: ReplyDb, inboxes: readonly InboxDefinition[], payload: { ticketId: number; messageId: string }): Promise<Composed> {
  const message = await db.message.findUnique({ where: { id: payload.messageId }, include: { refs: { where: { system: "email" } } } });
  if (!message || message.kind !== "REPLY") return { ok: false, reason: `message ${payload.messageId} is not a reply` };
  const ticket = await db.ticket.findUnique({ where: { id: message.ticketId }, include: { contact: true } });
  if (!ticket?.contact?.email) return { ok: false, reason: `ticket #${message.ticketId} has no requester address` };
  const inbox = inboxForTicket(inboxes, ticket);
  if (!inbox) return { ok: false, reason: "no inbox is configured to send from" };
  const ownId = message.refs[0]?.externalId ?? replyMessageId(message.id, inbox);
  // References: the ids of the messages this one answers, up the reply chain, oldest first.
  const chain: string[] = [];
  let cursor = message.inReplyToId;
  for (let hop = 0; cursor && hop < maxReferences; hop++) {
    const m: { inReplyToId: string | null; refs: { externalId: string }[] } | null = await db.message.findUnique({
      where: { id: cursor },
      select: { inReplyToId: true, refs: { where: { system: "email" }, select: { externalId: true } } },
    });
    if (!m) break;
    const id = m.refs.find((r) => r.externalId.startsWith("<"))?.externalId;
    if (id && id !== ownId && !chain.includes(id)) chain.unshift(id);
    cursor = m.inReplyToId;
  }
  const parentId = chain.at(-1);
  return {
    ok: true,
    mail: {
      messageId: ownId,
      from: { name: inbox.name ?? inbox.address, address: inbox.address },
      replyTo: replyAddress(inbox, ticket.id),
      to: { name: ticket.contact.name ?? "", address: ticket.contact.email },
      cc: parseJsonArray<string>(message.cc),
      bcc: parseJsonArray<string>(message.bcc),
      subject: replySubject(ticket.subject, ticket.id),
      text: message.text,
      html: message.html ?? undefined,
      inReplyTo: parentId,
      references: chain,
    },
  };
}
