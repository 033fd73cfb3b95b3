// The "Send as reply" message shortcut: an agent's message in a card thread, confirmed in a
// modal, goes to the customer (by email, or back to the Slack thread a ticket came from).
import { describe, expect, it } from "vitest";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { as, type TestCore } from "../../test/harness.js";
import { sendAsReplyModalId } from "./shortcuts.js";
import type { SlackTestApp } from "./testing/app.js";
import { slackSuite } from "./testing/suite.js";
import { shortcutHelpers } from "./testing/message-action.js";
import { viewSubmission } from "./testing/requests.js";
import type { FakeSlackApi } from "./testing/slack-api.js";

let t: TestCore;
let s: SlackTestApp;
let api: FakeSlackApi;

slackSuite((x) => ({ t, s, api } = x));

const { o, lastAnswer, nextTs, carolInfo, create, sendAsReply } = shortcutHelpers(() => ({ s, api }));
const ticketOfOrigin = async (channelId: string, messageId: string) =>
  (await t.prisma.chatLink.findFirstOrThrow({ where: { surface: "slack", role: "origin", channelId, messageId } })).ticketId;

describe('"Send as reply"', () => {
  async function cardThread(requester: { email: string } | null = { email: "frank@customer.test" }) {
    const id = (await createTicket(t.deps, { subject: "send me", ...(requester ? { requester } : {}) }, as.bob)).id;
    await s.dispatcher.runOnce();
    const card = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: id, role: "card" } });
    return { id, thread: card.threadId! };
  }

  it("confirms the text in a modal, then sends it to the customer", async () => {
    const { id, thread } = await cardThread();
    const res = await sendAsReply("U0BOB", "CTRIAGE", {
      user: "U0BOB",
      text: "Hi Frank &amp; team, the fix is live <https://status.test|here>",
      ts: nextTs(),
      thread_ts: thread,
    });
    expect(await res.text()).toBe("");
    const view = api.of("views.open").at(-1)!.body.view as {
      callback_id: string;
      private_metadata: string;
      title: { text: string };
      submit: { text: string };
      blocks: { type: string; block_id?: string; text?: { text: string }; element?: { initial_value?: string } }[];
    };
    expect(view).toMatchObject({ callback_id: sendAsReplyModalId, title: { text: `Reply on #${id}` }, submit: { text: "Send" } });
    expect(view.blocks[0]!.text!.text).toContain(`Send this to frank@customer.test, as a reply on *#${id}* send me?`);
    const text = "Hi Frank & team, the fix is live here (https://status.test)";
    expect(view.blocks[1]).toMatchObject({ block_id: "text", element: { initial_value: text } });
    expect(await t.prisma.message.count({ where: { ticketId: id, kind: "REPLY" } })).toBe(0);

    const sent = await s.send(viewSubmission("U0BOB", view, { text: { type: "plain_text_input", value: text } }, o()));
    expect(await sent.text()).toBe("");
    expect(await t.prisma.message.findFirstOrThrow({ where: { ticketId: id, kind: "REPLY" } })).toMatchObject({
      text,
      authorAgentId: "bob",
      channel: "email",
    });
    expect(await t.prisma.outbox.count({ where: { ticketId: id, target: "email", topic: "email.reply" } })).toBe(1);
  });

  it("sends a Slack-made ticket's reply back to its Slack thread", async () => {
    const origin = nextTs();
    carolInfo();
    await create("U0BOB", "CGENERAL", { user: "U0CAROL", text: "Wifi flaky", ts: origin });
    const id = await ticketOfOrigin("CGENERAL", origin);
    await s.dispatcher.runOnce();
    const card = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: id, role: "card" } });
    await sendAsReply("U0BOB", "CTRIAGE", { user: "U0BOB", text: "Try the 5GHz network", ts: nextTs(), thread_ts: card.threadId! });
    const view = api.of("views.open").at(-1)!.body.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { text?: { text: string } }[];
    };
    expect(view.blocks[0]!.text!.text).toContain("Carol Customer in Slack, in the thread of their message");
    await s.send(viewSubmission("U0BOB", view, { text: { type: "plain_text_input", value: "Try the 5GHz network" } }, o()));
    api.calls.length = 0;
    await s.dispatcher.runOnce();
    expect(api.of("chat.postMessage").find((c) => c.body.channel === "CGENERAL")?.body).toMatchObject({
      thread_ts: origin,
      text: "Try the 5GHz network",
    });
  });

  it("is refused outside a card thread, for non-agents, and shows core refusals on the field", async () => {
    const { id, thread } = await cardThread(null);
    await sendAsReply("U0BOB", "CGENERAL", { user: "U0BOB", text: "top level", ts: nextTs() });
    expect(lastAnswer()).toContain("works on a message in a ticket card's thread");
    await sendAsReply("U0BOB", "CTRIAGE", { user: "U0BOB", text: "some other thread", ts: nextTs(), thread_ts: "1767000000.000001" });
    expect(lastAnswer()).toContain("works on a message in a ticket card's thread");
    await sendAsReply("U0BOB", "CTRIAGE", { user: "U0BOB", text: "the card", ts: thread });
    expect(lastAnswer()).toContain("works on a message in a ticket card's thread");
    await sendAsReply("U0STRANGER", "CTRIAGE", { user: "U0BOB", text: "hi", ts: nextTs(), thread_ts: thread });
    expect(lastAnswer()).toContain("Only help desk agents");
    expect(api.of("views.open")).toHaveLength(0);

    const meta = { callback_id: sendAsReplyModalId, private_metadata: JSON.stringify({ ticketId: id }) };
    const stranger = await s.send(viewSubmission("U0STRANGER", meta, { text: { type: "plain_text_input", value: "hi" } }, o()));
    expect(await stranger.json()).toMatchObject({
      response_action: "errors",
      errors: { text: expect.stringContaining("Only help desk agents") },
    });
    const empty = await s.send(viewSubmission("U0BOB", meta, { text: { type: "plain_text_input", value: "  " } }, o()));
    expect(await empty.json()).toEqual({ response_action: "errors", errors: { text: "Required." } });
    // No requester to write to: the core's refusal shows on the text field.
    const nobody = await s.send(viewSubmission("U0BOB", meta, { text: { type: "plain_text_input", value: "hello?" } }, o()));
    expect(await nobody.json()).toMatchObject({
      response_action: "errors",
      errors: { text: expect.stringContaining("no requester address") },
    });
    expect(await t.prisma.message.count({ where: { ticketId: id, kind: "REPLY" } })).toBe(0);
  });
});
