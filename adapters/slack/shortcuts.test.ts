import { describe, expect, it } from "vitest";
import { commentOnTicket } from "../../core/tickets/comment-on-ticket.js";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { replyToTicket } from "../../core/tickets/reply-to-ticket.js";
import { slackManifest } from "../../manifest/slack.js";
import { as, testConfigInput, type TestCore } from "../../test/harness.js";
import { english, Formats, type Msg, render } from "../../core/index.js";
import { shortcutIds, slackToPlain, subjectOf } from "./shortcuts.js";
import type { SlackTestApp } from "./testing/app.js";
import { slackSuite } from "./testing/suite.js";
import { shortcutHelpers } from "./testing/message-action.js";
import { eventCallback } from "./testing/requests.js";
import type { FakeSlackApi } from "./testing/slack-api.js";

let t: TestCore;
let s: SlackTestApp;
let api: FakeSlackApi;

// Cy reads Slack in Japanese (her configured locale); the others in the help desk's English.
slackSuite((x) => ({ t, s, api } = x), {
  config: {
    ...testConfigInput,
    agents: testConfigInput.agents.map((a) => (a.id === "cy" ? { ...a, slackUserId: "U0CY", locale: "ja" } : a)),
  },
});

const { o, lastAnswer, nextTs, carolInfo, create, sendAsReply } = shortcutHelpers(() => ({ s, api }));
const say = (m: Msg) => render(m, english);
const japanese = /[\u3040-\u30ff]/;
const ticketOfOrigin = async (channelId: string, messageId: string) =>
  (await t.prisma.chatLink.findFirstOrThrow({ where: { surface: "slack", role: "origin", channelId, messageId } })).ticketId;

describe("message text", () => {
  it("loses Slack's markup and keeps what it says", () => {
    expect(
      slackToPlain(
        "<!channel> see <https://x.test/a?b=1&amp;c=2|the doc> &lt;3 <@U0BOB> in <#C1|general> &amp; <mailto:a@b.test|a@b.test> <!subteam^S1>",
      ),
    ).toBe("@channel see the doc (https://x.test/a?b=1&c=2) <3 @U0BOB in #general & a@b.test (mailto:a@b.test) @group");
    expect(subjectOf("\n  The printer\tis on fire  \nplease help", "Carol", say)).toBe("The printer is on fire");
    expect(subjectOf("x".repeat(100), null, say)).toHaveLength(80);
    expect(subjectOf(" \n", "Carol", say)).toBe("Slack message from Carol");
    expect(subjectOf("", null, say)).toBe("Slack message from a Slack user");
    const ja = new Formats("ja");
    expect(subjectOf(" \n", "Carol", (m) => render(m, ja))).toBe("Carol さんの Slack メッセージ");
  });
});

