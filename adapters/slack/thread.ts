// How a ticket's messages look in its card's thread (the working log) and in agents' DMs.
import type { KnownBlock } from "@slack/types";
import { notifyReasonText, type ThreadMessage } from "../../core/outbox/chat-target.js";
import { escapeText, fitEscaped, limits, truncate } from "./escape.js";

export type { ThreadMessage };

/**
 * Each kind's heading: its emoji by Slack name for the blocks (mrkdwn renders it) and as a
 * character for the `text` field, which notifications and clients without blocks show as it is;
 * `line` sets the author off with `strong` (bold in mrkdwn, nothing in plain text).
 */
const heading: Record<string, { emoji: string; glyph: string; line: (who: string, strong: (s: string) => string) => string }> = {
  INBOUND: { emoji: ":incoming_envelope:", glyph: "📨", line: (who, strong) => `${strong(who)} wrote` },
  REPLY: { emoji: ":outbox_tray:", glyph: "📤", line: (who, strong) => `${strong(who)} replied to the customer` },
  COMMENT: { emoji: ":memo:", glyph: "📝", line: (who, strong) => `${strong(who)} left an internal note` },
  SYSTEM: { emoji: ":gear:", glyph: "⚙️", line: (_who, strong) => strong("System") },
};

/** Room for the heading and the "see all" line inside one section's 3,000 characters. */
const bodyBudget = limits.sectionText - 300;

/** A message as a thread post: a heading and the (escaped, maybe shortened) body. */
export function threadPost(m: ThreadMessage): { text: string; blocks: KnownBlock[] } {
  const who = escapeText(m.author);
  const look = heading[m.kind] ?? heading.SYSTEM!;
  const cc = m.cc.length ? ` (cc ${escapeText(m.cc.join(", "))})` : "";
  const head = `${look.emoji} ${look.line(who, (s) => `*${s}*`)}${cc}`;
  const plainHead = `${look.glyph} ${look.line(who, (s) => s)}${cc}`;
  const body = fitEscaped(m.text, bodyBudget);
  const blocks: KnownBlock[] = [{ type: "section", text: { type: "mrkdwn", text: `${head}\n${body.text}` } }];
  if (body.cut) {
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: `Shortened (${[...m.text].length} characters). \`/ticket show #${m.ticketId}\` shows it all.` }],
    });
  }
  return { text: truncate(`${plainHead}: ${escapeText(m.text)}`, limits.messageText), blocks };
}

/** A direct message telling an agent about a ticket. */
export function notifyPost(reason: string, ticket: { number: string; subject: string }, excerpt: string | null): { text: string; blocks: KnownBlock[] } {
  const line = `${notifyReasonText[reason] ?? "About"} *${ticket.number}* ${escapeText(ticket.subject)}`;
  const blocks: KnownBlock[] = [{ type: "section", text: { type: "mrkdwn", text: truncate(line, limits.sectionText) } }];
  if (excerpt) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: fitEscaped(excerpt, 300).text }] });
  return { text: truncate(line.replace(/\*/g, ""), limits.messageText), blocks };
}
