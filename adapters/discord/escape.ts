// Customer text shown in Discord must never ping anyone or be read as markdown. Every message the
// adapter sends also carries `allowedMentions: { parse: [] }`; this makes the text itself inert
// too, so a quoted or copied card cannot ping either.
// @see https://discord.com/developers/docs/reference#message-formatting
// @see https://discord.com/developers/docs/resources/message#allowed-mentions-object
import { escapeMarkdown } from "discord.js";

/** A zero-width space: invisible, but it stops Discord reading `@everyone` or `<@123>` as a mention. */
const zwsp = "\u200b";

/** Sends nothing that pings: for every message and edit the adapter makes (comments widen it to named agents). */
export const noMentions = { parse: [] as [] } as const;

/**
 * Breaks `@everyone`, `@here` and the `<@id>`, `<@&id>`, `<#id>`, `</cmd:id>`, `<:emoji:id>` and
 * `<t:…>` forms so they show as typed instead of as mentions. The text reads the same.
 */
export function neutralizeMentions(text: string): string {
  return text.replace(/@(everyone|here)\b/gi, `@${zwsp}$1`).replace(/<(?=[@#/:]|a:|t:|id:)/g, `<${zwsp}`);
}

/** Customer text for an embed or message: markdown escaped (masked links, headings and lists too), mentions broken. */
export function safeText(text: string): string {
  return neutralizeMentions(escapeMarkdown(text, { maskedLink: true, heading: true, bulletedList: true, numberedList: true }));
}

/** Collapses line breaks and runs of spaces, for one-line places (titles, fields, thread names). */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Discord's limits, from the reference pages. */
export const limits = {
  /** @see https://discord.com/developers/docs/resources/message#create-message */
  messageContent: 2000,
  embedsPerMessage: 10,
  /** @see https://discord.com/developers/docs/resources/message#embed-object-embed-limits */
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooter: 2048,
  embedTotal: 6000,
  /** @see https://discord.com/developers/docs/components/reference */
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  selectOptions: 25,
  selectOptionLabel: 100,
  selectOptionValue: 100,
  selectOptionDescription: 100,
  selectPlaceholder: 150,
  /** @see https://discord.com/developers/docs/resources/channel#start-thread-in-forum-or-media-channel */
  threadName: 100,
} as const;

/** Cuts plain text to `max` characters (UTF-16 units, as Discord counts), marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = text.slice(0, Math.max(0, max - 1));
  if (/[\uD800-\uDBFF]$/.test(out)) out = out.slice(0, -1);
  return `${out}…`;
}

/**
 * Makes `raw` safe and fits the result in `max` characters, never leaving a dangling escape
 * backslash (which would escape the ellipsis) or half a surrogate pair at the cut.
 */
export function fitSafe(raw: string, max: number): string {
  const full = safeText(raw);
  if (full.length <= max) return full;
  let out = full.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(out)) out = out.slice(0, -1);
  const slashes = /\\+$/.exec(out)?.[0].length ?? 0;
  if (slashes % 2 === 1) out = out.slice(0, -1);
  return `${out}…`;
}