describe('"Create ticket" (from a message)', () => {
  it("makes the message a Slack ticket requested by its author, linked back to it, once", async () => {
    const ts = nextTs();
    carolInfo();
    const message = { user: "U0CAROL", text: "<!channel> VPN is down &lt;again&gt;\nSince 9am, <@U0BOB> knows", ts };
    const res = await create("U0BOB", "CGENERAL", message);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    expect(api.of("users.info").map((c) => c.body.user)).toContain("U0CAROL");

    const id = await ticketOfOrigin("CGENERAL", ts);
    expect(api.responses.at(-1)?.body).toMatchObject({ response_type: "ephemeral" });
    expect(lastAnswer()).toContain(`Created *#${id}* @\u2060channel VPN is down &lt;again&gt; for Carol Customer`);
    const ticket = await t.prisma.ticket.findUniqueOrThrow({ where: { id }, include: { contact: true, messages: true, chatLinks: true } });
    expect(ticket).toMatchObject({ source: "slack", subject: "@channel VPN is down <again>" });
    expect(ticket.contact).toMatchObject({ name: "Carol Customer", email: null });
    expect(await t.prisma.chatIdentity.findMany({ where: { contactId: ticket.contact!.id } })).toMatchObject([
      { surface: "slack", externalId: "U0CAROL" },
    ]);
    expect(ticket.messages).toEqual([
      expect.objectContaining({
        kind: "INBOUND",
        text: "@channel VPN is down <again>\nSince 9am, @U0BOB knows",
        channel: "slack",
        authorContactId: ticket.contactId,
      }),
    ]);
    expect(ticket.chatLinks).toEqual([
      expect.objectContaining({ surface: "slack", role: "origin", channelId: "CGENERAL", messageId: ts, threadId: ts }),
    ]);

    // The card goes to the triage channel as for any ticket, the message into its thread, escaped.
    await s.dispatcher.runOnce();
    const card = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: id, role: "card" } });
    expect(card.channelId).toBe("CTRIAGE");
    const mirrored = api.of("chat.postMessage").find((c) => c.body.thread_ts === card.threadId);
    expect(JSON.stringify(mirrored?.body.blocks)).toContain("Carol Customer* wrote\\n@\u2060channel VPN is down &lt;again&gt;");
    expect(api.of("chat.postMessage").filter((c) => c.body.channel === "CGENERAL")).toHaveLength(0);

    // The same message again: told which ticket it is, nothing new.
    await create("U0BOB", "CGENERAL", message);
    expect(lastAnswer()).toBe(`:raised_hand: That message is already ticket #${id}.`);
    expect(await t.prisma.chatLink.count({ where: { role: "origin", channelId: "CGENERAL", messageId: ts } })).toBe(1);
    expect(await t.prisma.chatIdentity.count({ where: { surface: "slack", externalId: "U0CAROL", contactId: { not: null } } })).toBe(1);
  });

  it("names the author from the message when users.info is not allowed, and replies in the message's own thread", async () => {
    api.next("users.info", [200, { ok: false, error: "missing_scope" }]);
    const root = nextTs();
    const ts = nextTs();
    await create("U0BOB", "CSUPPORT", {
      user: "U0DAVE",
      text: "Can't log in",
      ts,
      thread_ts: root,
      user_profile: { real_name: "", display_name: "dave.d", name: "dave" },
    });
    const id = await ticketOfOrigin("CSUPPORT", ts);
    const ticket = await t.prisma.ticket.findUniqueOrThrow({ where: { id }, include: { contact: true, chatLinks: true } });
    expect(ticket.contact).toMatchObject({ name: "dave.d" });
    expect(await t.prisma.chatIdentity.findMany({ where: { contactId: ticket.contact!.id } })).toMatchObject([
      { surface: "slack", externalId: "U0DAVE" },
    ]);
    expect(ticket.chatLinks[0]).toMatchObject({ messageId: ts, threadId: root });
  });

  it("is for agents only, and refuses bot posts and messages already on a ticket", async () => {
    const before = await t.prisma.ticket.count();
    await create("U0STRANGER", "CGENERAL", { user: "U0CAROL", text: "hello", ts: nextTs() });
    expect(lastAnswer()).toContain("Only help desk agents");
    await create("U0BOB", "CGENERAL", { user: "U0CAROL", text: "hello", ts: nextTs() }, { userTeam: "T0OTHER" });
    expect(lastAnswer()).toContain("Only help desk agents");
    expect(api.of("users.info")).toHaveLength(0);
    await create("U0BOB", "CGENERAL", { bot_id: "B0OTHER", text: "deploy finished", ts: nextTs() });
    expect(lastAnswer()).toContain("Only a message a person wrote");

    const id = (await createTicket(t.deps, { subject: "carded", requester: { email: "erin@customer.test" } }, as.bob)).id;
    await s.dispatcher.runOnce();
    const card = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: id, role: "card" } });
    await create("U0BOB", "CTRIAGE", { user: "U0BOB", text: "a note", ts: nextTs(), thread_ts: card.threadId! });
    expect(lastAnswer()).toContain(`already on #${id}`);
    await create("U0BOB", "CTRIAGE", { bot_id: "B0BOT", user: "U0BOT", text: "card", ts: card.messageId! });
    expect(await t.prisma.ticket.count()).toBe(before + 1);
  });
});

