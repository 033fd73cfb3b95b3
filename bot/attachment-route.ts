// GET /attachments/:id?exp=…&sig=…: the file behind a signed link from a chat thread. The content
// comes from the attachment's database row, by id; nothing in the request names a file on disk.
// Only common raster images are shown in the browser; everything else (SVG included, which can
// carry scripts) is a download, and nothing is sniffed into something else.
import { Hono } from "hono";
import { type AttachmentFile, type CoreDeps, Formats, getAttachment, isHelpdeskError, msg, pickLocale, render } from "../core/index.js";
import type { AttachmentLinks } from "./attachment-links.js";
import type { AppEnv } from "./server.js";

/** Types shown inline; any other is served as application/octet-stream, to be saved. */
const inlineImages = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);
/** Names mailers use for a type above. */
const aliases: Record<string, string> = { "image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg" };

/** Kept on every answer: no caching of a file on shared caches, no sniffing, no scripts, no referrer carrying the link. */
const guarded = {
  "Cache-Control": "private, no-store",
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": "default-src 'none'; sandbox",
  "Referrer-Policy": "no-referrer",
};

export function attachmentRoutes(opts: { deps: CoreDeps; links: AttachmentLinks }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/:id", async (c) => {
    const id = c.req.param("id");
    // Whoever clicked the link reads the answer in their browser's language.
    const { catalog } = opts.deps;
    const f = new Formats(pickLocale(acceptedLanguages(c.req.header("Accept-Language")), catalog.locale), catalog.timeZone);
    const verdict = opts.links.check(id, c.req.query("exp"), c.req.query("sig"));
    if (verdict === "expired") return c.text(render(msg("chat.linkExpired", { days: opts.links.days }), f), 403, guarded);
    if (verdict === "bad") return c.text(render(msg("chat.linkInvalid"), f), 403, guarded);
    let file: AttachmentFile;
    try {
      file = await getAttachment(opts.deps, { attachmentId: id });
    } catch (e) {
      if (isHelpdeskError(e) && e.code === "not_found") return c.text(e.messageIn(f), 404, guarded);
      throw e;
    }
    if (!file.content) return c.text(render(msg("chat.attachmentNotKept"), f), 404, guarded);
    c.get("log").info("attachment opened", { ticket: file.ticketId, attachmentId: file.id });
    return c.body(file.content, 200, {
      ...guarded,
      ...fileHeaders(file.filename, file.contentType),
      "Content-Length": String(file.content.byteLength),
    });
  });
  return app;
}

/** The languages of an Accept-Language header, most wanted first (`ja,en;q=0.8` → ja, en). */
export function acceptedLanguages(header: string | undefined): string[] {
  return (header ?? "")
    .split(",")
    .map((part, n) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = Number(/^\s*q=([\d.]+)/.exec(params.find((p) => /^\s*q=/.test(p)) ?? "")?.[1] ?? 1);
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, n };
    })
    .filter((l) => l.tag && l.tag !== "*" && l.q > 0)
    .sort((a, b) => b.q - a.q || a.n - b.n)
    .map((l) => l.tag);
}

/** Content-Type and Content-Disposition for a stored file: inline for the raster images above, a download otherwise. */
export function fileHeaders(filename: string, declaredType: string): { "Content-Type": string; "Content-Disposition": string } {
  const base = declaredType.split(";")[0]!.trim().toLowerCase();
  const type = aliases[base] ?? base;
  const inline = inlineImages.has(type);
  return {
    "Content-Type": inline ? type : "application/octet-stream",
    "Content-Disposition": `${inline ? "inline" : "attachment"}; ${dispositionName(filename)}`,
  };
}

/**
 * The file name for Content-Disposition: no control characters, quotes, slashes or leading dots
 * (a saved file lands where the browser puts downloads, as a plain visible file), an ASCII
 * fallback, and the full name in UTF-8 for browsers that read it.
 * @see https://www.rfc-editor.org/rfc/rfc6266#section-4.3
 */
export function dispositionName(raw: string): string {
  const cleaned = Array.from(
    raw
      .replace(/[\p{Cc}"\\/]/gu, "_")
      .replace(/\s+/g, " ")
      .replace(/^[.\s]+/, "")
      .trim(),
  )
    .slice(0, 150)
    .join("")
    .trim();
  const name = cleaned || "attachment";
  const ascii = name.replace(/[^\x20-\x7e]|[%;]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
