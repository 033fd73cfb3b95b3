// The survey of a customer in a Slack Connect channel, who has no direct conversation with the bot:
// the customer writes in the channel (an Events API payload), the core sends the survey, Slack (nock)
// refuses the direct message, and the survey lands in the customer's thread addressed to them by
// name. Only their click counts; a colleague's is refused privately and records nothing.
import { describe, expect, it } from "vitest";
import { sendSurvey as queueSurvey } from "../../core/csat/send-survey.js";
import { storedSurvey } from "../../test/chat-survey.js";
import type { TestCore } from "../../test/harness.js";
import type { SlackTestApp } from "./testing/app.js";
import { channelMessage, memberOf, useCustomerChannelApp } from "./testing/customers.js";
import { eventCallback, signedRequest, teamId, triggerId, viewSubmission } from "./testing/requests.js";
import type { FakeSlackApi } from "./testing/slack-api.js";

let t: TestCore;
let s: SlackTestApp;
let api: FakeSlackApi;

useCustomerChannelApp((app) => ({ t, s, api } = app));

const GLOBEX = "T0GLOBEX";
const o = () => ({ nowMs: s.nowMs() });
type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: { action_id?: string; value?: string; text: unknown }[];
};
const blocksOf = (body: Record<string, unknown>) => body.blocks as Block[];

async function drain() {
  for (let i = 0; i < 6; i++) await s.dispatcher.runOnce();
}

/** A customer of another organisation writes in the shared channel; their ticket's survey is queued. */
async function customerSurveyed(user: string, name: string, subject: string, locale: "en" | "ja" = "en") {
  memberOf(api, user, GLOBEX, { real_name: name, locale: locale === "ja" ? "ja-JP" : "en-US" });
  const e = channelMessage("CCUST", user, subject, { user_team: GLOBEX });
  await s.send(eventCallback(`Ev${e.ts}`, e, o()));
  const link = await t.prisma.chatLink.findFirstOrThrow({ where: { role: "origin", channelId: "CCUST", messageId: e.ts } });
  const { contactId } = await t.prisma.ticket.findUniqueOrThrow({ where: { id: link.ticketId } });
  await t.prisma.contact.update({ where: { id: contactId! }, data: { locale } });
  await drain();
  api.calls.length = 0;
  const sent = await t.deps.db.transaction().execute((tx) => queueSurvey(tx, t.deps, link.ticketId));
  if (!sent.sent) throw new Error(`no survey: ${sent.reason}`);
  return { ticketId: link.ticketId, surveyId: sent.surveyId, ts: e.ts };
}

/** The survey's outbox row. */
async function surveyRow(surveyId: string) {
  const rows = await t.prisma.outbox.findMany({ where: { topic: "csat.chat" } });
  return rows.find((r) => JSON.stringify(r.payload).includes(surveyId))!;
}

/** The survey posted in the customer channel's threads (not the acknowledgement or any other post there). */
const threadSurveys = () =>
  api.of("chat.postMessage").filter((p) => p.body.channel === "CCUST" && JSON.stringify(p.body.blocks ?? []).includes("csat.rate"));

/**
 * A rating button clicked on the survey in the thread: the container is that message.
 * @see https://api.slack.com/reference/interaction-payloads/block-actions
 */
function threadClick(user: string, userTeam: string, place: { ts: string; thread: string }, action: Record<string, unknown>): Request {
  const payload = {
    type: "block_actions",
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: userTeam },
    api_app_id: "A0HELP",
    token: "legacy",
    container: { type: "message", message_ts: place.ts, channel_id: "CCUST", is_ephemeral: false, thread_ts: place.thread },
    trigger_id: triggerId(),
    team: { id: userTeam, domain: "globex" },
    is_enterprise_install: false,
    channel: { id: "CCUST", name: "globex-support" },
    message: { type: "message", ts: place.ts, thread_ts: place.thread, text: "survey" },
    state: { values: {} },
    response_url: `https://hooks.slack.com/actions/${teamId}/1/resp-${user}`,
    actions: [{ action_ts: "1767600001.000000", ...action }],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return signedRequest(body, "application/x-www-form-urlencoded", { nowMs: s.nowMs() });
}

