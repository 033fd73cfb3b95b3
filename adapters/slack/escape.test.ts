import { Formats } from "../../core/index.js";
import { ticketView } from "../../test/ticket-view.js";
import { describe, expect, it } from "vitest";
import { buildCatalog, HelpdeskConfig } from "../../core/config.js";
import { testConfigInput } from "../../test/harness.js";
import { cardBlocks } from "./card.js";
import { escapeText, fitEscaped, limits, truncate } from "./escape.js";
import { threadPost } from "./thread.js";

const wj = "\u2060";

describe("escapeText", () => {
  it("makes every Slack mention form inert and escapes &<>", () => {
    const raw = "<!channel> <!here> <!everyone> <@U123> <!subteam^S1|@ops> <#C1> <https://x.test|click> a & b > c";
    const out = escapeText(raw);
    expect(out).not.toMatch(/[<>]/);
    expect(out).toBe(
      "&lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt; &lt;@" +
        wj +
        "U123&gt; &lt;!subteam^S1|@" +
        wj +
        "ops&gt; &lt;#C1&gt; &lt;https://x.test|click&gt; a &amp; b &gt; c",
    );
  });

  it("breaks bare @channel/@here/@everyone/@name but leaves email addresses alone", () => {
    expect(escapeText("@here @channel hi @everyone, ask @bob")).toBe(`@${wj}here @${wj}channel hi @${wj}everyone, ask @${wj}bob`);
    expect(escapeText("mail carol@customer.test")).toBe("mail carol@customer.test");
  });

  it("never cuts an entity in half when fitting text", () => {
    const { text, cut } = fitEscaped("a".repeat(8) + "&&&&", 12);
    expect(cut).toBe(true);
    expect(text.length).toBeLessThanOrEqual(12);
    expect(text).toMatch(/^a{8}(&amp;)?…$/);
  });
});

describe("Block Kit limits", () => {
  const catalog = buildCatalog(HelpdeskConfig.parse(testConfigInput));
  const view = ticketView({
    id: 7,
    number: "#7",
    subject: "<!channel> ".repeat(400),
    priority: "urgent",
    contact: { id: "c", email: "e@x.test", name: "N".repeat(3000) },
  });

  it("keeps the card's texts within their limits however long the customer's text is", () => {
    const blocks = cardBlocks(view, catalog) as {
      type: string;
      text?: { text: string };
      fields?: { text: string }[];
      elements?: { type: string; options?: unknown[] }[];
    }[];
    expect(blocks.length).toBeLessThanOrEqual(limits.blocksPerMessage);
    for (const b of blocks) {
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(limits.sectionText);
      for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(limits.sectionField);
      expect((b.fields ?? []).length).toBeLessThanOrEqual(limits.sectionFields);
      for (const e of b.elements ?? []) if (e.type === "overflow") expect(e.options!.length).toBeLessThanOrEqual(limits.overflowOptions);
    }
    expect(JSON.stringify(blocks)).not.toContain("<!channel>");
  });

  it("truncates within the limit however it is counted, never halving an emoji", () => {
    expect(truncate("ab📨cd", 6)).toBe("ab📨cd");
    expect(truncate("ab📨cd", 5)).toBe("ab📨…");
    // "ab📨" and the ellipsis would be five units: the emoji goes whole or not at all.
    expect(truncate("ab📨cd", 4)).toBe("ab…");
    for (let max = 1; max < 12; max++) {
      const cut = truncate("📨".repeat(10), max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });

  it("shortens a long thread message and says how to see it all", () => {
    const post = threadPost({ ticketId: 7, kind: "INBOUND", text: "x".repeat(10_000), author: "Carol", cc: [] }, new Formats("en"));
    const section = post.blocks[0] as { text: { text: string } };
    expect(section.text.text.length).toBeLessThanOrEqual(limits.sectionText);
    expect(JSON.stringify(post.blocks[1])).toContain("/ticket show #7");
    expect(post.text.length).toBeLessThanOrEqual(limits.messageText);
  });
});