describe("replies to a ticket made from a Slack message", () => {
  it("go to the origin message's thread, escaped and without pings; notes stay in the triage thread", async () => {
    const ts = nextTs();
    carolInfo();
    await create("U0BOB", "CGENERAL", { user: "U0CAROL", text: "Printer jammed", ts });
    const id = await ticketOfOrigin("CGENERAL", ts);
    await s.dispatcher.runOnce();
    const card = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: id, role: "card" } });

    const { messageId } = await replyToTicket(t.deps, { ticketId: id, text: "Fixed <!here> @everyone <@U0CAROL> & <b>done</b>" }, as.bob);
    expect(await t.prisma.outbox.count({ where: { ticketId: id, target: "slack", topic: "chat.reply" } })).toBe(1);
    expect(await t.prisma.outbox.count({ where: { ticketId: id, target: "email" } })).toBe(0);
    await commentOnTicket(t.deps, { ticketId: id, text: "internal: toner was empty" }, as.bob);
    api.calls.length = 0;
    await s.dispatcher.runOnce();

    const inOrigin = api.of("chat.postMessage").filter((c) => c.body.channel === "CGENERAL");
    expect(inOrigin).toHaveLength(1);
    expect(inOrigin[0]!.body).toMatchObject({
      thread_ts: ts,
      text: "Fixed &lt;!here&gt; @\u2060everyone &lt;@\u2060U0CAROL&gt; &amp; &lt;b&gt;done&lt;/b&gt;",
      // Form-encoded by the Web API client.
      link_names: "false",
    });
    const inCard = api.of("chat.postMessage").filter((c) => c.body.channel === "CTRIAGE" && c.body.thread_ts === card.threadId);
    // Both were written at the same instant: either order is right.
    expect(inCard.map((c) => String(c.body.text)).sort()).toEqual([
      expect.stringContaining("internal: toner was empty"),
      expect.stringContaining("replied to the customer"),
    ]);
    const refs = await t.prisma.messageRef.findMany({ where: { messageId }, orderBy: { system: "asc" } });
    expect(refs.map((r) => r.system)).toEqual(["slack", "slack.origin"]);

    // Delivered once: a second run sends nothing more.
    api.calls.length = 0;
    await s.dispatcher.runOnce();
    expect(api.of("chat.postMessage")).toHaveLength(0);
  });

  it("take the requester's answer in that thread as the customer's message, once, and nobody else's", async () => {
    const ts = nextTs();
    carolInfo();
    await create("U0BOB", "CGENERAL", { user: "U0CAROL", text: "VPN drops", ts });
    const id = await ticketOfOrigin("CGENERAL", ts);
    await replyToTicket(t.deps, { ticketId: id, text: "Which office are you in?" }, as.bob);
    await s.dispatcher.runOnce();
    const answer = { type: "message", channel: "CGENERAL", user: "U0CAROL", text: "Berlin, 3rd floor", ts: nextTs(), thread_ts: ts };
    await s.send(eventCallback("EvOrigin1", answer, o()));
    await s.send(
      eventCallback("EvOrigin1", answer, { ...o(), headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } }),
    );
    await s.send(
      eventCallback(
        "EvOrigin2",
        { type: "message", channel: "CGENERAL", user: "U0DAVE", text: "same here", ts: nextTs(), thread_ts: ts },
        o(),
      ),
    );
    const inbound = await t.prisma.message.findMany({ where: { ticketId: id, kind: "INBOUND" }, orderBy: { createdAt: "asc" } });
    expect(inbound.map((m) => [m.text, m.channel])).toEqual([
      ["VPN drops", "slack"],
      ["Berlin, 3rd floor", "slack"],
    ]);
  });

  it("reach the origin thread and the card thread when the message was in the triage channel itself", async () => {
    const ts = nextTs();
    carolInfo();
    await create("U0BOB", "CTRIAGE", { user: "U0CAROL", text: "Posted straight in triage", ts });
    const id = await ticketOfOrigin("CTRIAGE", ts);
    await s.dispatcher.runOnce();
    const card = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: id, role: "card" } });
    await replyToTicket(t.deps, { ticketId: id, text: "On it" }, as.bob);
    api.calls.length = 0;
    await s.dispatcher.runOnce();
    const threads = api
      .of("chat.postMessage")
      .map((c) => c.body.thread_ts)
      .sort();
    expect(threads).toEqual([card.threadId, ts].sort());
  });
});

describe("manifest", () => {
  it("declares both message shortcuts with the callback ids the adapter listens to", () => {
    const m = slackManifest();
    expect(m.features.shortcuts).toEqual([
      expect.objectContaining({ name: "Create ticket", type: "message", callback_id: shortcutIds.createTicket }),
      expect.objectContaining({ name: "Send as reply", type: "message", callback_id: shortcutIds.sendAsReply }),
    ]);
    // Slack refuses the manifest with a longer shortcut name.
    for (const s of m.features.shortcuts) expect(s.name.length, s.name).toBeLessThanOrEqual(24);
    expect(m.oauth_config.scopes.bot).toContain("users:read");
  });
});

