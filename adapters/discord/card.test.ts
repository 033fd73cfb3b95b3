import { ButtonStyle, ComponentType } from "discord.js";
import { describe, expect, it } from "vitest";
import { buildCatalog, HelpdeskConfig } from "../../core/config.js";
import type { TicketView } from "../../core/tickets/view.js";
import { ticketView } from "../../test/ticket-view.js";
import { cardComponents, cardCustomId, cardEmbed, cardMessage, forumPostTitle, parseCardCustomId } from "./card.js";
import { fitSafe, limits, neutralizeMentions, safeText } from "./escape.js";

const catalog = buildCatalog(HelpdeskConfig.parse({}));
const created = new Date("2025-03-01T10:00:00Z");

const view = (over: Partial<TicketView> = {}) =>
  ticketView({
    id: 123,
    number: "#123",
    subject: "Printer on fire",
    priority: "high",
    contact: { id: "c1", email: "ann@acme.example", name: "Ann Lee" },
    createdAt: created,
    ...over,
  });

type AnyComponent = {
  type: number;
  custom_id?: string;
  label?: string;
  style?: number;
  options?: { label: string; value: string; default?: boolean }[];
};
const rowsOf = (t: TicketView) => cardComponents(t, catalog).map((r) => r.components as AnyComponent[]);

