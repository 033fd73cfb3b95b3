import sanitizeHtml from "sanitize-html";

/** Image sources that load nothing from the network: parts of the message itself, or inline data. */
const localImage = /^\s*(cid:|data:image\/)/i;

/**
 * Customer HTML is shown to agents: scripts, event handlers, forms, frames and remote styles go;
 * formatting, links and tables stay. Images stay only when they come with the message (cid: parts,
 * data: URLs): a remote image (https:, protocol-relative, relative) is how senders track opens and
 * would tell them when and from where an agent read the mail, so its src is dropped.
 */
const policy: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, "img", "font", "center", "span"],
  allowedAttributes: {
    a: ["href", "name", "title", "rel", "target"],
    img: ["src", "alt", "title", "width", "height"],
    font: ["color", "size"],
    td: ["colspan", "rowspan", "align", "valign"],
    th: ["colspan", "rowspan", "align", "valign"],
    "*": ["dir", "lang"],
  },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesByTag: { img: ["cid", "data"] },
  // "//host/x" has no scheme, so the scheme lists above would not stop it.
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer nofollow", target: "_blank" }),
    img: (tagName, attribs) => {
      const { src, ...rest } = attribs;
      return { tagName, attribs: src !== undefined && localImage.test(src) ? { src, ...rest } : rest };
    },
  },
};

export function sanitizeEmailHtml(html: string): string {
  return sanitizeHtml(html, policy).trim();
}

/**
 * A reply's HTML on its way to the customer (written by an agent's integration through the API):
 * the same tags and attributes as above, so no script, event handler, form or frame leaves in our
 * name, but its images may be anywhere on the web (a logo, a screenshot), as in any sent mail.
 */
const outgoingPolicy: sanitizeHtml.IOptions = {
  ...policy,
  allowedSchemesByTag: { img: ["https", "cid", "data"] },
  transformTags: { a: policy.transformTags!.a! },
};

export function sanitizeOutgoingHtml(html: string): string {
  return sanitizeHtml(html, outgoingPolicy).trim();
}

const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", "#39": "'" };

/**
 * A plain-text rendering of HTML for chat, when a message came as HTML only. Block elements
 * become line breaks; quoted history in <blockquote> or Gmail's quote container becomes `>` lines
 * so the quote splitter recognises it.
 */
export function htmlToText(html: string): string {
  const marked = html
    .replace(/<(br|hr)\b[^>]*>/gi, "\n")
    .replace(/<\/(p|div|li|tr|h[1-6]|table|pre)>/gi, "\n")
    .replace(/<li\b[^>]*>/gi, "- ")
    .replace(/<blockquote\b[^>]*>/gi, "\n\u0000QUOTE_OPEN\u0000\n")
    .replace(/<\/blockquote>/gi, "\n\u0000QUOTE_CLOSE\u0000\n");
  const text = sanitizeHtml(marked, {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: ["style", "script", "textarea", "option", "noscript", "title", "head"],
  }).replace(/&(#\d+|#x[0-9a-f]+|[a-z]+\d*);/gi, (all, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X")) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
    return entities[name.toLowerCase()] ?? all;
  });
  let depth = 0;
  const out: string[] = [];
  for (const raw of text.split("\n")) {
    if (raw === "\u0000QUOTE_OPEN\u0000") depth++;
    else if (raw === "\u0000QUOTE_CLOSE\u0000") depth = Math.max(0, depth - 1);
    else out.push(depth ? `${"> ".repeat(depth)}${raw.trim()}` : raw.replace(/[ \t]+/g, " ").trim());
  }
  return out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text as HTML: safe as an element's text and as a quoted attribute's value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}

/** Plain text as HTML, for keeping a plain-text message's full history beside its new part. */
export function textToHtml(text: string): string {
  return `<pre style="white-space:pre-wrap">${escapeHtml(text)}</pre>`;
}
