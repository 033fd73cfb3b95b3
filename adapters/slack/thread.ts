// How a ticket's messages look in its card's thread (the working log) and in agents' DMs.
import type { KnownBlock } from "@slack/types";
import { notifyReasonText, type ThreadMessage } from "../../core/outbox/chat-target.js";
import { escapeText, fitEscaped, limits, truncate } from "./escape.js";

export type { ThreadMessage };

const heading: Record<string, (who: string) => string> = {
  INBOUND: (who) => `:incoming_envelope: *${who}* wrote`,
  REPLY: (who) => `:outbox_tray: *${who}* replied to the customer`,
  COMMENT: (who) => `:memo: *${who}* left an internal note`,
  SYSTEM: () => `:gear: *System*`,
};

/** Room for the heading and the "see all" line inside one section's 3,000 characters. */
const bodyBudget = limits.sectionText - 300;

/** A message as a thread post: a heading and the (escaped, maybe shortened) body. */
export function threadPost(m: ThreadMessage): { text: string; blocks: KnownBlock[] } {
  const who = escapeText(m.author);
  const head = (heading[m.kind] ?? heading.SYSTEM!)(who) + (m.cc.length ? ` (cc ${escapeText(m.cc.join(", "))})` : "");
  const body = fitEscaped(m.text, bodyBudget);
  const blocks: KnownBlock[] = [{ type: "section", text: { type: "mrkdwn", text: `${head}\n${body.text}` } }];
  if (body.cut) {
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: `Shortened (${[...m.text].length} characters). \`/ticket show #${m.ticketId}\` shows it all.` }],
    });
  }
  return { text: truncate(`${head.replace(/[:*]/g, "")}: ${escapeText(m.text)}`, limits.messageText), blocks };
}

/** A direct message telling an agent about a ticket. */
export function notifyPost(reason: string, ticket: { number: string; subject: string }, excerpt: string | null): { text: string; blocks: KnownBlock[] } {
  const line = `${notifyReasonText[reason] ?? "About"} *${ticket.number}* ${escapeText(ticket.subject)}`;
  const blocks: KnownBlock[] = [{ type: "section", text: { type: "mrkdwn", text: truncate(line, limits.sectionText) } }];
  if (excerpt) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: fitEscaped(excerpt, 300).text }] });
  return { text: truncate(line.replace(/\*/g, ""), limits.messageText), blocks };
}
