// A small page that only says something: to an agent who is not (or no longer) signed in, or to a
// customer whose survey link does not work. In the reader's language when it is known (a survey's),
// else the same words in every language the help desk speaks, the browser's preferred one first,
// since nobody is signed in to pick one. Each set of pages gives its own stylesheet.
import type { Context } from "hono";
import { html } from "hono/html";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { Formats, locales, pickLocale, render, type Locale, type Msg } from "../../core/index.js";

/** Where the sign-in pages' stylesheet is served (a file of our own: the pages allow no inline style). */
export const noticeStylesheetPath = "/dashboard/sign-in.css";

export const noticeStylesheet = `body{font-family:system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans JP",sans-serif;margin:0;background:#f5f6f8;color:#1d2433}
main{max-width:34rem;margin:12vh auto;padding:0 1.25rem}
section{background:#fff;border:1px solid #dde1e8;border-radius:10px;padding:1.25rem 1.5rem;margin-bottom:1rem}
h1{font-size:1.2rem;margin:0 0 .6rem}p{line-height:1.6;margin:0}
code{background:#eef0f4;border-radius:4px;padding:.1rem .35rem}`;

/** The locales in the order the browser prefers them (its first known language first). */
function localesFor(acceptLanguage: string | undefined): Locale[] {
  const tags = (acceptLanguage ?? "").split(",").map((t) => t.split(";")[0]?.trim());
  const first = pickLocale(tags, "en");
  return [first, ...locales.filter((l) => l !== first)];
}

/** `/ticket dashboard` set as code, wherever a text names it. */
function withCommand(text: string) {
  const parts = text.split("/ticket dashboard");
  return parts.map((p, i) => (i === 0 ? html`${p}` : html`<code>/ticket dashboard</code>${p}`));
}

export interface NoticeOptions {
  /** The page's stylesheet (default: the sign-in pages'). */
  stylesheet?: string;
  /** The reader's language, when it is known: the page is in it alone. */
  locale?: Locale | null;
}

/** Answers `status` with a page saying `title` and `body` (in every language unless the reader's is known); never cached. */
export function noticePage(c: Context, status: ContentfulStatusCode, title: Msg, body: Msg, opts: NoticeOptions = {}) {
  const order = opts.locale ? [opts.locale] : localesFor(c.req.header("accept-language"));
  const first = new Formats(order[0] ?? "en");
  c.header("Cache-Control", "no-store");
  return c.html(
    html`<!doctype html>
      <html lang="${first.locale}">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>${render(title, first)}</title>
          <link rel="stylesheet" href="${opts.stylesheet ?? noticeStylesheetPath}" />
          <link rel="icon" href="data:," />
        </head>
        <body>
          <main>
            ${order.map((l) => {
              const f = new Formats(l);
              return html`<section lang="${l}">
                <h1>${render(title, f)}</h1>
                <p>${withCommand(render(body, f))}</p>
              </section> `;
            })}
          </main>
        </body>
      </html>`,
    status,
  );
}
