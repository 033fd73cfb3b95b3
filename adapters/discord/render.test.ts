// Lists and ticket details stay inside Discord's embed limits however much there is to show.
import { describe, expect, it } from "vitest";
import { buildCatalog, HelpdeskConfig } from "../../core/config.js";
import { Formats } from "../../core/i18n/format.js";
import { speechIn } from "../../core/i18n/translate.js";
import type { MessageView, TicketDetail } from "../../core/tickets/show-ticket.js";
import type { TicketView } from "../../core/tickets/view.js";
import { ticketView } from "../../test/ticket-view.js";
import { limits } from "./escape.js";
import { ticketDetail, ticketLine, ticketList } from "./render.js";

const at = new Date("2026-01-05T09:00:00Z");
const catalog = buildCatalog(
  HelpdeskConfig.parse({
    pipelines: [
      {
        id: "support",
        name: { en: "Support", ja: "サポート" },
        default: true,
        statuses: [
          { id: "new", name: { en: "New", ja: "新規" }, category: "OPEN" },
          { id: "closed", name: { en: "Closed", ja: "クローズ" }, category: "CLOSED" },
        ],
      },
    ],
  }),
);
const en = speechIn(new Formats("en"));
const ja = speechIn(new Formats("ja", "Asia/Tokyo"));

const view = (id: number, subject: string): TicketView =>
  ticketView({
    id,
    number: `#${id}`,
    subject,
    priority: "urgent",
    owner: { id: "bob", name: "Bob" },
    contact: { id: "c", email: "c@customer.test", name: null },
    createdAt: at,
  });

const message = (n: number): MessageView => ({
  id: `m${n}`,
  kind: "INBOUND",
  author: { type: "contact", id: "c", name: null, email: "c@customer.test" },
  text: `Message ${n} ${"z".repeat(1000)}`,
  html: null,
  channel: "email",
  cc: [],
  bcc: [],
  inReplyToId: null,
  createdAt: at,
  refs: [],
  attachments: [],
});

const size = (e: { title?: string; description?: string; footer?: { text: string }; fields?: { name: string; value: string }[] }) =>
  (e.title?.length ?? 0) +
  (e.description?.length ?? 0) +
  (e.footer?.text.length ?? 0) +
  (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);

describe("rendering for Discord", () => {
  it("a line: urgent mark, escaped subject cut to fit, status, owner, relative age", () => {
    expect(ticketLine(view(7, `_under_ ${"s".repeat(200)}`), en, catalog)).toMatch(
      /^🚨 \*\*#7\*\* \\_under\\_ s+… · New · Bob · <t:1767603600:R>$/,
    );
  });

  it("a long list fills one description up to 4,096 characters and says more were left out", () => {
    const tickets = Array.from({ length: 200 }, (_, n) => view(n + 1, "x".repeat(150)));
    const [embed] = ticketList("Queue: all open", tickets, false, en, catalog).embeds;
    expect(embed!.description!.length).toBeLessThanOrEqual(limits.embedDescription);
    expect(embed!.title).toMatch(/^Queue: all open \(\d+\+\)$/);
    expect(embed!.footer?.text).toContain("/ticket find");
    expect(ticketList("Empty", [], false, en, catalog).embeds[0]!.description).toBe("Nothing here.");
  });

  it("a ticket with many long messages keeps the newest that fit in 6,000 characters", () => {
    const d: TicketDetail = {
      ticket: view(9, "Busy"),
      messages: Array.from({ length: 40 }, (_, n) => message(n)),
      timeline: [],
      followers: [{ id: "bob", name: "Bob" }],
      draft: null,
      chatLinks: [],
    };
    const { embeds } = ticketDetail(d, en, catalog);
    expect(embeds.length).toBeLessThanOrEqual(limits.embedsPerMessage);
    expect(embeds.reduce((n, e) => n + size(e), 0)).toBeLessThanOrEqual(limits.embedTotal);
    expect(embeds[1]!.description).toContain("Message 39");
    expect(embeds[1]!.description).not.toContain("Message 0 ");
    expect(embeds[1]!.footer?.text).toMatch(/^\d+ older messages are not shown/);
    expect(embeds[0]!.fields?.map((f) => f.name)).toEqual(["Status", "Priority", "Owner", "Requester", "Team", "Opened", "Followers"]);
  });

  it("in Japanese: a list with the configured Japanese status, 未割り当て, and the footer, inside 4,096 characters", () => {
    const tickets = Array.from({ length: 200 }, (_, n) => ({ ...view(n + 1, "プリンターが動かない".repeat(20)), owner: null }));
    const [embed] = ticketList("キュー: 未割り当て", tickets, false, ja, catalog).embeds;
    expect(embed!.description!.length).toBeLessThanOrEqual(limits.embedDescription);
    expect(embed!.title!.length).toBeLessThanOrEqual(limits.embedTitle);
    expect(embed!.description).toContain(" · 新規 · *未割り当て* · <t:1767603600:R>");
    expect(embed!.description).not.toMatch(/New|unassigned/);
    expect(embed!.footer?.text).toBe("表示しきれないチケットがあります。/ticket find で絞り込んでください。");
    expect(ticketList("キュー: 自分の担当", [], false, ja, catalog).embeds[0]!.description).toBe("該当するチケットはありません。");
  });

  it("in Japanese: a ticket in full with Japanese field names and footers, inside 6,000 characters", () => {
    const d: TicketDetail = {
      ticket: { ...view(9, "忙しい"), owner: null },
      messages: Array.from({ length: 40 }, (_, n) => ({ ...message(n), kind: n % 2 ? "COMMENT" : "INBOUND" }) as MessageView),
      timeline: [],
      followers: [
        { id: "bob", name: "Bob" },
        { id: "cy", name: "Cy" },
      ],
      draft: null,
      chatLinks: [],
    };
    const { embeds } = ticketDetail(d, ja, catalog);
    expect(embeds.length).toBeLessThanOrEqual(limits.embedsPerMessage);
    expect(embeds.reduce((n, e) => n + size(e), 0)).toBeLessThanOrEqual(limits.embedTotal);
    const head = embeds[0]!;
    expect(head.fields?.map((f) => f.name)).toEqual(["ステータス", "優先度", "担当者", "問い合わせ者", "チーム", "受付", "フォロワー"]);
    expect(head.fields?.map((f) => f.value)).toEqual([
      "新規",
      "緊急",
      "*未割り当て*",
      "c@customer.test",
      "*全員*",
      "<t:1767603600:R>",
      "Bob, Cy",
    ]);
    expect(head.footer?.text).toBe("サポート · メッセージ 40件");
    expect(embeds[1]!.description).toMatch(/\*\*📝 メモ\*\* · c@customer\.test · <t:1767603600:R>/);
    expect(embeds[1]!.description).toMatch(/\*\*📨 顧客\*\*/);
    expect(embeds[1]!.footer?.text).toMatch(/^古いメッセージ \d+件は表示していません。/);
    expect(JSON.stringify(embeds)).not.toMatch(/Status|Owner|Unassigned|Everyone|message\(s\)|Customer|Note/);
  });
});
