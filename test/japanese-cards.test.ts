// A help desk set to Japanese (HELPDESK_LOCALE=ja): the ticket card on Slack and Discord in
// Japanese, with the configured Japanese names of pipeline, status and team, within each
// platform's limits for the longer texts.
import { describe, expect, it } from "vitest";
import { cardBlocks, cardText, movedCard } from "../adapters/slack/card.js";
import { limits as slackLimits } from "../adapters/slack/escape.js";
import { cardMessage } from "../adapters/discord/card.js";
import { notifyText, threadParts } from "../adapters/discord/thread.js";
import { notifyPost, threadPost } from "../adapters/slack/thread.js";
import { Formats } from "../core/i18n/format.js";
import { limits as discordLimits } from "../adapters/discord/escape.js";
import { buildCatalog, HelpdeskConfig } from "../core/config.js";
import type { TicketView } from "../core/tickets/view.js";
import { ticketView } from "./ticket-view.js";

const config = HelpdeskConfig.parse({ teams: [{ id: "tier1", name: { en: "Tier 1", ja: "一次対応" } }] });
const ja = buildCatalog(config, { locale: "ja", timeZone: "Asia/Tokyo" });
const en = buildCatalog(config);
const at = new Date("2026-03-01T10:00:00Z");

const view = (over: Partial<TicketView> = {}) =>
  ticketView({
    id: 42,
    number: "#42",
    subject: "プリンターが動かない",
    status: { id: "waiting_on_customer", name: "Waiting on customer", category: "OPEN" },
    priority: "urgent",
    team: { id: "tier1", name: "Tier 1" },
    createdAt: at,
    ...over,
  });

type Element = { type: string; text?: { text: string }; placeholder?: { text: string }; options?: { text: { text: string } }[] };

describe("the Slack card in Japanese", () => {
  it("labels every field, button and menu in Japanese, with the Japanese names from the configuration", () => {
    const blocks = cardBlocks(view(), ja);
    const text = JSON.stringify(blocks);
    for (const word of [
      "問い合わせ者",
      "ステータス",
      "顧客返信待ち",
      "優先度",
      "緊急",
      "担当者",
      "未割り当て",
      "チーム",
      "一次対応",
      "受付",
    ])
      expect(text).toContain(word);
    const actions = blocks.find((b) => b.type === "actions") as unknown as { elements: Element[] };
    expect(actions.elements.filter((e) => e.type === "button").map((e) => e.text!.text)).toEqual(["担当する", "返信", "メモ"]);
    const select = actions.elements.find((e) => e.type === "static_select")!;
    expect(select.options!.map((o) => o.text.text)).toEqual(["新規", "対応中", "顧客返信待ち", "エスカレーション", "解決済み", "クローズ"]);
    const overflow = actions.elements.find((e) => e.type === "overflow")!;
    expect(overflow.options!.map((o) => o.text.text)).toEqual(["分割…", "統合…", "パイプラインを移動…", "フォロー／解除", "削除"]);
    expect(text).toContain("サポート · 下のスレッドが対応記録です。");
    expect(cardText(view(), ja)).toBe("#42 プリンターが動かない · 顧客返信待ち");
    expect(movedCard(view(), "C2", ja).text).toBe("#42 プリンターが動かない は <#C2>（チーム「一次対応」）に移動しました");
  });

  it("keeps the English card in English on the same configuration", () => {
    const text = JSON.stringify(cardBlocks(view(), en));
    expect(text).toContain("Waiting on customer");
    expect(text).toContain("Tier 1");
    expect(text).not.toContain("担当する");
  });

  it("stays within Block Kit's limits in both languages", () => {
    for (const catalog of [en, ja]) {
      const blocks = cardBlocks(view({ owner: { id: "bob", name: "Bob" } }), catalog);
      const actions = blocks.find((b) => b.type === "actions") as unknown as { elements: Element[] };
      for (const e of actions.elements) {
        if (e.text) expect(e.text.text.length).toBeLessThanOrEqual(slackLimits.buttonText);
        for (const o of e.options ?? []) expect(o.text.text.length).toBeLessThanOrEqual(slackLimits.optionText);
      }
      const fields = blocks.find((b) => b.block_id === "card.fields") as unknown as { fields: { text: string }[] };
      for (const f of fields.fields) expect(f.text.length).toBeLessThanOrEqual(slackLimits.sectionField);
    }
  });
});

