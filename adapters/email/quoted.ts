/**
 * Splits a reply's plain text into what the customer wrote now and the quoted history under it,
 * so chat shows the new part while the full message is kept. Recognises the attribution lines of
 * the common clients (Gmail, Apple Mail, Outlook, Thunderbird; English, Japanese, German, French,
 * Spanish) and trailing `>` quotes.
 */
const attribution: RegExp[] = [
  /^On .{4,300}(wrote|writes):\s*$/i,
  /^.{0,200}\d{4}[年/.-]\s*\d{1,2}[月/.-]\s*\d{1,2}.{0,200}(wrote|のメッセージ|書きました)[:：]?\s*$/i,
  /^.{0,200}(のメッセージ|書きました)[:：]\s*$/,
  // Gmail in Japanese: "2026年1月5日(月) 9:00 Name <addr>:"
  /^\d{4}年\d{1,2}月\d{1,2}日.{0,200}>\s*[:：]\s*$/,
  /^Am .{4,300} schrieb .{0,200}:\s*$/i,
  /^Le .{4,300} a écrit\s*:\s*$/i,
  /^El .{4,300} escribió:\s*$/i,
];

/**
 * What every client puts in its attribution line: the date of the quoted mail (a year, or a short
 * date such as 1/5/26 or 05.01.26) or the quoted sender's address. Without one, "On Monday my
 * friend wrote:" is the customer's own sentence, not the start of a quote. (Short dates need two
 * separators and a two-digit year, so a version number like 1.2.3 is not taken for one.)
 */
const attributionEvidence = /\b(19|20)\d{2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2}\b|[^\s<>()@]+@[^\s<>()@]+\.[a-z]{2,}/i;
const isAttribution = (line: string) => attribution.some((r) => r.test(line)) && attributionEvidence.test(line);

/** Separator lines that start a quoted or forwarded message on their own. */
const separators: RegExp[] = [
  /^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|元のメッセージ|Forwarded message)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/,
];

/** Outlook's header block ("From: … / Sent: …") that starts the quoted message. */
const outlookFrom = /^\*?(From|差出人|Von|De)\s*:\*?\s.+/i;
const outlookNext = /^\*?(Sent|Date|送信日時|Gesendet|Envoyé|To|宛先)\s*:\*?\s.+/i;

export interface SplitReply {
  /** What is new in this message, trimmed; the whole text when nothing was recognised. */
  fresh: string;
  /** Whether history was found (and cut from `fresh`). */
  quoted: boolean;
}

export function splitQuotedReply(text: string): SplitReply {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  let cut = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim();
    // Gmail wraps a long attribution over two lines.
    const joined = `${line} ${(lines[i + 1] ?? "").trim()}`.trim();
    if (isAttribution(line) || separators.some((r) => r.test(line))) {
      cut = i;
      break;
    }
    if (/^On\s/i.test(line) && /wrote:\s*$/i.test(joined) && !/wrote:\s*$/i.test(line) && attributionEvidence.test(joined)) {
      cut = i;
      break;
    }
    if (outlookFrom.test(line) && outlookNext.test(lines[i + 1]?.trim() ?? "")) {
      cut = i;
      break;
    }
  }
  let kept = cut >= 0 ? lines.slice(0, cut) : lines;
  // Trailing `>` lines (with blank lines among them) are history even without an attribution.
  let end = kept.length;
  const quoteOrBlank = (l: string | undefined) => l === undefined || /^\s*>/.test(l) || !l.trim();
  while (end > 0 && quoteOrBlank(kept[end - 1])) end--;
  const hadTrailingQuote = kept.slice(end).some((l) => /^\s*>/.test(l));
  if (hadTrailingQuote) kept = kept.slice(0, end);
  const fresh = kept.join("\n").trim();
  const quoted = cut >= 0 || hadTrailingQuote;
  // A message that is all quote (a bare forward) keeps its text: there is nothing else to show.
  if (!fresh) return { fresh: text.trim(), quoted: false };
  return { fresh, quoted };
}
