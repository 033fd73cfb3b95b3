// Lists and ticket details stay inside Discord's embed limits however much there is to show.
import { describe, expect, it } from "vitest";
import type { MessageView, TicketDetail } from "../../core/tickets/show-ticket.js";
import type { TicketView } from "../../core/tickets/view.js";
import { ticketView } from "../../test/ticket-view.js";
import { limits } from "./escape.js";
import { ticketDetail, ticketLine, ticketList } from "./render.js";

const at = new Date("2026-01-05T09:00:00Z");

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
    expect(ticketLine(view(7, `_under_ ${"s".repeat(200)}`))).toMatch(/^🚨 \*\*#7\*\* \\_under\\_ s+… · New · Bob · <t:1767603600:R>$/);
  });

  it("a long list fills one description up to 4,096 characters and says more were left out", () => {
    const tickets = Array.from({ length: 200 }, (_, n) => view(n + 1, "x".repeat(150)));
    const [embed] = ticketList("Queue: all open", tickets, false).embeds;
    expect(embed!.description!.length).toBeLessThanOrEqual(limits.embedDescription);
    expect(embed!.title).toMatch(/^Queue: all open \(\d+\+\)$/);
    expect(embed!.footer?.text).toContain("/ticket find");
    expect(ticketList("Empty", [], false).embeds[0]!.description).toBe("Nothing here.");
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
    const { embeds } = ticketDetail(d);
    expect(embeds.length).toBeLessThanOrEqual(limits.embedsPerMessage);
    expect(embeds.reduce((n, e) => n + size(e), 0)).toBeLessThanOrEqual(limits.embedTotal);
    expect(embeds[1]!.description).toContain("Message 39");
    expect(embeds[1]!.description).not.toContain("Message 0 ");
    expect(embeds[1]!.footer?.text).toMatch(/^\d+ older message\(s\) not shown/);
    expect(embeds[0]!.fields?.map((f) => f.name)).toEqual(["Status", "Priority", "Owner", "Requester", "Team", "Opened", "Followers"]);
  });
});
