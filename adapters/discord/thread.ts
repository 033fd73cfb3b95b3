// How a ticket's messages look in its forum post's thread (the working log) and in agents' DMs.
// Plain text messages (no embeds), so a long body can run over several messages.
import { fitSafe, limits, oneLine, safeText, truncate } from "./escape.js";
import {
  formatBytes,
  type Formats,
  type LocalizedName,
  msg,
  notifyReason,
  render,
  type ThreadAttachment,
  type ThreadMessage as CoreThreadMessage,
} from "../../core/index.js";

export interface ThreadMessage extends CoreThreadMessage {
  /** Discord users a note mentions: named in its heading (the post pings only them). */
  mentions?: readonly string[] | undefined;
}

const heading: Record<string, (who: string, f: Formats) => string> = {
  INBOUND: (who, f) => `📨 ${render(msg("thread.wrote", { who: `**${who}**` }), f)}`,
  REPLY: (who, f) => `📤 ${render(msg("thread.replied", { who: `**${who}**` }), f)}`,
  COMMENT: (who, f) => `📝 ${render(msg("thread.noted", { who: `**${who}**` }), f)}`,
  SYSTEM: (_who, f) => `⚙️ **${render(msg("thread.system"), f)}**`,
};

/** A message longer than this many Discord messages is cut, with a pointer to `/ticket show`. */
export const maxThreadParts = 10;

/**
 * Cuts already-safe text into parts of at most `max` characters, preferring line breaks, then
 * spaces; never between the halves of a surrogate pair or after an escaping backslash.
 */
export function splitSafe(text: string, max: number = limits.messageContent): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf("\n", max);
    if (cut < max / 2) cut = rest.lastIndexOf(" ", max);
    if (cut < max / 2) cut = max;
    let head = rest.slice(0, cut);
    if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
    const slashes = /\\+$/.exec(head)?.[0].length ?? 0;
    if (slashes % 2 === 1) head = head.slice(0, -1);
    parts.push(head);
    rest = rest.slice(head.length).replace(/^\n/, "");
  }
  if (rest.length || !parts.length) parts.push(rest);
  return parts;
}

/**
 * A message as thread posts: a heading and the safe body, split over Discord's 2,000 characters,
 * then its attachments, one per line (after the body even when the body was shortened).
 */
export function threadParts(m: ThreadMessage, f: Formats): string[] {
  const who = fitSafe(oneLine(m.author), 200);
  const to = m.mentions?.length ? render(msg("thread.noteFor", { names: m.mentions.map((id) => `<@${id}>`).join(" ") }), f) : "";
  const cc = m.cc.length ? render(msg("thread.cc", { names: fitSafe(m.cc.join(", "), 300) }), f) : "";
  const head = (heading[m.kind] ?? heading.SYSTEM!)(who, f) + to + cc;
  let parts = splitSafe(`${head}\n${safeText(m.text)}`);
  if (parts.length > maxThreadParts) {
    parts = parts.slice(0, maxThreadParts);
    const note = `\n*(${render(msg("thread.shortenedShort", { id: m.ticketId }), f)})*`;
    const last = parts[maxThreadParts - 1]!;
    parts[maxThreadParts - 1] = splitSafe(last, limits.messageContent - note.length)[0]! + note;
  }
  const files = (m.attachments ?? []).map((a) => attachmentLine(a, f)).join("\n");
  if (!files) return parts;
  const last = parts.at(-1)!;
  // On the body's last part when they fit there, else in parts of their own.
  if (last.length + 1 + files.length <= limits.messageContent) return [...parts.slice(0, -1), `${last}\n${files}`];
  return [...parts, ...splitSafe(files)];
}

/**
 * One attachment as a line: a masked link to open it (in angle brackets, so Discord shows no
 * preview of it), or why there is none.
 * @see https://discord.com/developers/docs/reference#message-formatting
 */
function attachmentLine(a: ThreadAttachment, f: Formats): string {
  // A bracket would end a masked link's text early; safeText escapes one only inside a link-like
  // run, so escape each one no backslash escapes yet.
  const name = fitSafe(oneLine(a.filename), 200).replace(/(\\*)([[\]])/g, (_, slashes: string, b: string) =>
    slashes.length % 2 ? `${slashes}${b}` : `${slashes}\\${b}`,
  );
  const size = formatBytes(a.size);
  if (!a.stored) return `📎 ${render(msg("thread.tooLarge", { name, size }), f)}`;
  return a.url ? `📎 [${name}](<${a.url}>) (${size})` : `📎 ${name} (${size})`;
}

/** A direct message telling an agent about a ticket. */
export function notifyText(
  reason: string,
  ticket: { number: string; subject: string },
  excerpt: LocalizedName | string | null,
  f: Formats,
): string {
  const line = render(notifyReason(reason, `**${ticket.number}** ${fitSafe(oneLine(ticket.subject), 300)}`), f);
  // A workflow's text comes in every language: the agent reads theirs.
  const said = excerpt === null ? "" : f.name(excerpt);
  const text = said ? `${line}\n> ${fitSafe(oneLine(said), 300)}` : line;
  return truncate(text, limits.messageContent);
}