describe("Slack survey of a customer in a shared channel", () => {
  it("goes in the customer's thread by name, with the rating buttons, when Slack refuses the direct conversation", async () => {
    const c = await customerSurveyed("U0DAVE", "Dave <!here>", "Export fails @channel");
    api.next("conversations.open", [200, { ok: false, error: "user_not_found" }]);
    await drain();
    const [post, ...more] = threadSurveys();
    expect(more).toEqual([]);
    expect(post!.body.thread_ts).toBe(c.ts);
    const blocks = blocksOf(post!.body);
    expect(blocks[0]!.text!.text).toBe(
      `Dave &lt;!here&gt;, how did we do with your request #${c.ticketId} “Export fails @\u2060channel”? Please rate our help from 1 to 5.`,
    );
    expect(String(post!.body.text)).toBe(`Dave &lt;!here&gt;, how did we do with your request #${c.ticketId}? Rate us from 1 to 5.`);
    expect(JSON.stringify(post!.body)).not.toMatch(/<@U0DAVE>|<!here>/);
    const buttons = blocks.find((b) => b.type === "actions")!.elements!;
    expect(buttons.map((b) => [b.action_id, b.value])).toEqual([1, 2, 3, 4, 5].map((n) => [`csat.rate.${n}`, c.surveyId]));
    expect(JSON.stringify(blocks.at(-1))).toContain("Only Dave &lt;!here&gt;, who made this request, can answer.");
    expect((await surveyRow(c.surveyId)).status).toBe("done");
  });

  it("takes the requester's click only: a colleague is told privately in the survey's language and nothing is recorded", async () => {
    const c = await customerSurveyed("U0ERIN", "Erin", "請求書が表示されない", "ja");
    api.next("conversations.open", [200, { ok: true, channel: { id: "D0ERIN" } }]);
    api.next("chat.postMessage", [200, { ok: false, error: "restricted_action" }], { channel: "D0ERIN" });
    await drain();
    const post = threadSurveys()[0]!;
    expect(blocksOf(post.body)[0]!.text!.text).toBe(
      `Erin様、お問い合わせ #${c.ticketId}「請求書が表示されない」への対応はいかがでしたか？1〜5で評価してください。`,
    );
    const place = { ts: "1767600000.900001", thread: c.ts };
    const button = (score: number) => ({
      type: "button",
      action_id: `csat.rate.${score}`,
      block_id: blocksOf(post.body).find((b) => b.type === "actions")!.block_id,
      value: c.surveyId,
    });

    api.calls.length = 0;
    await s.send(threadClick("U0FRANK", GLOBEX, place, button(1)));
    let stored = await storedSurvey(t, c);
    expect(stored.ticket.csatScore).toBeNull();
    expect(stored.survey.score).toBeNull();
    expect(stored.events).toEqual([]);
    expect(api.of("chat.update")).toEqual([]);
    expect(api.responses.map((r) => [r.body.text, r.body.response_type])).toEqual([
      [":no_entry: このアンケートは別の方に送られたものです。", "ephemeral"],
    ]);

    await s.send(threadClick("U0ERIN", GLOBEX, place, button(5)));
    stored = await storedSurvey(t, c);
    expect(stored.ticket.csatScore).toBe(5);
    expect(stored.events.map((e) => [e.type, e.data.score])).toEqual([["csat.received", 5]]);
    const update = api.of("chat.update").at(-1)!.body;
    expect([update.channel, update.ts]).toEqual(["CCUST", place.ts]);
    const after = blocksOf(update);
    expect(after[0]!.text!.text).toBe("ご評価ありがとうございます（5/5）。");
    expect(after[1]!.elements!.map((b) => [b.action_id, b.value])).toEqual([["csat.comment", `${c.surveyId}:5:ja`]]);

    // The comment button opens the modal for whoever clicks; it knows the survey's message and thread.
    api.calls.length = 0;
    await s.send(threadClick("U0FRANK", GLOBEX, place, { type: "button", action_id: "csat.comment", value: `${c.surveyId}:5:ja` }));
    const view = api.of("views.open")[0]!.body.view as { callback_id: string; private_metadata: string };
    expect(JSON.parse(view.private_metadata)).toEqual({ s: c.surveyId, n: 5, l: "ja", c: "CCUST", t: place.ts, h: place.thread });

    // A colleague's comment is refused in the thread, seen by them only, and stores nothing.
    await s.send(viewSubmission("U0FRANK", view, { comment: { type: "plain_text_input", value: "hi" } }, o()));
    expect((await storedSurvey(t, c)).survey.comment).toBeNull();
    expect(api.of("chat.update")).toEqual([]);
    const notice = api.of("chat.postEphemeral").at(-1)!.body;
    expect([notice.channel, notice.user, notice.thread_ts, notice.text]).toEqual([
      "CCUST",
      "U0FRANK",
      place.thread,
      ":no_entry: このアンケートは別の方に送られたものです。",
    ]);

    // The requester's comment is kept, and the survey's message in the thread says thanks.
    await s.send(viewSubmission("U0ERIN", view, { comment: { type: "plain_text_input", value: "早い対応でした" } }, o()));
    expect((await storedSurvey(t, c)).survey.comment).toBe("早い対応でした");
    const thanked = api.of("chat.update").at(-1)!.body;
    expect([thanked.channel, thanked.ts, blocksOf(thanked)[0]!.text!.text]).toEqual([
      "CCUST",
      place.ts,
      "ご評価ありがとうございます（5/5）。\nコメントをありがとうございました。",
    ]);
  });

  it("stays a direct message when Slack takes it: nothing in the thread", async () => {
    await customerSurveyed("U0GWEN", "Gwen", "Slow dashboard");
    api.next("conversations.open", [200, { ok: true, channel: { id: "D0GWEN" } }]);
    await drain();
    expect(api.of("chat.postMessage").filter((p) => p.body.channel === "D0GWEN")).toHaveLength(1);
    expect(threadSurveys()).toEqual([]);
  });

  it("waits for the direct message when Slack only asks to slow down: nothing in the thread, the row is tried again", async () => {
    const c = await customerSurveyed("U0IRIS", "Iris", "Rate limited");
    api.next("conversations.open", [429, { ok: false, error: "ratelimited" }, { "retry-after": "30" }]);
    await s.dispatcher.runOnce();
    expect(threadSurveys()).toEqual([]);
    const row = await surveyRow(c.surveyId);
    expect([row.status, row.lastError]).toEqual(["pending", "Slack conversations.open: rate limited"]);
  });

  it("fails as before when Slack refuses both the direct message and the thread", async () => {
    const c = await customerSurveyed("U0HANK", "Hank", "Locked out");
    api.next("conversations.open", [200, { ok: false, error: "user_not_found" }]);
    api.next("chat.postMessage", [200, { ok: false, error: "not_in_channel" }], { channel: "CCUST" });
    await drain();
    const row = await surveyRow(c.surveyId);
    expect(row.status).toBe("failed");
    expect(row.lastError).toMatch(/not_in_channel/);
  });
});
