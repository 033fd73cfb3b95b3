// A ticket whose card moved to another triage channel: retiring the old card never blocks the new
// one, and the old card's thread still leads to the ticket.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { claimTicket } from "../../core/tickets/claim-ticket.js";
import { ingestInbound } from "../../core/tickets/ingest-inbound.js";
import { moveTicket } from "../../core/tickets/move-ticket.js";
import { updateProperties } from "../../core/tickets/update-properties.js";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { shortcutIds } from "./shortcuts.js";
import { movedCardRole } from "./target.js";
import { slackTestApp, type SlackTestApp } from "./testing/app.js";
import { messageAction } from "./testing/message-action.js";
import { eventCallback } from "./testing/requests.js";
import { fakeSlackApi, type FakeSlackApi } from "./testing/slack-api.js";

let t: TestCore;
let s: SlackTestApp;
let api: FakeSlackApi;

beforeAll(async () => {
  t = await testCore();
  s = slackTestApp(t, {
    triageChannels: [{ channel: "CVIP", teamId: "vip" }, { channel: "CBILL", pipelineId: "billing" }, { channel: "CTRIAGE" }],
  });
});
afterAll(() => t.close());
beforeEach(() => {
  api = fakeSlackApi();
});
afterEach(() => api.done());

const o = () => ({ nowMs: s.nowMs() });
let seq = 0;
async function drain() {
  for (let i = 0; i < 5; i++) await s.dispatcher.runOnce();
}
async function carded() {
  const { ticket } = await ingestInbound(t.deps, {
    channel: "email",
    from: { email: `c${++seq}@customer.test` },
    subject: `move ${seq}`,
    text: "hi",
  });
  await drain();
  const card = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: ticket.id, surface: "slack", role: "card" } });
  expect(card.channelId).toBe("CTRIAGE");
  // Only what happens from here (on PostgreSQL the card may also have been updated once already).
  api.calls.length = 0;
  return { id: ticket.id, card };
}
const cards = async (ticketId: number, role = "card") =>
  (await t.prisma.chatLink.findMany({ where: { ticketId, surface: "slack", role } })).map((l) => l.channelId);

describe("retiring the old card after a move", () => {
  for (const error of ["is_archived", "channel_not_found", "not_in_channel", "message_not_found"]) {
    it(`gives up on the old card (${error}) without failing this or any later card sync`, async () => {
      const { id, card } = await carded();
      api.next("chat.update", [200, { ok: false, error }]);
      await updateProperties(t.deps, { ticketId: id, teamId: "vip" }, as.ada);
      await drain();
      expect(api.of("chat.update").map((u) => [u.body.channel, u.body.ts])).toEqual([["CTRIAGE", card.messageId]]);
      expect(await cards(id)).toEqual(["CVIP"]);
      expect(await cards(id, movedCardRole)).toEqual(["CTRIAGE"]);
      // Later syncs update the new card only, and go through.
      api.calls.length = 0;
      await claimTicket(t.deps, { ticketId: id }, as.dee);
      await drain();
      expect(api.of("chat.update").map((u) => u.body.channel)).toEqual(["CVIP"]);
      expect(await t.prisma.outbox.count({ where: { ticketId: id, status: { not: "done" } } })).toBe(0);
      expect(await t.prisma.timelineEvent.count({ where: { ticketId: id, type: "delivery.failed" } })).toBe(0);
    });
  }

  it("keeps one moved card per channel when a ticket comes back and leaves again", async () => {
    const { id } = await carded();
    await updateProperties(t.deps, { ticketId: id, teamId: "vip" }, as.ada);
    await drain();
    await updateProperties(t.deps, { ticketId: id, teamId: null }, as.ada);
    await drain();
    expect(await cards(id)).toEqual(["CTRIAGE"]);
    await updateProperties(t.deps, { ticketId: id, teamId: "vip" }, as.ada);
    await drain();
    expect(await cards(id)).toEqual(["CVIP"]);
    // The first CVIP card and the second CTRIAGE one; the first CTRIAGE card is forgotten.
    expect((await cards(id, movedCardRole)).sort()).toEqual(["CTRIAGE", "CVIP"]);
    expect(await t.prisma.outbox.count({ where: { ticketId: id, status: { not: "done" } } })).toBe(0);
  });
});

describe("the thread of a card the ticket has left", () => {
  it("still takes notes for the ticket, tells the agent where the card went, and mirrors the note there", async () => {
    const { id, card } = await carded();
    await moveTicket(t.deps, { ticketId: id, pipelineId: "billing" }, as.ada);
    await drain();
    const now = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: id, surface: "slack", role: "card" } });
    expect(now.channelId).toBe("CBILL");
    api.calls.length = 0;
    const event = {
      type: "message",
      channel: "CTRIAGE",
      user: "U0BOB",
      text: "Typed in the old thread",
      ts: "1767600500.000100",
      thread_ts: card.threadId,
      channel_type: "channel",
    };
    await s.send(eventCallback(`EvMoved${id}`, event, o()));
    const note = await t.prisma.message.findFirstOrThrow({ where: { ticketId: id, kind: "COMMENT" }, include: { refs: true } });
    expect(note).toMatchObject({ text: "Typed in the old thread", authorAgentId: "bob", channel: "slack" });
    expect(note.refs).toEqual([expect.objectContaining({ system: "slack", externalId: `CTRIAGE:1767600500.000100` })]);
    const whisper = api.of("chat.postEphemeral")[0]?.body;
    expect(whisper).toMatchObject({ channel: "CTRIAGE", user: "U0BOB", thread_ts: card.threadId });
    expect(String(whisper?.text)).toContain(`#${id}`);
    expect(String(whisper?.text)).toContain("<#CBILL>");
    await drain();
    expect(
      api
        .of("chat.postMessage")
        .filter((p) => p.body.thread_ts)
        .map((p) => [p.body.channel, p.body.thread_ts]),
    ).toEqual([["CBILL", now.threadId]]);
  });

  it('"Create ticket" on an agent\'s message there says which ticket it is on instead of making a new one', async () => {
    const { id, card } = await carded();
    await moveTicket(t.deps, { ticketId: id, pipelineId: "billing" }, as.ada);
    await drain();
    const before = await t.prisma.ticket.count();
    await s.send(
      messageAction(
        "U0BOB",
        shortcutIds.createTicket,
        "CTRIAGE",
        { user: "U0BOB", text: "old thread note", ts: "1767600600.000100", thread_ts: card.threadId! },
        o(),
      ),
    );
    expect(await t.prisma.ticket.count()).toBe(before);
    expect(String(api.responses.at(-1)?.body.text)).toContain(`already on #${id}`);
  });
});