describe("the shortcuts in the agent's language", () => {
  it("answers a Japanese agent's \"Create ticket\" in Japanese, and an English one's in English", async () => {
    await create("U0CY", "CGENERAL", { bot_id: "B0OTHER", text: "deploy finished", ts: nextTs() });
    expect(lastAnswer()).toBe(":warning: チケットにできるのは人が書いたメッセージだけです（書いた人が依頼者になります）。");
    await create("U0CY", "CGENERAL", { user: "U0CAROL", text: "  ", ts: nextTs() });
    expect(lastAnswer()).toBe(":warning: このメッセージにはチケットにできるテキストがありません。");

    const ts = nextTs();
    carolInfo();
    await create("U0CY", "CGENERAL", { user: "U0CAROL", text: "プリンターが動きません", ts });
    const id = await ticketOfOrigin("CGENERAL", ts);
    expect(lastAnswer()).toBe(
      `:white_check_mark: Carol Customer さんを依頼者として *#${id}* プリンターが動きません を作成しました。依頼者への返信はこのメッセージのスレッドに届き、メモはトリアージのスレッドに残ります。`,
    );

    await s.dispatcher.runOnce();
    const card = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: id, role: "card" } });
    await create("U0CY", "CTRIAGE", { user: "U0BOB", text: "a note", ts: nextTs(), thread_ts: card.threadId! });
    expect(lastAnswer()).toBe(
      `:information_source: このメッセージはすでに #${id} に含まれています。顧客に送るには *返信として送信* を使うか、カードから分割してください。`,
    );
    await create("U0BOB", "CTRIAGE", { user: "U0BOB", text: "a note", ts: nextTs(), thread_ts: card.threadId! });
    expect(lastAnswer()).toBe(
      `:information_source: That message is already on #${id}. Use *Send as reply* to send it to the customer, or split it off from the card.`,
    );
  });

  it('answers a Japanese agent\'s "Send as reply" and shows its confirmation in Japanese', async () => {
    await sendAsReply("U0CY", "CGENERAL", { user: "U0CY", text: "hello", ts: nextTs() });
    expect(lastAnswer()).toBe(":information_source: *返信として送信* は、チケットカードのスレッド内のメッセージで使えます。");

    const id = (await createTicket(t.deps, { subject: "VPN", requester: { email: "erin@customer.test" } }, as.bob)).id;
    await s.dispatcher.runOnce();
    const card = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: id, role: "card" } });
    const thread = card.threadId!;
    await sendAsReply("U0CY", "CTRIAGE", { user: "U0CY", text: "   ", ts: nextTs(), thread_ts: thread });
    expect(lastAnswer()).toBe(":warning: このメッセージには送信できるテキストがありません。");
    await sendAsReply("U0CY", "CTRIAGE", { user: "U0CY", text: "x".repeat(3001), ts: nextTs(), thread_ts: thread });
    expect(lastAnswer()).toBe(`:warning: このメッセージはここから送るには長すぎます。#${id} のカードの *返信* を使ってください。`);

    await sendAsReply("U0CY", "CTRIAGE", { user: "U0CY", text: "再起動してください", ts: nextTs(), thread_ts: thread });
    const view = api.of("views.open").at(-1)!.body.view as {
      title: { text: string };
      submit: { text: string };
      close: { text: string };
      blocks: { text?: { text: string }; label?: { text: string } }[];
    };
    expect(view.title.text).toBe(`#${id} への返信`);
    expect(view.submit.text).toBe("送信");
    expect(view.close.text).toBe("キャンセル");
    expect(view.blocks[0]!.text!.text).toBe(`この内容を *#${id}* VPN への返信として erin@customer.test に送信しますか？`);
    expect(view.blocks[1]!.label!.text).toBe("顧客への返信");
  });

  it("names a Slack requester in Japanese in the confirmation", async () => {
    const origin = nextTs();
    carolInfo();
    await create("U0BOB", "CGENERAL", { user: "U0CAROL", text: "Wifi flaky", ts: origin });
    const id = await ticketOfOrigin("CGENERAL", origin);
    await s.dispatcher.runOnce();
    const card = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: id, role: "card" } });
    await sendAsReply("U0CY", "CTRIAGE", { user: "U0CY", text: "5GHz をお試しください", ts: nextTs(), thread_ts: card.threadId! });
    const view = api.of("views.open").at(-1)!.body.view as { blocks: { text?: { text: string } }[] };
    const ask = view.blocks[0]!.text!.text;
    expect(ask).toMatch(japanese);
    expect(ask).toContain("Slack の Carol Customer さん（依頼元メッセージのスレッド）に送信しますか？");
  });
});
