import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../core/log.js";
import { OutboxDispatcher } from "../../core/outbox/dispatcher.js";
import { claimTicket } from "../../core/tickets/claim-ticket.js";
import { commentOnTicket } from "../../core/tickets/comment-on-ticket.js";
import { ingestInbound } from "../../core/tickets/ingest-inbound.js";
import { moveTicket } from "../../core/tickets/move-ticket.js";
import { replyToTicket } from "../../core/tickets/reply-to-ticket.js";
import { updateProperties } from "../../core/tickets/update-properties.js";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { slackClient } from "./api.js";
import { slackDeliveryTarget } from "./target.js";
import { fakeSlackApi, type FakeSlackApi } from "./testing/slack-api.js";

let t: TestCore;
let api: FakeSlackApi;
let dispatcher: OutboxDispatcher;
const channels = [{ channel: "CVIP", teamId: "vip" }, { channel: "CBILL", pipelineId: "billing" }, { channel: "CTRIAGE" }];

beforeAll(async () => {
  t = await testCore();
  const target = slackDeliveryTarget({ deps: t.deps, client: slackClient("xoxb-test"), triageChannels: channels });
  dispatcher = new OutboxDispatcher({ deps: t.deps, targets: { slack: target }, log: silentLogger, backoffBaseMs: 1 });
});
afterAll(() => t.close());
beforeEach(() => {
  api = fakeSlackApi();
});
afterEach(() => api.done());

const inbound = (text: string, extra: Partial<Parameters<typeof ingestInbound>[1]> = {}) =>
  ingestInbound(t.deps, {
    channel: "email",
    from: { email: "carol@customer.test", name: "Carol <!channel>" },
    subject: "Printer <!here> on fire",
    text,
    ...extra,
  });

async function drain() {
  for (let i = 0; i < 5; i++) await dispatcher.runOnce();
}

const textOf = (blocks: unknown) => JSON.stringify(blocks);

