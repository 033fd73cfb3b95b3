// The satisfaction survey of a requester who wrote in Slack: the direct message with five rating
// buttons in their language, the click that records the rating once (and only from them), the
// comment modal, and the rating on the ticket's card and in /ticket show.
import { describe, expect, it } from "vitest";
import { buildCatalog, HelpdeskConfig } from "../../core/config.js";
import { chatSurvey, storedSurvey, type ChatSurveyCase } from "../../test/chat-survey.js";
import { testConfigInput, type TestCore } from "../../test/harness.js";
import { ticketView } from "../../test/ticket-view.js";
import { cardBlocks } from "./card.js";
import { limits } from "./escape.js";
import type { SlackTestApp } from "./testing/app.js";
import { blockAction, slashCommand, viewSubmission } from "./testing/requests.js";
import type { FakeSlackApi } from "./testing/slack-api.js";
import { slackSuite } from "./testing/suite.js";

let t: TestCore;
let s: SlackTestApp;
let api: FakeSlackApi;
slackSuite((x) => ({ t, s, api } = x));

const CAROL = "U0CAROL";
const DM = "D0CAROL";

type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  fields?: { text: string }[];
  elements?: { type?: string; text: string | { text: string }; action_id?: string; value?: string }[];
};
const blocksOf = (body: Record<string, unknown>) => body.blocks as Block[];
const textOf = (blocks: Block[]) => JSON.stringify(blocks);

async function drain() {
  for (let i = 0; i < 6; i++) await s.dispatcher.runOnce();
}

/** A survey for a new ticket of Carol's, delivered: the DM it became. */
async function delivered(subject: string, locale: "en" | "ja" = "en"): Promise<ChatSurveyCase & { dm: Record<string, unknown> }> {
  const c = await chatSurvey(t, { surface: "slack", userId: CAROL, subject, locale });
  api.next("conversations.open", [200, { ok: true, channel: { id: DM } }]);
  await drain();
  const dm = api.of("chat.postMessage").find((p) => p.body.channel === DM);
  expect(dm, "the survey DM").toBeDefined();
  return { ...c, dm: dm!.body };
}

const rate = (user: string, c: ChatSurveyCase, score: number) =>
  s.send(
    blockAction(user, { type: "button", action_id: `csat.rate.${score}`, block_id: "csat.rate", value: c.surveyId }, { nowMs: s.nowMs() }),
  );

