import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { createTicket } from "./create-ticket.js";
import { followTicket } from "./follow-ticket.js";
import { normaliseRecipients, replyToTicket } from "./reply-to-ticket.js";
import { getDraft, saveDraft } from "./save-draft.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

const withRequester = (subject: string) => createTicket(t.deps, { subject, text: "It broke.", requester: { email: "jo@acme.io" } }, as.bob);

async function outboxAt(ticketId: number) {
  const rows = await t.prisma.outbox.findMany({ where: { ticketId, createdAt: t.deps.now() }, orderBy: { topic: "asc" } });
  return rows.map((o) => [o.target, o.topic, JSON.parse(o.payload)]);
}

describe("replyToTicket", () => {
  it("writes a REPLY to be emailed to the requester, records it and stamps the first response once", async () => {
    const v = await withRequester("email reply");
    const inbound = await t.prisma.message.findFirstOrThrow({ where: { ticketId: v.id, kind: "INBOUND" } });
    t.advance(60_000);
    const first = t.deps.now();
    const r = await replyToTicket(
      t.deps,
      {
        ticketId: v.id,
        text: " Fixed. \n",
        html: "<p>Fixed.</p>",
        cc: [" Boss@Acme.io ", "boss@acme.io"],
        bcc: ["audit@acme.io", "BOSS@acme.io"],
      },
      as.cy,
    );
    expect(r.ticket).toMatchObject({ id: v.id, firstResponseAt: first, updatedAt: first, status: { id: "new" } });
    const m = await t.prisma.message.findUniqueOrThrow({ where: { id: r.messageId } });
    expect(m).toMatchObject({
      kind: "REPLY",
      text: "Fixed.",
      html: "<p>Fixed.</p>",
      channel: "email",
      authorAgentId: "cy",
      inReplyToId: inbound.id,
    });
    expect([JSON.parse(m.cc), JSON.parse(m.bcc)]).toEqual([["boss@acme.io"], ["audit@acme.io"]]);
    expect(await outboxAt(v.id)).toEqual([
      ["email", "email.reply", { ticketId: v.id, messageId: r.messageId }],
      ["chat", "message.posted", { ticketId: v.id, messageId: r.messageId }],
    ]);
    const ev = await t.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: v.id, type: "message.replied" } });
    expect([ev.actorId, JSON.parse(ev.data)]).toEqual(["cy", { messageId: r.messageId, cc: ["boss@acme.io"], bcc: ["audit@acme.io"] }]);

    t.advance(60_000);
    const again = await replyToTicket(t.deps, { ticketId: v.id, text: "One more thing.", inReplyToMessageId: r.messageId }, as.bob);
    expect(again.ticket.firstResponseAt).toEqual(first);
    expect(again.ticket.updatedAt).toEqual(t.deps.now());
    expect((await t.prisma.message.findUniqueOrThrow({ where: { id: again.messageId } })).inReplyToId).toBe(r.messageId);
  });

  it("answers a chat-born ticket in its origin conversation, and by email when that is unknown", async () => {
    const v = await createTicket(t.deps, { subject: "from slack", source: "slack", requester: { email: "jo@acme.io" } }, as.bob);
    await t.prisma.chatLink.create({
      data: { ticketId: v.id, surface: "slack", role: "origin", channelId: "C1", messageId: "1700000000.000100" },
    });
    t.advance(1_000);
    const r = await replyToTicket(t.deps, { ticketId: v.id, text: "On it" }, as.bob);
    expect((await t.prisma.message.findUniqueOrThrow({ where: { id: r.messageId } })).channel).toBe("slack");
    expect(await outboxAt(v.id)).toEqual([
      ["slack", "chat.reply", { ticketId: v.id, messageId: r.messageId }],
      ["chat", "message.posted", { ticketId: v.id, messageId: r.messageId }],
    ]);
    await expect(replyToTicket(t.deps, { ticketId: v.id, text: "x", cc: ["a@b.io"] }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      fields: { cc: "Copies go by email only." },
    });

    // A Discord ticket whose only link is a card (not an origin) falls back to email.
    const d = await createTicket(t.deps, { subject: "from discord", source: "discord", requester: { email: "jo@acme.io" } }, as.bob);
    await t.prisma.chatLink.create({ data: { ticketId: d.id, surface: "discord", role: "card", channelId: "F1", threadId: "T1" } });
    t.advance(1_000);
    const e = await replyToTicket(t.deps, { ticketId: d.id, text: "By mail" }, as.bob);
    expect((await outboxAt(d.id)).map((o) => o[1])).toEqual(["email.reply", "message.posted"]);
    expect((await t.prisma.message.findUniqueOrThrow({ where: { id: e.messageId } })).channel).toBe("email");
  });

  it("refuses when there is nobody to reply to", async () => {
    const v = await createTicket(t.deps, { subject: "no requester" }, as.bob);
    await expect(replyToTicket(t.deps, { ticketId: v.id, text: "hello?" }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      message: "This ticket has no requester address to reply to; link a contact first.",
    });
    expect(await t.prisma.message.count({ where: { ticketId: v.id } })).toBe(0);
  });

  it("refuses empty text, bad copies and a message of another ticket", async () => {
    const v = await withRequester("bad input");
    const other = await withRequester("other");
    const foreign = await t.prisma.message.findFirstOrThrow({ where: { ticketId: other.id } });
    await expect(replyToTicket(t.deps, { ticketId: v.id, text: "  " }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      fields: { text: "Required." },
    });
    await expect(
      replyToTicket(t.deps, { ticketId: v.id, text: "x", cc: ["ok@acme.io", "not-an-address"], bcc: ["a@b"] }, as.bob),
    ).rejects.toMatchObject({
      code: "invalid",
      message: 'These are not email addresses: "not-an-address" (Cc), "a@b" (Bcc).',
      fields: { cc: 'Not an email address: "not-an-address".', bcc: 'Not an email address: "a@b".' },
    });
    await expect(replyToTicket(t.deps, { ticketId: v.id, text: "x", inReplyToMessageId: foreign.id }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      fields: { inReplyToMessageId: "Not a message of this ticket." },
    });
    await expect(replyToTicket(t.deps, { ticketId: v.id, text: "x", inReplyToMessageId: "nope" }, as.bob)).rejects.toMatchObject({
      code: "invalid",
    });
    expect(await t.prisma.message.count({ where: { ticketId: v.id, kind: "REPLY" } })).toBe(0);
  });

  it("changes status in the same transaction, and sends nothing when the change is refused", async () => {
    const v = await withRequester("reply and resolve");
    t.advance(1_000);
    await expect(replyToTicket(t.deps, { ticketId: v.id, text: "Done", statusId: "resolved" }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      message: "To set Resolved, fill in: Resolution.",
    });
    expect(await t.prisma.message.count({ where: { ticketId: v.id, kind: "REPLY" } })).toBe(0);
    expect(await outboxAt(v.id)).toEqual([]);
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: v.id } })).firstResponseAt).toBeNull();

    const r = await replyToTicket(
      t.deps,
      { ticketId: v.id, text: "Done", statusId: "resolved", properties: { resolution: "patched" } },
      as.bob,
    );
    expect(r.ticket).toMatchObject({
      status: { id: "resolved", category: "CLOSED" },
      properties: { resolution: "patched" },
      closedAt: t.deps.now(),
    });
    expect((await outboxAt(v.id)).map((o) => o[1])).toEqual(["email.reply", "message.posted", "ticket.changed"]);
    const types = await t.prisma.timelineEvent.findMany({ where: { ticketId: v.id, createdAt: t.deps.now() }, orderBy: { type: "asc" } });
    expect(types.map((e) => e.type)).toEqual(["message.replied", "ticket.status_changed"]);

    // Replying with the status it already has is just a reply.
    t.advance(1_000);
    await replyToTicket(t.deps, { ticketId: v.id, text: "PS", statusId: "resolved" }, as.bob);
    expect((await outboxAt(v.id)).map((o) => o[1])).toEqual(["email.reply", "message.posted"]);
  });

  it("consumes the author's draft, leaving other agents' drafts alone", async () => {
    const v = await withRequester("draft");
    await saveDraft(t.deps, { ticketId: v.id, text: "draft b" }, as.bob);
    await saveDraft(t.deps, { ticketId: v.id, text: "draft c" }, as.cy);
    await replyToTicket(t.deps, { ticketId: v.id, text: "sent" }, as.bob);
    expect(await getDraft(t.deps, { ticketId: v.id }, as.bob)).toBeNull();
    expect(await getDraft(t.deps, { ticketId: v.id }, as.cy)).toMatchObject({ text: "draft c" });
  });

  it("tells followers other than the author", async () => {
    const v = await withRequester("followed");
    await followTicket(t.deps, { ticketId: v.id }, as.bob);
    await followTicket(t.deps, { ticketId: v.id }, as.ada);
    t.advance(1_000);
    const r = await replyToTicket(t.deps, { ticketId: v.id, text: "hi" }, as.bob);
    const rows = await t.prisma.outbox.findMany({ where: { ticketId: v.id, topic: "agents.notify" } });
    expect(rows.map((o) => JSON.parse(o.payload))).toEqual([
      { ticketId: v.id, agentIds: ["ada"], reason: "follow", messageId: r.messageId },
    ]);
  });

  it("hides team tickets from agents outside the team and refuses non-agents", async () => {
    const v = await createTicket(t.deps, { subject: "vip", teamId: "vip", requester: { email: "vip@acme.io" } }, as.dee);
    await expect(replyToTicket(t.deps, { ticketId: v.id, text: "hi" }, as.bob)).rejects.toMatchObject({ code: "not_found" });
    await expect(replyToTicket(t.deps, { ticketId: v.id, text: "hi" }, { type: "system" })).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("normaliseRecipients", () => {
  it("drops blanks and duplicates and keeps an address in both lists only in cc", () => {
    expect(normaliseRecipients({ cc: ["A@x.io", "", "a@x.io"], bcc: ["a@X.io", "b@x.io", "b@x.io"] })).toEqual({
      cc: ["a@x.io"],
      bcc: ["b@x.io"],
    });
    expect(normaliseRecipients({})).toEqual({ cc: [], bcc: [] });
  });
});
