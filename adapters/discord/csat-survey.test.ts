// The satisfaction survey of a requester who wrote in Discord: the direct message with a row of five
// rating buttons in their language, the click that records the rating once (and only from them),
// the comment modal, and the rating on the ticket's card and in /ticket show.
import { embedLength } from "discord.js";
import { describe, expect, it } from "vitest";
import { buildCatalog, HelpdeskConfig } from "../../core/config.js";
import { chatSurvey, storedSurvey, type ChatSurveyCase } from "../../test/chat-survey.js";
import { testConfigInput, type TestCore } from "../../test/harness.js";
import { ticketView } from "../../test/ticket-view.js";
import { cardEmbed } from "./card.js";
import { limits } from "./escape.js";
import type { DiscordTestClient } from "./testing/client.js";
import type { FakeDiscordApi } from "./testing/discord-api.js";
import { button, chatInput, modalSubmit, rawMessage, rawUser, type Who } from "./testing/payloads.js";
import { discordSuite } from "./testing/suite.js";

let t: TestCore;
let d: DiscordTestClient;
let api: FakeDiscordApi;
discordSuite((s) => ({ t, d, api } = s));

const carol: Who = { id: "600000000000000001", name: "Carol" };
const mallory: Who = { id: "600000000000000002", name: "Mallory" };
const bob: Who = { id: "100000000000000001", name: "Bob" };

type Button = { type: number; label: string; custom_id: string; style: number };
type Post = { content: string; components: { components: Button[] }[]; allowed_mentions?: unknown; nonce?: string };

/** A survey for a new ticket of Carol's, delivered: the DM channel and the message posted there. */
async function delivered(subject: string, locale: "en" | "ja" = "en"): Promise<ChatSurveyCase & { channel: string; post: Post }> {
  const c = await chatSurvey(t, { surface: "discord", userId: carol.id, subject, locale });
  api.calls.length = 0;
  await d.drain();
  const opened = api.of("POST", "/users/@me/channels");
  expect(opened.map((o) => o.body.recipient_id)).toEqual([carol.id]);
  const sent = api.of("POST", /^\/channels\/\d+\/messages$/).filter((m) => JSON.stringify(m.body).includes("csat:rate:"));
  expect(sent).toHaveLength(1);
  const channel = /\/channels\/(\d+)\/messages/.exec(sent[0]!.path)![1]!;
  const post = sent[0]!.body as unknown as Post;
  return { ...c, channel, post };
}

/** An interaction as Discord sends it from a direct message: no server, the user without a member. */
function inDm<T extends { guild_id?: unknown; member?: unknown }>(raw: T, who: Who, channel: string) {
  const { guild_id: _guild, member: _member, ...rest } = raw;
  const dm = { ...rest, user: rawUser(who), channel_id: channel, channel: { id: channel, type: 1 }, context: 1 };
  return JSON.parse(JSON.stringify(dm)) as typeof dm & { id: string };
}

const dmMessage = (channel: string) => rawMessage(channel, { id: "610000000000000001" });

async function click(who: Who, c: { channel: string }, customId: string) {
  const raw = inDm(button(who, customId, { channelId: c.channel }, dmMessage(c.channel)), who, c.channel);
  await d.interact(raw);
  return raw;
}

async function submitComment(who: Who, c: { channel: string }, customId: string, text: string) {
  const raw = inDm({ ...modalSubmit(who, customId, { comment: text }), message: dmMessage(c.channel) }, who, c.channel);
  await d.interact(raw);
  return raw;
}

/** The edit of the clicked message (the deferred update's answer), if any. */
const editOf = (raw: { id: string }) =>
  api.webhookMessages().find((c) => c.path.endsWith(`/token-${raw.id}/messages/%40original`) && c.method === "PATCH")?.body as unknown as
    Post | undefined;
const followUpOf = (raw: { id: string }) =>
  api.webhookMessages().find((c) => c.method === "POST" && c.path.endsWith(`/token-${raw.id}`))?.body as
    { content: string; flags: number } | undefined;

