// The Events API in a card's thread: what agents write there becomes an internal note, once,
// however often Slack retries the event; anyone else is answered privately.
import { describe, expect, it } from "vitest";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { as, type TestCore } from "../../test/harness.js";
import type { SlackTestApp } from "./testing/app.js";
import { eventCallback } from "./testing/requests.js";
import type { FakeSlackApi } from "./testing/slack-api.js";
import { slackSuite } from "./testing/suite.js";

let t: TestCore;
let s: SlackTestApp;
let api: FakeSlackApi;

slackSuite((x) => ({ t, s, api } = x));

const o = () => ({ nowMs: s.nowMs() });
const ticket = async (subject: string) => (await createTicket(t.deps, { subject, requester: { email: "carol@customer.test" } }, as.ada)).id;

describe("card thread", () => {
  it("saves an agent's thread message as an internal note once, however often Slack retries it", async () => {
    const id = await ticket("threaded");
    await s.dispatcher.runOnce();
    const link = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: id, role: "card" } });
    const event = {
      type: "message",
      channel: "CTRIAGE",
      user: "U0BOB",
      text: "Called <@U0BOB>, they'll retry",
      ts: "1767600100.000200",
      thread_ts: link.threadId,
      channel_type: "channel",
    };
    const first = await s.send(eventCallback("Ev0001", event, o()));
    expect(first.status).toBe(200);
    await s.send(eventCallback("Ev0001", event, { ...o(), headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } }));
    const notes = await t.prisma.message.findMany({ where: { ticketId: id, kind: "COMMENT" }, include: { refs: true } });
    expect(notes).toHaveLength(1);
    // The claim on the event is an expiring key, not a lease.
    expect(await t.prisma.expiringKey.count({ where: { namespace: "chat-event", key: "slack:Ev0001" } })).toBe(1);
    expect(await t.prisma.lease.count()).toBe(0);
    // The mention reads "@Bob", with a word joiner after the "@" (see resolvedMention).
    expect(notes[0]).toMatchObject({ text: "Called @\u2060Bob, they'll retry", channel: "slack", authorAgentId: "bob" });
    expect(notes[0]!.refs).toEqual([expect.objectContaining({ system: "slack", externalId: `CTRIAGE:1767600100.000200` })]);
    // Mirroring skips the thread it was typed in.
    api.calls.length = 0;
    await s.dispatcher.runOnce();
    expect(api.of("chat.postMessage").filter((c) => c.body.thread_ts === link.threadId)).toHaveLength(0);
  });

  it("answers a non-agent in the thread privately and saves nothing", async () => {
    const id = await ticket("guest");
    await s.dispatcher.runOnce();
    const link = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: id, role: "card" } });
    await s.send(
      eventCallback(
        "Ev0002",
        { type: "message", channel: "CTRIAGE", user: "U0GUEST", text: "hello", ts: "1767600200.000300", thread_ts: link.threadId },
        o(),
      ),
    );
    expect(api.of("chat.postEphemeral")[0]?.body).toMatchObject({ channel: "CTRIAGE", user: "U0GUEST", thread_ts: link.threadId });
    expect(await t.prisma.message.count({ where: { ticketId: id, kind: "COMMENT" } })).toBe(0);
  });
});
