// The one notice page of the web adapter: the sign-in pages' and the survey's, each with its own
// stylesheet; in every language (the browser's first) unless the reader's is known.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { msg } from "../../core/index.js";
import { noticePage, noticeStylesheetPath } from "./notice-page.js";

const app = new Hono();
app.get("/default", (c) => noticePage(c, 401, msg("web.signInTitle"), msg("web.signInNeeded")));
app.get("/survey", (c) =>
  noticePage(c, 410, msg("csat.expiredTitle"), msg("csat.expired"), { stylesheet: "/survey/survey.css", locale: "ja" }),
);

describe("noticePage", () => {
  it("says it in every language, the browser's first, with the sign-in pages' stylesheet", async () => {
    const res = await app.request("/default", { headers: { "accept-language": "ja-JP,ja;q=0.9,en;q=0.5" } });
    expect(res.status).toBe(401);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain(`<link rel="stylesheet" href="${noticeStylesheetPath}" />`);
    expect(html.indexOf('<section lang="ja">')).toBeLessThan(html.indexOf('<section lang="en">'));
    expect(html).toContain("<code>/ticket dashboard</code>");
  });

  it("says it in the reader's language alone when it is known, with the stylesheet it is given", async () => {
    const res = await app.request("/survey", { headers: { "accept-language": "en" } });
    expect(res.status).toBe(410);
    const html = await res.text();
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('<link rel="stylesheet" href="/survey/survey.css" />');
    expect(html).toContain("このアンケートは終了しました");
    expect(html).not.toContain('<section lang="en">');
  });
});
