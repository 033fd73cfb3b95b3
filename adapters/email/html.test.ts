import { describe, expect, it } from "vitest";
import { escapeHtml, sanitizeEmailHtml, textToHtml } from "./html.js";

describe("sanitizeEmailHtml", () => {
  it("keeps images that come with the message (cid:, data:) and drops every remote source", () => {
    const out = sanitizeEmailHtml(
      [
        '<img src="https://tracker.test/open.gif?u=42" width="1" height="1">',
        '<img src="HTTPS://tracker.test/upper.gif">',
        '<img src="//tracker.test/relative-scheme.gif">',
        '<img src="/pixel.gif">',
        '<img src="cid:logo@acme.test" alt="Logo">',
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="inline">',
        '<img src="data:text/html;base64,PHNjcmlwdD4=">',
      ].join(""),
    );
    expect(out).not.toMatch(/tracker\.test|pixel\.gif|text\/html/i);
    expect(out).toContain('<img src="cid:logo@acme.test" alt="Logo" />');
    expect(out).toContain('<img src="data:image/png;base64,iVBORw0KGgo=" alt="inline" />');
    // The sizes stay so the layout holds; only the network fetch is gone.
    expect(out).toContain('<img width="1" height="1" />');
  });

  it("still keeps https links (they load nothing until clicked)", () => {
    expect(sanitizeEmailHtml('<a href="https://acme.test/help">help</a>')).toContain('href="https://acme.test/help"');
  });
});

describe("escapeHtml", () => {
  it("makes text safe as an element's text and as a quoted attribute's value", () => {
    expect(escapeHtml(`<a href="x" title='y'>Tom & Jerry</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;",
    );
    expect(escapeHtml("プリンター")).toBe("プリンター");
    expect(textToHtml("a < b")).toBe('<pre style="white-space:pre-wrap">a &lt; b</pre>');
  });
});