describe("the Discord card in Japanese", () => {
  it("labels the embed, buttons and selects in Japanese, with the Japanese names from the configuration", () => {
    const m = cardMessage(view(), ja);
    const embed = m.embeds[0]!;
    expect(embed.fields!.map((f) => f.name)).toEqual(["問い合わせ者", "ステータス", "優先度", "担当者", "チーム", "受付"]);
    expect(embed.fields!.map((f) => f.value)).toEqual([
      "*なし*",
      "顧客返信待ち",
      "🚨 緊急",
      "*未割り当て*",
      "一次対応",
      expect.stringMatching(/^<t:\d+:R>$/),
    ]);
    expect(embed.footer!.text).toBe("サポート · この投稿が対応記録です。ここに書いた内容は社内メモになります。");
    const labels = JSON.stringify(m.components);
    for (const word of ["担当する", "返信", "メモ", "ステータス", "その他…", "割り当て…", "新規", "クローズ"])
      expect(labels).toContain(word);
  });

  it("stays within Discord's limits in both languages", () => {
    for (const catalog of [en, ja]) {
      const m = cardMessage(view({ owner: { id: "bob", name: "Bob" } }), catalog);
      for (const row of m.components)
        for (const c of row.components as { label?: string; options?: { label: string; description?: string }[] }[]) {
          if (c.label) expect(c.label.length).toBeLessThanOrEqual(discordLimits.buttonLabel);
          for (const o of c.options ?? []) {
            expect(o.label.length).toBeLessThanOrEqual(discordLimits.selectOptionLabel);
            expect((o.description ?? "").length).toBeLessThanOrEqual(discordLimits.selectOptionDescription);
          }
        }
      expect(m.embeds[0]!.footer!.text.length).toBeLessThanOrEqual(discordLimits.embedFooter);
    }
  });
});

describe("thread posts and direct messages in Japanese", () => {
  const f = new Formats("ja", "Asia/Tokyo");
  const note = { ticketId: 42, kind: "COMMENT", text: "確認しました", author: "Bob", cc: [] };
  const files = [
    { filename: "video.mov", size: 48 * 1024 * 1024, stored: false, url: null },
    { filename: "log.txt", size: 2048, stored: true, url: null },
  ];

  it("heads a thread post and lists its attachments in the help desk's language", () => {
    expect(threadPost(note, f).text).toBe("📝 Bob さんが社内メモを残しました: 確認しました");
    const inbound = threadPost({ ...note, kind: "INBOUND", cc: ["a@example.com"], attachments: files }, f);
    expect(JSON.stringify(inbound.blocks)).toContain("*Bob* さんからのメッセージ（CC 宛先: a@example.com）");
    expect(JSON.stringify(inbound.blocks)).toContain("video.mov（48 MB）: 大きすぎるため保存できず");
    const discord = threadParts({ ...note, kind: "REPLY", attachments: files }, f);
    expect(discord[0]).toMatch(/^📤 \*\*Bob\*\* さんがお客様に返信しました\n確認しました\n📎 video\.mov/);
    expect(threadParts({ ...note, kind: "SYSTEM" }, f)[0]).toMatch(/^⚙️ \*\*システム\*\*/);
  });

  it("tells an agent why they are notified in their language", () => {
    const view = { number: "#42", subject: "プリンター" };
    expect(notifyPost("mention", view, null, f).text).toBe("#42 プリンター であなたがメンションされました");
    expect(notifyText("assigned", view, "本文", f)).toBe("**#42** プリンター があなたに割り当てられました\n> 本文");
    expect(notifyText("unknown_reason", view, null, new Formats("en"))).toBe("About **#42** プリンター");
  });
});