describe("Discord satisfaction survey", () => {
  it("is a direct message to the requester with a row of five rating buttons, in English or Japanese, pinging nobody", async () => {
    const en = await delivered("Printer @everyone <@123> on fire");
    expect(en.post.content).toBe(
      `How did we do with your request #${en.ticketId} “Printer @\u200beveryone <\u200b@123> on fire”? Please rate our help from 1 to 5.\n*1 = very dissatisfied · 5 = very satisfied*`,
    );
    expect(en.post.components).toHaveLength(1);
    expect(en.post.components[0]!.components.map((b) => [b.label, b.custom_id])).toEqual(
      [1, 2, 3, 4, 5].map((n) => [String(n), `csat:rate:${en.surveyId}:${n}`]),
    );
    expect(en.post.allowed_mentions).toEqual({ parse: [] });
    const row = (await t.prisma.outbox.findMany({ where: { topic: "csat.chat" } })).at(-1)!;
    expect([row.status, en.post.nonce]).toEqual(["done", row.id]);

    const ja = await delivered("プリンターが動かない", "ja");
    expect(ja.post.content).toBe(
      `お問い合わせ #${ja.ticketId}「プリンターが動かない」への対応はいかがでしたか？1〜5で評価してください。\n*1 = とても不満 · 5 = とても満足*`,
    );
    expect(ja.post.components[0]!.components).toHaveLength(5);
  });

  it("records the first click's rating on the ticket, thanks with a comment button, and a second click records nothing", async () => {
    const c = await delivered("Login loop");
    const first = await click(carol, c, `csat:rate:${c.surveyId}:4`);
    expect(api.callbackFor(first.id)?.type).toBe(6);
    let stored = await storedSurvey(t, c);
    expect(stored.ticket.csatScore).toBe(4);
    expect(stored.events.map((e) => [e.type, e.data.score])).toEqual([["csat.received", 4]]);
    const thanks = editOf(first)!;
    expect(thanks.content).toBe("Thank you for your rating: 4/5.");
    expect(thanks.components[0]!.components.map((b) => [b.label, b.custom_id])).toEqual([
      ["Add a comment", `csat:comment:${c.surveyId}:4:en`],
    ]);

    const second = await click(carol, c, `csat:rate:${c.surveyId}:1`);
    stored = await storedSurvey(t, c);
    expect(stored.ticket.csatScore).toBe(4);
    expect(stored.events).toHaveLength(1);
    expect(editOf(second)!.content).toBe("You have already rated this request 4/5. Thank you!");
  });

  it("refuses a click by anyone but the requester, agents included, privately, and records nothing", async () => {
    const c = await delivered("Refund");
    for (const who of [mallory, bob]) {
      const raw = await click(who, c, `csat:rate:${c.surveyId}:1`);
      expect(editOf(raw)).toBeUndefined();
      expect(followUpOf(raw)).toMatchObject({ content: "⛔ This survey was sent to someone else.", flags: 64 });
    }
    const stored = await storedSurvey(t, c);
    expect(stored.ticket.csatScore).toBeNull();
    expect(stored.events).toEqual([]);
  });

  it("takes a comment in a modal in the requester's language, once, and says thanks in the message", async () => {
    const c = await delivered("Slow export", "ja");
    await click(carol, c, `csat:rate:${c.surveyId}:2`);
    const open = await click(carol, c, `csat:comment:${c.surveyId}:2:ja`);
    const shown = api.callbackFor(open.id)!;
    expect(shown.type).toBe(9);
    const modal = shown.data as { custom_id: string; title: string; components: { label: string; component: { max_length: number } }[] };
    expect(modal.custom_id).toBe(`csat:note:${c.surveyId}:2:ja`);
    expect(modal.title).toBe("コメント");
    expect(modal.components[0]!.label).toBe("ご意見・ご感想をお聞かせください");
    expect(modal.components[0]!.component.max_length).toBe(2000);

    const sent = await submitComment(carol, c, modal.custom_id, "Too slow @everyone");
    const stored = await storedSurvey(t, c);
    expect(stored.survey.comment).toBe("Too slow @everyone");
    expect(stored.events.map((e) => e.type)).toEqual(["csat.received", "csat.commented"]);
    expect(editOf(sent)).toMatchObject({
      content: "ご評価ありがとうございます（2/5）。\nコメントをありがとうございました。",
      components: [],
    });

    const again = await submitComment(carol, c, modal.custom_id, "again");
    expect((await storedSurvey(t, c)).survey.comment).toBe("Too slow @everyone");
    expect(editOf(again)!.content).toContain("すでに頂いています");
    // Someone else's submission is refused.
    const other = await submitComment(mallory, c, modal.custom_id, "spam");
    expect(followUpOf(other)?.content).toBe("⛔ This survey was sent to someone else.");
  });

  it("shows the rating on the ticket's card and in /ticket show, in the reader's language, the comment made inert", async () => {
    const c = await delivered("Broken invoice");
    await click(carol, c, `csat:rate:${c.surveyId}:3`);
    await submitComment(carol, c, `csat:note:${c.surveyId}:3:en`, "ok <@100000000000000001> @here");
    const link = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: c.ticketId, surface: "discord", role: "card" } });
    api.calls.length = 0;
    await d.drain();
    const edit = api.of("PATCH", `/channels/${link.threadId}/messages/${link.messageId}`).at(-1);
    expect(edit, "the card edited after the rating").toBeDefined();
    const fields = (edit!.body.embeds as { fields: { name: string; value: string }[] }[])[0]!.fields;
    expect(fields.at(-1)).toEqual({ name: "CSAT", value: "★★★☆☆ 3/5", inline: true });

    for (const [locale, rated, commented] of [
      ["en-US", "⭐ Customer rated 3/5 · <t:", "💬 Customer commented: ok <\u200b@100000000000000001> @\u200bhere · <t:"],
      ["ja", "⭐ 顧客の評価: 3/5 · <t:", "💬 顧客のコメント: ok <\u200b@100000000000000001> @\u200bhere · <t:"],
    ] as const) {
      const raw = { ...chatInput(bob, "show", { ticket: `#${c.ticketId}` }), locale };
      await d.interact(JSON.parse(JSON.stringify(raw)) as typeof raw);
      const answer = api
        .webhookMessages()
        .filter((m) => m.path.includes(`/token-${raw.id}/`))
        .at(-1)!.body as { embeds: { description?: string; fields?: { name: string; value: string }[] }[] };
      expect(answer.embeds[0]!.fields!.at(-1)).toEqual({
        name: locale === "ja" ? "顧客満足度" : "CSAT",
        value: "★★★☆☆ 3/5",
        inline: true,
      });
      const log = answer.embeds[1]!.description!;
      expect(log).toContain(rated);
      expect(log).toContain(commented);
      expect(log.indexOf(rated)).toBeLessThan(log.indexOf(commented));
      expect(log.length).toBeLessThanOrEqual(limits.embedDescription);
    }
  });
});

describe("Discord card's rating", () => {
  it("is an embed field in the help desk's language, within Discord's embed limits, and absent before a rating", () => {
    for (const [locale, label] of [
      ["en", "CSAT"],
      ["ja", "顧客満足度"],
    ] as const) {
      const catalog = buildCatalog(HelpdeskConfig.parse(testConfigInput), { locale });
      const long = ticketView({
        csatScore: 1,
        subject: "件名".repeat(2000),
        contact: { id: "c", name: "名".repeat(3000), email: "c@x.test" },
      });
      const embed = cardEmbed(long, catalog);
      expect(embed.fields!.at(-1)).toEqual({ name: label, value: "★☆☆☆☆ 1/5", inline: true });
      expect(embed.fields!.length).toBeLessThanOrEqual(limits.embedFields);
      for (const f of embed.fields!) expect(f.value.length).toBeLessThanOrEqual(limits.embedFieldValue);
      expect(embedLength(embed)).toBeLessThanOrEqual(limits.embedTotal);
      expect(cardEmbed(ticketView(), catalog).fields!.map((f) => f.name)).not.toContain(label);
    }
  });
});
