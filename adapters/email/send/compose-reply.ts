import { Formats, msg, outboundReply, render, type CoreDeps } from "../../../core/index.js";
import type { InboxDefinition } from "../config.js";
import { sanitizeOutgoingHtml } from "../html.js";
import { inboxForTicket, replyAddress } from "./pick-inbox.js";

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

/** The tag in a reply's subject and footer that lets any answer thread back to its ticket. */
const ticketTag = (ticketId: number) => `[#${ticketId}]`;

/**
 * The subject of a reply: "Re: <ticket subject> [#n]" (the prefix in the customer's language; any
 * "Re:" already there is kept as it is).
 */
export function replySubject(subject: string, ticketId: number, f: Formats = new Formats("en")): string {
  const tag = ticketTag(ticketId);
  const prefix = render(msg("email.replyPrefix"), f);
  const s = subject.trim();
  const base = /^re:/i.test(s) || s.startsWith(prefix) ? s : `${prefix} ${s}`;
  return base.includes(tag) ? base : `${base} ${tag}`;
}

/** The reply's text with the footer (in the customer's language) under it. */
function withFooter(text: string, ticketId: number, f: Formats): string {
  return `${text.trimEnd()}\n\n-- \n${render(msg("email.footer", { tag: ticketTag(ticketId) }), f)}\n`;
}

/** The same under an HTML reply, as its own paragraph. */
function withHtmlFooter(html: string, ticketId: number, f: Formats): string {
  const footer = render(msg("email.footer", { tag: ticketTag(ticketId) }), f).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `${html}\n<p style="color:#6b7280;font-size:12px">${footer}</p>`;
}

/** A Message-ID fixed per reply, so a retried send carries the same id and threads the same. */
export function replyMessageId(messageId: string, inbox: InboxDefinition): string {
  return `<reply.${messageId}@${inbox.address.slice(inbox.address.lastIndexOf("@") + 1)}>`;
}

export async function composeReply(
  deps: Pick<CoreDeps, "db" | "catalog">,
  inboxes: readonly InboxDefinition[],
  payload: { ticketId: number; messageId: string },
): Promise<Composed> {
  const reply = await outboundReply(deps, payload.messageId, maxReferences);
  if (!reply || reply.message.kind !== "REPLY") return { ok: false, reason: `message ${payload.messageId} is not a reply` };
  const { message, ticket, requester } = reply;
  if (!requester?.email) return { ok: false, reason: `ticket #${ticket.id} has no requester address` };
  const inbox = inboxForTicket(inboxes, ticket);
  if (!inbox) return { ok: false, reason: "no inbox is configured to send from" };
  const ownId = reply.sentAs ?? replyMessageId(message.id, inbox);
  // References: the ids of the messages this one answers, up the reply chain, oldest first.
  const chain: string[] = [];
  for (const refs of reply.answering) {
    const id = refs.find((r) => r.startsWith("<"));
    if (id && id !== ownId && !chain.includes(id)) chain.unshift(id);
  }
  const parentId = chain.at(-1);
  const f = new Formats(reply.locale, deps.catalog.timeZone);
  return {
    ok: true,
    mail: {
      messageId: ownId,
      from: { name: inbox.name ?? inbox.address, address: inbox.address },
      replyTo: replyAddress(inbox, ticket.id),
      to: { name: requester.name ?? "", address: requester.email },
      cc: message.cc,
      bcc: message.bcc,
      subject: replySubject(ticket.subject, ticket.id, f),
      text: withFooter(message.text, ticket.id, f),
      html: message.html ? withHtmlFooter(sanitizeOutgoingHtml(message.html), ticket.id, f) : undefined,
      inReplyTo: parentId,
      references: chain,
    },
  };
}