describe("Slack satisfaction survey", () => {
  it("is a direct message to the requester with five rating buttons, in English or Japanese, the subject pinging nobody", async () => {
    const en = await delivered("Printer <!here> on fire @channel");
    expect(api.of("conversations.open").map((c) => c.body.users)).toEqual([CAROL]);
    const blocks = blocksOf(en.dm);
    expect(blocks[0]!.text!.text).toBe(
      `How did we do with your request #${en.ticketId} “Printer &lt;!here&gt; on fire @\u2060channel”? Please rate our help from 1 to 5.`,
    );
    const buttons = blocks.find((b) => b.type === "actions")!.elements!;
    expect(buttons.map((b) => [(b.text as { text: string }).text, b.action_id, b.value])).toEqual(
      [1, 2, 3, 4, 5].map((n) => [String(n), `csat.rate.${n}`, en.surveyId]),
    );
    expect(textOf(blocks)).toContain("1 = very dissatisfied · 5 = very satisfied");
    expect(String(en.dm.text)).toBe(`How did we do with your request #${en.ticketId}? Rate us from 1 to 5.`);

    api.calls.length = 0;
    const ja = await delivered("プリンターが動かない", "ja");
    const jaBlocks = blocksOf(ja.dm);
    expect(jaBlocks[0]!.text!.text).toBe(
      `お問い合わせ #${ja.ticketId}「プリンターが動かない」への対応はいかがでしたか？1〜5で評価してください。`,
    );
    expect(jaBlocks.find((b) => b.type === "actions")!.elements).toHaveLength(5);
    expect(textOf(jaBlocks)).toContain("1 = とても不満 · 5 = とても満足");
    const rows = await t.prisma.outbox.findMany({ where: { topic: "csat.chat" } });
    expect(rows.map((r) => r.status)).toEqual(["done", "done"]);
  });

  it("posts the DM once when its row is delivered again (a lease that ran out, a stop before marking it done)", async () => {
    await delivered("Double trouble");
    const row = (await t.prisma.outbox.findMany({ where: { topic: "csat.chat" } })).at(-1)!;
    await t.prisma.outbox.update({
      where: { id: row.id },
      data: { status: "pending", deliveredAt: null, lockedBy: null, lockedUntil: null },
    });
    api.next("conversations.open", [200, { ok: true, channel: { id: DM } }]);
    await drain();
    expect((await t.prisma.outbox.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("done");
    expect(api.of("chat.postMessage").filter((p) => p.body.channel === DM)).toHaveLength(1);
    expect(api.of("conversations.open")).toHaveLength(1);
  });

  it("fails as before when Slack refuses the DM of a requester whose ticket is not from a customer channel: nothing in its thread", async () => {
    const c = await chatSurvey(t, { surface: "slack", userId: "U0IVY", subject: "Shortcut ticket" });
    api.next("conversations.open", [200, { ok: false, error: "user_not_found" }]);
    await drain();
    // The ticket's card goes to triage as ever; no survey is posted anywhere, its origin's thread included.
    expect(api.of("chat.postMessage").filter((p) => p.body.channel === "CHELP" || JSON.stringify(p.body).includes("csat.rate"))).toEqual(
      [],
    );
    const rows = await t.prisma.outbox.findMany({ where: { topic: "csat.chat" } });
    const row = rows.find((r) => JSON.stringify(r.payload).includes(c.surveyId))!;
    expect([row.status, row.lastError]).toEqual(["failed", "Slack conversations.open: user_not_found"]);
  });

  it("records the first click's rating on the ticket, thanks with a comment button, and a second click records nothing", async () => {
    const c = await delivered("Login loop");
    api.calls.length = 0;
    await rate(CAROL, c, 4);
    let stored = await storedSurvey(t, c);
    expect(stored.ticket.csatScore).toBe(4);
    expect(stored.survey.score).toBe(4);
    expect(stored.events.map((e) => [e.type, e.data.score])).toEqual([["csat.received", 4]]);
    const update = api.of("chat.update").at(-1)!.body;
    // The clicked message itself (the container of the click) becomes the thank-you.
    expect([update.channel, update.ts]).toEqual(["CTRIAGE", "1767600000.000100"]);
    expect(blocksOf(update)[0]!.text!.text).toBe("Thank you for your rating: 4/5.");
    const comment = blocksOf(update)[1]!.elements![0]!;
    expect([comment.action_id, comment.value, (comment.text as { text: string }).text]).toEqual([
      "csat.comment",
      `${c.surveyId}:4:en`,
      "Add a comment",
    ]);

    api.calls.length = 0;
    await rate(CAROL, c, 1);
    stored = await storedSurvey(t, c);
    expect(stored.ticket.csatScore).toBe(4);
    expect(stored.events).toHaveLength(1);
    expect(blocksOf(api.of("chat.update").at(-1)!.body)[0]!.text!.text).toBe("You have already rated this request 4/5. Thank you!");
  });

  it("refuses a click by anyone but the requester, agents included, and records nothing", async () => {
    const c = await delivered("Refund");
    api.calls.length = 0;
    await rate("U0MALLORY", c, 1);
    await rate("U0BOB", c, 5);
    const stored = await storedSurvey(t, c);
    expect(stored.ticket.csatScore).toBeNull();
    expect(stored.events).toEqual([]);
    expect(api.of("chat.update")).toEqual([]);
    expect(api.responses.map((r) => [r.body.text, r.body.response_type])).toEqual([
      [":no_entry: This survey was sent to someone else.", "ephemeral"],
      [":no_entry: This survey was sent to someone else.", "ephemeral"],
    ]);
  });

  it("takes a comment in a modal in the requester's language, once, and says thanks in the message", async () => {
    const c = await delivered("Slow export", "ja");
    await rate(CAROL, c, 2);
    api.calls.length = 0;
    await s.send(
      blockAction(
        CAROL,
        { type: "button", action_id: "csat.comment", block_id: "csat.after", value: `${c.surveyId}:2:ja` },
        { nowMs: s.nowMs() },
      ),
    );
    const view = api.of("views.open")[0]!.body.view as {
      callback_id: string;
      private_metadata: string;
      title: { text: string };
      blocks: Block[];
    };
    expect(view.callback_id).toBe("csat.comment");
    expect(view.title.text).toBe("コメント");
    expect(view.title.text.length).toBeLessThanOrEqual(limits.modalTitle);
    expect(textOf(view.blocks)).toContain("ご意見・ご感想をお聞かせください");

    // An empty comment is refused beside its field, before anything is stored.
    const empty = await s.send(viewSubmission(CAROL, view, { comment: { type: "plain_text_input", value: "  " } }, { nowMs: s.nowMs() }));
    expect(await empty.json()).toMatchObject({ response_action: "errors", errors: { comment: expect.stringMatching(/コメント/) } });
    expect((await storedSurvey(t, c)).survey.comment).toBeNull();

    await s.send(
      viewSubmission(CAROL, view, { comment: { type: "plain_text_input", value: "Too slow <!channel>" } }, { nowMs: s.nowMs() }),
    );
    const stored = await storedSurvey(t, c);
    expect(stored.survey.comment).toBe("Too slow <!channel>");
    expect(stored.events.map((e) => e.type)).toEqual(["csat.received", "csat.commented"]);
    const update = api.of("chat.update").at(-1)!.body;
    expect(update.ts).toBe("1767600000.000100");
    expect(blocksOf(update)[0]!.text!.text).toBe("ご評価ありがとうございます（2/5）。\nコメントをありがとうございました。");
    expect(blocksOf(update)).toHaveLength(1);

    // A second submission stores nothing more.
    await s.send(viewSubmission(CAROL, view, { comment: { type: "plain_text_input", value: "again" } }, { nowMs: s.nowMs() }));
    expect((await storedSurvey(t, c)).survey.comment).toBe("Too slow <!channel>");
  });

  it("shows the rating on the ticket's card and in /ticket show, the comment escaped", async () => {
    const c = await delivered("Broken invoice");
    await rate(CAROL, c, 3);
    const link = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: c.ticketId, surface: "slack", role: "card" } });
    api.calls.length = 0;
    await drain();
    const card = api.of("chat.update").find((u) => u.body.ts === link.messageId);
    expect(card, "the card updated after the rating").toBeDefined();
    const fields = blocksOf(card!.body).find((b) => b.block_id === "card.fields")!.fields!;
    expect(fields.at(-1)!.text).toBe("*CSAT*\n★★★☆☆ 3/5");

    const view = { callback_id: "csat.comment", private_metadata: JSON.stringify({ s: c.surveyId, n: 3, l: "en", c: DM, t: "1.2" }) };
    await s.send(viewSubmission(CAROL, view, { comment: { type: "plain_text_input", value: "ok <@U0BOB> @here" } }, { nowMs: s.nowMs() }));
    await s.send(slashCommand("U0BOB", `show #${c.ticketId}`, { nowMs: s.nowMs() }));
    const shown = textOf(api.responses.at(-1)!.body.blocks as Block[]);
    expect(shown).toContain("*CSAT* ★★★☆☆ 3/5");
    expect(shown).toContain(":star: Customer rated 3/5 · <!date^");
    expect(shown).toContain(":speech_balloon: Customer commented: ok &lt;@\u2060U0BOB&gt; @\u2060here · <!date^");
    expect(shown).not.toContain("<@U0BOB>");
  });
});

describe("Slack card's rating", () => {
  it("is a field in the help desk's language, within Slack's section limits, and absent before a rating", () => {
    for (const [locale, label] of [
      ["en", "CSAT"],
      ["ja", "顧客満足度"],
    ] as const) {
      const catalog = buildCatalog(HelpdeskConfig.parse(testConfigInput), { locale });
      const long = ticketView({
        csatScore: 5,
        subject: "件名".repeat(2000),
        contact: { id: "c", name: "名".repeat(3000), email: "c@x.test" },
      });
      const fields = blocksOf({ blocks: cardBlocks(long, catalog) }).find((b) => b.block_id === "card.fields")!.fields!;
      expect(fields.at(-1)!.text).toBe(`*${label}*\n★★★★★ 5/5`);
      expect(fields.length).toBeLessThanOrEqual(limits.sectionFields);
      for (const f of fields) expect(f.text.length).toBeLessThanOrEqual(limits.sectionField);
      const none = blocksOf({ blocks: cardBlocks(ticketView(), catalog) }).find((b) => b.block_id === "card.fields")!.fields!;
      expect(none.map((f) => f.text).join()).not.toContain(label);
    }
  });
});