describe("Slack delivery target", () => {
  it("posts one card for a new ticket in its triage channel and mirrors the first message into its thread", async () => {
    const { ticket } = await inbound("Hi @everyone, it is <!channel> burning & <@U999> knows");
    await drain();
    const posts = api.of("chat.postMessage");
    const card = posts.find((p) => !p.body.thread_ts)!;
    expect(card.body.channel).toBe("CTRIAGE");
    const blocks = textOf(card.body.blocks);
    expect(blocks).toContain(`*#${ticket.id}* Printer &lt;!here&gt; on fire`);
    for (const label of ["Requester", "Status", "Priority", "Owner", "Team", "Opened"]) expect(blocks).toContain(`*${label}*`);
    expect(blocks).toContain("Carol &lt;!channel&gt; (carol@customer.test)");
    expect(blocks).toContain("<!date^");
    const actionIds = (
      (card.body.blocks as { type: string; elements?: { action_id: string }[] }[]).find((b) => b.type === "actions")?.elements ?? []
    ).map((e) => e.action_id);
    expect(actionIds).toEqual(["ticket.claim", "ticket.reply", "ticket.comment", "ticket.status", "ticket.assign", "ticket.more"]);

    const thread = posts.filter((p) => p.body.thread_ts);
    expect(thread).toHaveLength(1);
    const body = textOf(thread[0]!.body.blocks);
    expect(body).toContain("&lt;!channel&gt; burning &amp; &lt;@");
    expect(body).not.toMatch(/<!channel>|<@U999>|@everyone/);
    const link = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: ticket.id, surface: "slack", role: "card" } });
    expect(thread[0]!.body.thread_ts).toBe(link.messageId);
    expect(link).toMatchObject({ channelId: "CTRIAGE", threadId: link.messageId });
    expect(await t.prisma.messageRef.count({ where: { system: "slack", message: { ticketId: ticket.id } } })).toBe(1);
  });

  it("updates the card in place on a claim, and does not echo a note typed in the thread", async () => {
    const { ticket } = await inbound("second");
    await drain();
    const link = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: ticket.id, role: "card" } });
    api.calls.length = 0;
    await claimTicket(t.deps, { ticketId: ticket.id }, as.bob);
    await commentOnTicket(
      t.deps,
      {
        ticketId: ticket.id,
        text: "on it",
        origin: { channel: "slack", ref: { system: "slack", externalId: `CTRIAGE:1767600000.999999` } },
      },
      as.bob,
    );
    await drain();
    expect(api.of("chat.postMessage")).toHaveLength(0);
    const update = api.of("chat.update");
    expect(update).toHaveLength(1);
    expect(update[0]!.body).toMatchObject({ channel: "CTRIAGE", ts: link.messageId });
    expect(textOf(update[0]!.body.blocks)).toContain("*Owner*\\nBob");
    expect(textOf(update[0]!.body.blocks)).toContain("ticket.release");
  });

  it("routes by team, then pipeline", async () => {
    const vip = await inbound("vip", { route: { teamId: "vip" }, subject: "vip" });
    const bill = await inbound("bill", { route: { pipelineId: "billing" }, subject: "bill", from: { email: "x@y.test" } });
    await drain();
    const link = (id: number) => t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: id, role: "card" } });
    expect((await link(vip.ticket.id)).channelId).toBe("CVIP");
    expect((await link(bill.ticket.id)).channelId).toBe("CBILL");
  });

  it("honours a 429's Retry-After and posts the card exactly once afterwards", async () => {
    api.next("chat.postMessage", [429, { ok: false, error: "ratelimited" }, { "retry-after": "30" }]);
    const { ticket } = await inbound("rate limited", { subject: "rl", from: { email: "rl@y.test" } });
    await dispatcher.runOnce();
    const rows = await t.prisma.outbox.findMany({ where: { ticketId: ticket.id, target: "slack", status: "pending" } });
    const delayed = rows.find((r) => r.lastError?.includes("rate limited"))!;
    expect(delayed.nextAttemptAt.getTime() - t.deps.now().getTime()).toBeGreaterThanOrEqual(30_000);
    t.advance(31_000);
    await drain();
    // The refused attempt and the one that went through; one card, one thread post.
    expect(api.of("chat.postMessage").filter((p) => !p.body.thread_ts && textOf(p.body.blocks).includes(`*#${ticket.id}*`))).toHaveLength(
      2,
    );
    expect(await t.prisma.chatLink.count({ where: { ticketId: ticket.id, role: "card", messageId: { not: null } } })).toBe(1);
    expect(await t.prisma.messageRef.count({ where: { system: "slack", message: { ticketId: ticket.id } } })).toBe(1);
    expect(await t.prisma.outbox.count({ where: { ticketId: ticket.id, target: "slack", status: { not: "done" } } })).toBe(0);
  });

  it("gives up at once on a channel Slack does not know, and reposts a card deleted in Slack", async () => {
    const { ticket } = await inbound("gone", { subject: "gone", from: { email: "g@y.test" } });
    await drain();
    const before = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: ticket.id, role: "card" } });
    api.next("chat.update", [200, { ok: false, error: "message_not_found" }]);
    await claimTicket(t.deps, { ticketId: ticket.id }, as.cy);
    api.calls.length = 0;
    await drain();
    expect(api.of("chat.update")).toHaveLength(1);
    expect(api.of("chat.postMessage")).toHaveLength(1);
    const after = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: ticket.id, role: "card" } });
    expect(after.id).toBe(before.id);
    expect(after.messageId).not.toBe(before.messageId);
    expect(after.threadId).toBe(after.messageId);

    api.next("chat.postMessage", [200, { ok: false, error: "channel_not_found" }]);
    const lost = await inbound("lost", { subject: "lost", from: { email: "l@y.test" } });
    await drain();
    const failed = await t.prisma.outbox.findMany({ where: { ticketId: lost.ticket.id, target: "slack", status: "failed" } });
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]!.lastError).toContain("channel_not_found");
  });

  it("gives thread posts a plain fallback text: emoji as characters, never their Slack names, the author as written", async () => {
    const { ticket } = await inbound("The printer is on fire", { subject: "fallback", from: { email: "ops@y.test", name: "Ops: Carol" } });
    await drain();
    await replyToTicket(t.deps, { ticketId: ticket.id, text: "Water, not foam." }, as.bob);
    await commentOnTicket(t.deps, { ticketId: ticket.id, text: "Facilities called" }, as.bob);
    await drain();
    const posts = api.of("chat.postMessage").filter((p) => p.body.thread_ts);
    const texts = posts.map((p) => p.body.text as string);
    // The text field is what notifications and clients without blocks show: no ":name:" there.
    expect(texts).toEqual([
      "📨 Ops: Carol wrote: The printer is on fire",
      "📤 Bob replied to the customer: Water, not foam.",
      "📝 Bob left an internal note: Facilities called",
    ]);
    // The blocks are mrkdwn, where Slack renders emoji names.
    expect(posts.map((p) => (p.body.blocks as { text: { text: string } }[])[0]!.text.text.split("\n")[0])).toEqual([
      ":incoming_envelope: *Ops: Carol* wrote",
      ":outbox_tray: *Bob* replied to the customer",
      ":memo: *Bob* left an internal note",
    ]);
  });

  it("tells mentioned agents with a Slack id in a DM", async () => {
    const { ticket } = await inbound("dm", { subject: "dm", from: { email: "dm@y.test" } });
    await drain();
    api.calls.length = 0;
    await commentOnTicket(t.deps, { ticketId: ticket.id, text: "@bob look", mentionAgentIds: ["bob"] }, as.ada);
    await drain();
    const dm = api.of("chat.postMessage").find((p) => p.body.channel === "U0BOB")!;
    expect(dm.body.text).toContain(`You were mentioned on #${ticket.id}`);
  });

  it("moves the card to the new team's triage channel and points the old card there", async () => {
    const { ticket } = await inbound("moving", { subject: "moving", from: { email: "mv@y.test" } });
    await drain();
    const old = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: ticket.id, role: "card" } });
    expect(old.channelId).toBe("CTRIAGE");
    api.calls.length = 0;
    // The old card cannot be edited at first: the row is retried, and the new card is not posted twice.
    api.next("chat.update", [500, { ok: false, error: "internal_error" }]);
    await updateProperties(t.deps, { ticketId: ticket.id, teamId: "vip" }, as.ada);
    await drain();
    t.advance(60_000);
    await drain();
    const cards = api.of("chat.postMessage").filter((p) => !p.body.thread_ts);
    expect(cards.map((p) => p.body.channel)).toEqual(["CVIP"]);
    expect(textOf(cards[0]!.body.blocks)).toContain(`*#${ticket.id}*`);
    const edits = api.of("chat.update").filter((u) => u.body.ts === old.messageId);
    expect(edits.length).toBe(2);
    expect(edits.at(-1)!.body).toMatchObject({ channel: "CTRIAGE" });
    expect(textOf(edits.at(-1)!.body.blocks)).toContain("moved to <#CVIP> (team VIP)");
    expect(textOf(edits.at(-1)!.body.blocks)).not.toContain("ticket.claim");
    const links = await t.prisma.chatLink.findMany({ where: { ticketId: ticket.id, role: "card" } });
    expect(links.map((l) => l.channelId)).toEqual(["CVIP"]);

    // The working log goes on in the new card's thread; a pipeline move goes to that pipeline's channel.
    api.calls.length = 0;
    await commentOnTicket(t.deps, { ticketId: ticket.id, text: "now in VIP" }, as.ada);
    await drain();
    expect(api.of("chat.postMessage").map((p) => [p.body.channel, p.body.thread_ts])).toEqual([["CVIP", links[0]!.messageId]]);
    await updateProperties(t.deps, { ticketId: ticket.id, teamId: null }, as.ada);
    await moveTicket(t.deps, { ticketId: ticket.id, pipelineId: "billing" }, as.ada);
    await drain();
    expect((await t.prisma.chatLink.findMany({ where: { ticketId: ticket.id, role: "card" } })).map((l) => l.channelId)).toEqual(["CBILL"]);
  });
});
