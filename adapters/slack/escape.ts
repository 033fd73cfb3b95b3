// Customer text shown in Slack must never ping anyone or be read as markup.
// @see https://api.slack.com/reference/surfaces/formatting#escaping

/** A word joiner: invisible, but it stops Slack reading "@here" as a mention. */
const joiner = "\u2060";

/**
 * Escapes `&`, `<` and `>` (so `<!channel>`, `<@U123>`, `<!subteam^S1>` and links become inert
 * text) and breaks the bare `@channel`, `@here`, `@everyone` and `@name` forms that clients with
 * `link_names` would turn into mentions. The text reads the same.
 */
export function escapeText(text: string): string {
  return (
    text
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      // Only an @ that starts a word: an email address is left as it is.
      .replace(/(^|[^\p{L}\p{N}._%+-])@(?=[\p{L}\p{N}._-])/gu, `$1@${joiner}`)
  );
}

/** Block Kit's limits, from the reference pages. */
export const limits = {
  /** @see https://api.slack.com/reference/block-kit/blocks */
  blocksPerMessage: 50,
  blocksPerModal: 100,
  /** @see https://api.slack.com/reference/block-kit/blocks#section */
  sectionText: 3000,
  sectionField: 2000,
  sectionFields: 10,
  /** @see https://api.slack.com/reference/block-kit/block-elements#button */
  buttonText: 75,
  actionValue: 2000,
  /** @see https://api.slack.com/reference/block-kit/composition-objects#option */
  optionText: 75,
  selectOptions: 100,
  /** @see https://api.slack.com/reference/block-kit/block-elements#overflow */
  overflowOptions: 5,
  /** @see https://api.slack.com/reference/surfaces/views */
  modalTitle: 24,
  modalButton: 24,
  privateMetadataBytes: 3000,
  /** @see https://api.slack.com/reference/block-kit/blocks#context */
  contextElements: 10,
  /** The notification `text` of chat.postMessage; longer is truncated by Slack. */
  messageText: 4000,
} as const;

/**
 * Cuts plain text to `max` characters, marking the cut with an ellipsis. Counted in UTF-16 units,
 * the larger of the two ways a limit may be measured (an emoji is two), so the result is within
 * `max` either way; a character is never cut in half.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = "";
  for (const ch of text) {
    if (kept.length + ch.length > max - 1) break;
    kept += ch;
  }
  return `${kept}…`;
}

/**
 * Escapes `raw` and fits the result in `max` characters, never cutting an `&amp;`-style entity
 * in half. Returns whether anything was left out, so callers can say how to see it all.
 */
export function fitEscaped(raw: string, max: number): { text: string; cut: boolean } {
  const full = escapeText(raw);
  if (full.length <= max) return { text: full, cut: false };
  let out = full.slice(0, max - 1);
  const amp = out.lastIndexOf("&");
  if (amp !== -1 && !out.slice(amp).includes(";")) out = out.slice(0, amp);
  // Do not leave half of a surrogate pair at the end.
  if (/[\uD800-\uDBFF]$/.test(out)) out = out.slice(0, -1);
  return { text: `${out}…`, cut: true };
}

/** Bytes of a string in UTF-8, for private_metadata's byte limit. */
export function utf8Bytes(s: string): number {
  return Buffer.byteLength(s, "utf8");
}