describe("Discord ticket card", () => {
  it("renders the embed: number and subject, requester, status, priority, owner, team, age", () => {
    expect(cardEmbed(view(), catalog)).toEqual({
      title: "#123 Printer on fire",
      color: 0xe67e22,
      fields: [
        { name: "Requester", value: "Ann Lee (ann@acme.example)", inline: true },
        { name: "Status", value: "New", inline: true },
        { name: "Priority", value: "High", inline: true },
        { name: "Owner", value: "*Unassigned*", inline: true },
        { name: "Team", value: "*Everyone*", inline: true },
        { name: "Opened", value: `<t:${created.getTime() / 1000}:R>`, inline: true },
      ],
      footer: { text: "Support · this post is the working log; what you write here is an internal note." },
    });
  });

  it("offers Claim, Reply, Comment, the pipeline's statuses with the current one chosen, and More", () => {
    const rows = rowsOf(view({ status: { id: "in_progress", name: "In progress", category: "OPEN" } }));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual([
      { type: ComponentType.Button, style: ButtonStyle.Success, label: "Claim", custom_id: "ticket:claim:123" },
      { type: ComponentType.Button, style: ButtonStyle.Primary, label: "Reply", custom_id: "ticket:reply:123" },
      { type: ComponentType.Button, style: ButtonStyle.Secondary, label: "Comment", custom_id: "ticket:comment:123" },
    ]);
    const status = rows[1]![0]!;
    expect(status).toMatchObject({ type: ComponentType.StringSelect, custom_id: "ticket:status:123", min_values: 1, max_values: 1 });
    expect(status.options!.map((o) => o.value)).toEqual(["new", "in_progress", "waiting_on_customer", "escalated", "resolved", "closed"]);
    expect(status.options!.filter((o) => o.default).map((o) => o.value)).toEqual(["in_progress"]);
    const more = rows[2]![0]!;
    expect(more.custom_id).toBe("ticket:more:123");
    expect(more.options!.map((o) => o.value)).toEqual(["assign", "split", "merge", "move", "follow", "delete"]);
  });

  it("offers Release once the ticket has an owner, and shows owner and team", () => {
    const t = view({ owner: { id: "bo", name: "Bo" }, team: { id: "tier2", name: "Tier 2" } });
    expect(rowsOf(t)[0]![0]).toMatchObject({ label: "Release", custom_id: "ticket:release:123", style: ButtonStyle.Secondary });
    const fields = cardEmbed(t, catalog).fields!;
    expect(fields.find((f) => f.name === "Owner")!.value).toBe("Bo");
    expect(fields.find((f) => f.name === "Team")!.value).toBe("Tier 2");
  });

  it("keeps within Discord's limits: 5 rows, 25 options, 100-character ids, 256-character title", () => {
    const statuses = Array.from({ length: 30 }, (_, i) => ({
      id: `s${i}`,
      name: `Status ${i} ${"x".repeat(120)}`,
      category: i ? "CLOSED" : "OPEN",
    }));
    const big = buildCatalog(HelpdeskConfig.parse({ pipelines: [{ id: "big", name: "Big", statuses }] }));
    const t = view({ id: 999_999_999, number: "#999999999", subject: "y".repeat(500), pipeline: { id: "big", name: "Big" } });
    const rows = cardComponents(t, big);
    expect(rows.length).toBeLessThanOrEqual(limits.actionRows);
    for (const c of rows.flatMap((r) => r.components as AnyComponent[])) {
      expect(c.custom_id!.length).toBeLessThanOrEqual(limits.customId);
      for (const o of c.options ?? []) expect(o.label.length).toBeLessThanOrEqual(limits.selectOptionLabel);
      expect((c.options ?? []).length).toBeLessThanOrEqual(limits.selectOptions);
    }
    expect(rows[1]!.components[0]).toMatchObject({ options: expect.any(Array) });
    expect((rows[1]!.components[0] as AnyComponent).options).toHaveLength(25);
    const title = cardEmbed(t, catalog).title!;
    expect(title.length).toBeLessThanOrEqual(limits.embedTitle);
    expect(title.startsWith("#999999999 yyy")).toBe(true);
    expect(title.endsWith("…")).toBe(true);
  });

  it("shows only Restore on a deleted ticket and nothing to press on a merged one", () => {
    const deleted = view({ deletedAt: new Date("2025-03-02T00:00:00Z") });
    expect(rowsOf(deleted)).toEqual([
      [{ type: ComponentType.Button, style: ButtonStyle.Secondary, label: "Restore", custom_id: "ticket:restore:123" }],
    ]);
    expect(cardEmbed(deleted, catalog).description).toMatch(/^🗑️ Deleted <t:\d+:R>\.$/);
    const merged = view({ mergedIntoId: 7 });
    expect(cardComponents(merged, catalog)).toEqual([]);
    expect(cardEmbed(merged, catalog)).toMatchObject({ description: "🔀 Merged into #7.", color: 0x95a5a6 });
  });

  it("never pings and neutralises customer text", () => {
    const t = view({
      subject: "@everyone **urgent** <@&111111111111111111> [click](https://evil.example)",
      contact: { id: "c", email: "x@y.example", name: "@here <@222222222222222222>" },
    });
    const msg = cardMessage(t, catalog);
    expect(msg.allowedMentions).toEqual({ parse: [] });
    const json = JSON.stringify(msg.embeds);
    expect(json).not.toMatch(/@everyone|@here|<@&?\d/);
    expect(msg.embeds[0]!.title).toBe(
      "#123 @\u200beveryone \\*\\*urgent\\*\\* <\u200b@&111111111111111111> \\[click](https://evil.example)",
    );
    expect(msg.embeds[0]!.fields![0]!.value).toBe("@\u200bhere <\u200b@222222222222222222> (x@y.example)");
  });

  it("names the forum post `#123 subject`, on one line, cut to 100 characters", () => {
    expect(forumPostTitle(view())).toBe("#123 Printer on fire");
    expect(forumPostTitle(view({ subject: "two\nlines   here" }))).toBe("#123 two lines here");
    const long = forumPostTitle(view({ subject: "z".repeat(300) }));
    expect(long).toHaveLength(100);
    expect(long.startsWith("#123 zzz")).toBe(true);
    expect(long.endsWith("…")).toBe(true);
  });

  it("round-trips custom ids and ignores foreign ones", () => {
    expect(parseCardCustomId(cardCustomId("status", 42))).toEqual({ action: "status", ticketId: 42 });
    expect(parseCardCustomId("ticket:explode:1")).toBeNull();
    expect(parseCardCustomId("other:claim:1")).toBeNull();
  });
});

describe("Discord escaping", () => {
  it("breaks every mention form but leaves email addresses and plain text alone", () => {
    expect(neutralizeMentions("hi @everyone and @HERE, mail a@b.example")).toBe("hi @\u200beveryone and @\u200bHERE, mail a@b.example");
    expect(neutralizeMentions("<@1> <@!1> <@&1> <#1> </ticket:1> <:e:1> <a:e:1> <t:1:R>")).toBe(
      "<\u200b@1> <\u200b@!1> <\u200b@&1> <\u200b#1> <\u200b/ticket:1> <\u200b:e:1> <\u200ba:e:1> <\u200bt:1:R>",
    );
    expect(safeText("plain words")).toBe("plain words");
  });

  it("never leaves a dangling escape at a cut", () => {
    const out = fitSafe("aaaa*bbbb", 6);
    expect(out).toBe("aaaa…");
    expect(out.length).toBeLessThanOrEqual(6);
  });
});
