// How a ticket's messages look in its card's thread (the working log) and in agents' DMs.
import type { KnownBlock } from "@slack/types";
import { escapeText, fitEscaped, limits, truncate } from "./escape.js";
import {
  formatBytes,
  type Formats,
  type LocalizedName,
  msg,
  type Msg,
  notifyReason,
  render,
  type ThreadAttachment,
  type ThreadMessage,
} from "../../core/index.js";

export type { ThreadMessage };

/**
 * Each kind's heading: its emoji by Slack name for the blocks (mrkdwn renders it) and as a
 * character for the `text` field, which notifications and clients without blocks show as it is;
 * `line` sets the author off with `strong` (bold in mrkdwn, nothing in plain text).
 */
const heading: Record<string, { emoji: string; glyph: string; line: (who: string) => Msg | null }> = {
  INBOUND: { emoji: ":incoming_envelope:", glyph: "📨", line: (who) => msg("thread.wrote", { who }) },
  REPLY: { emoji: ":outbox_tray:", glyph: "📤", line: (who) => msg("thread.replied", { who }) },
  COMMENT: { emoji: ":memo:", glyph: "📝", line: (who) => msg("thread.noted", { who }) },
  SYSTEM: { emoji: ":gear:", glyph: "⚙️", line: () => null },
};

/** Room for the heading and the "see all" line inside one section's 3,000 characters. */
const bodyBudget = limits.sectionText - 300;

/** A message as a thread post: a heading and the (escaped, maybe shortened) body. */
export function threadPost(m: ThreadMessage, f: Formats): { text: string; blocks: KnownBlock[] } {
  const say = (x: Msg) => render(x, f);
  const who = escapeText(m.author);
  const look = heading[m.kind] ?? heading.SYSTEM!;
  const cc = m.cc.length ? say(msg("thread.cc", { names: escapeText(m.cc.join(", ")) })) : "";
  const line = (strong: (s: string) => string) => {
    const said = look.line(strong(who));
    return said ? say(said) : strong(say(msg("thread.system")));
  };
  const head = `${look.emoji} ${line((s) => `*${s}*`)}${cc}`;
  const plainHead = `${look.glyph} ${line((s) => s)}${cc}`;
  const body = fitEscaped(m.text, bodyBudget);
  const blocks: KnownBlock[] = [{ type: "section", text: { type: "mrkdwn", text: `${head}\n${body.text}` } }];
  if (body.cut) {
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: say(msg("thread.shortened", { count: [...m.text].length, id: m.ticketId })) }],
    });
  }
  const files = m.attachments ?? [];
  if (files.length) blocks.push({ type: "section", text: { type: "mrkdwn", text: attachmentList(files, f) } });
  const names = files.map((a) => `\n📎 ${escapeText(oneLine(a.filename))} (${formatBytes(a.size)})`).join("");
  return { text: truncate(`${plainHead}: ${escapeText(m.text)}${names}`, limits.messageText), blocks };
}

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

/** One attachment as a line: a link to open it, or why there is none. */
function attachmentLine(a: ThreadAttachment, f: Formats): string {
  const name = fitEscaped(oneLine(a.filename), 200).text;
  const size = formatBytes(a.size);
  if (!a.stored) return `:paperclip: ${render(msg("thread.tooLarge", { name, size }), f)}`;
  // Inside <url|label> only &, < and > are special, and escapeText has taken care of them.
  return a.url ? `:paperclip: <${a.url}|${name}> (${size})` : `:paperclip: ${name} (${size})`;
}

/** The attachments, one per line, as many as one section holds; the rest are counted. */
function attachmentList(files: readonly ThreadAttachment[], f: Formats): string {
  const lines: string[] = [];
  let used = 0;
  const room = limits.sectionText - 100;
  for (const a of files) {
    const line = attachmentLine(a, f);
    if (used + line.length + 1 > room) break;
    lines.push(line);
    used += line.length + 1;
  }
  const left = files.length - lines.length;
  if (left) lines.push(render(msg("thread.moreAttachments", { count: left }), f));
  return lines.join("\n");
}

/** A direct message telling an agent about a ticket. */
export function notifyPost(
  reason: string,
  ticket: { number: string; subject: string },
  excerpt: LocalizedName | string | null,
  f: Formats,
): { text: string; blocks: KnownBlock[] } {
  const line = render(notifyReason(reason, `*${ticket.number}* ${escapeText(ticket.subject)}`), f);
  const blocks: KnownBlock[] = [{ type: "section", text: { type: "mrkdwn", text: truncate(line, limits.sectionText) } }];
  // A workflow's text comes in every language: the agent reads theirs.
  const said = excerpt === null ? "" : f.name(excerpt);
  if (said) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: fitEscaped(said, 300).text }] });
  return { text: truncate(line.replace(/\*/g, ""), limits.messageText), blocks };
}
