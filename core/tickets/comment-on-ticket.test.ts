import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { commentOnTicket } from "./comment-on-ticket.js";
import { createTicket } from "./create-ticket.js";
import { followTicket } from "./follow-ticket.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

async function notifications(ticketId: number) {
  const rows = await t.prisma.outbox.findMany({ where: { ticketId, topic: "agents.notify" } });
  return rows.map((r) => JSON.parse(r.payload) as { agentIds: string[]; reason: string; messageId?: string });
}

describe("commentOnTicket", () => {
  it("writes an internal note that is mirrored to chat and never emailed", async () => {
    const v = await createTicket(t.deps, { subject: "note", requester: { email: "jo@acme.io" } }, as.bob);
    t.advance(60_000);
    const r = await commentOnTicket(t.deps, { ticketId: v.id, text: "  customer is on the old plan \n" }, as.cy);
    expect(r.mentioned).toEqual([]);
    expect(r.ticket.updatedAt).toEqual(t.deps.now());
    expect(r.ticket.firstResponseAt).toBeNull();
    const m = await t.prisma.message.findUniqueOrThrow({ where: { id: r.messageId } });
    expect(m).toMatchObject({ ticketId: v.id, kind: "COMMENT", text: "customer is on the old plan", authorAgentId: "cy" });
    const ev = await t.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: v.id, type: "message.commented" } });
    expect([ev.actorId, JSON.parse(ev.data)]).toEqual(["cy", { messageId: r.messageId, mentioned: [] }]);
    const outbox = await t.prisma.outbox.findMany({ where: { ticketId: v.id, createdAt: t.deps.now() } });
    expect(outbox.map((o) => [o.target, o.topic, JSON.parse(o.payload)])).toEqual([
      ["chat", "message.posted", { ticketId: v.id, messageId: r.messageId }],
    ]);
    expect(await t.prisma.outbox.count({ where: { ticketId: v.id, target: "email" } })).toBe(0);
  });

  it("notifies agents mentioned by @handle or by id, and followers who were not mentioned", async () => {
    const v = await createTicket(t.deps, { subject: "mentions" }, as.bob);
    for (const a of [as.ada, as.bob, as.cy]) await followTicket(t.deps, { ticketId: v.id }, a);
    const r = await commentOnTicket(
      t.deps,
      { ticketId: v.id, text: "@CY can you check? (mail cy@helpdesk.test) @bob", mentionAgentIds: ["dee"] },
      as.bob,
    );
    expect(r.mentioned).toEqual(["dee", "cy"]);
    expect(await notifications(v.id)).toEqual([
      { ticketId: v.id, agentIds: ["dee", "cy"], reason: "mention", messageId: r.messageId },
      { ticketId: v.id, agentIds: ["ada"], reason: "follow", messageId: r.messageId },
    ]);
    const ev = await t.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: v.id, type: "message.commented" } });
    expect(JSON.parse(ev.data)).toEqual({ messageId: r.messageId, mentioned: ["dee", "cy"] });
  });

  it("matches handles on an agent's email local part", async () => {
    await t.prisma.agent.create({ data: { id: "eve", name: "Eve", email: "eve.ops@helpdesk.test" } });
    const v = await createTicket(t.deps, { subject: "local part" }, as.bob);
    const r = await commentOnTicket(t.deps, { ticketId: v.id, text: "ping @Eve.Ops." }, as.bob);
    expect(r.mentioned).toEqual(["eve"]);
  });

  it("refuses to mention an agent who cannot see the ticket's team, naming them, and writes nothing", async () => {
    const v = await createTicket(t.deps, { subject: "vip", teamId: "vip" }, as.dee);
    await expect(commentOnTicket(t.deps, { ticketId: v.id, text: "@bob look" }, as.ada)).rejects.toMatchObject({
      code: "invalid",
      message: expect.stringContaining("Bob"),
    });
    await expect(commentOnTicket(t.deps, { ticketId: v.id, text: "look", mentionAgentIds: ["cy"] }, as.dee)).rejects.toMatchObject({
      code: "invalid",
      message: expect.stringContaining("Cy"),
    });
    expect(await t.prisma.message.count({ where: { ticketId: v.id, kind: "COMMENT" } })).toBe(0);
    expect(await notifications(v.id)).toEqual([]);
  });

  it("refuses an unknown mentioned id, empty text and hidden tickets", async () => {
    const v = await createTicket(t.deps, { subject: "errors" }, as.bob);
    await expect(commentOnTicket(t.deps, { ticketId: v.id, text: "hi", mentionAgentIds: ["zed"] }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      message: 'There is no agent "zed" to mention.',
    });
    await expect(commentOnTicket(t.deps, { ticketId: v.id, text: " " }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      fields: { text: "Required." },
    });
    const vip = await createTicket(t.deps, { subject: "vip", teamId: "vip" }, as.dee);
    await expect(commentOnTicket(t.deps, { ticketId: vip.id, text: "hi" }, as.bob)).rejects.toMatchObject({ code: "not_found" });
  });

  it("does not notify the author of their own mention", async () => {
    const v = await createTicket(t.deps, { subject: "self" }, as.bob);
    const r = await commentOnTicket(t.deps, { ticketId: v.id, text: "note to @bob self" }, as.bob);
    expect(r.mentioned).toEqual([]);
    expect(await notifications(v.id)).toEqual([]);
  });

  it("keeps where a note typed in a chat thread came from, with its chat message id", async () => {
    const v = await createTicket(t.deps, { subject: "typed in slack" }, as.bob);
    const r = await commentOnTicket(
      t.deps,
      { ticketId: v.id, text: "checking logs", origin: { channel: "slack", ref: { system: "slack", externalId: "C1:1700000000.000100" } } },
      as.bob,
    );
    const m = await t.prisma.message.findUniqueOrThrow({ where: { id: r.messageId }, include: { refs: true } });
    expect(m).toMatchObject({ kind: "COMMENT", channel: "slack" });
    expect(m.refs.map((x) => [x.system, x.externalId])).toEqual([["slack", "C1:1700000000.000100"]]);
  });

  it("answers a chat message saved as a note already as a duplicate, writing nothing again", async () => {
    const v = await createTicket(t.deps, { subject: "event twice" }, as.bob);
    await followTicket(t.deps, { ticketId: v.id }, as.cy);
    const input = {
      ticketId: v.id,
      text: "seen it",
      origin: { channel: "discord" as const, ref: { system: "discord", externalId: "T1:M1" } },
    };
    const first = await commentOnTicket(t.deps, input, as.bob);
    expect(first).toMatchObject({ duplicate: false, ticket: { id: v.id } });
    const again = await commentOnTicket(t.deps, input, as.bob);
    expect(again).toMatchObject({ duplicate: true, messageId: first.messageId, mentioned: [], ticket: { id: v.id } });
    expect(await t.prisma.message.count({ where: { ticketId: v.id, kind: "COMMENT" } })).toBe(1);
    expect(await t.prisma.timelineEvent.count({ where: { ticketId: v.id, type: "message.commented" } })).toBe(1);
    expect(await notifications(v.id)).toHaveLength(1);
  });

  it("stores a chat message delivered twice at once as one note; the other delivery is its duplicate", async () => {
    for (let round = 0; round < 3; round++) {
      const v = await createTicket(t.deps, { subject: `racing event ${round}` }, as.bob);
      const input = {
        ticketId: v.id,
        text: "racing",
        origin: { channel: "slack" as const, ref: { system: "slack", externalId: `C9:${round}` } },
      };
      const results = await Promise.all([as.bob, as.bob, as.cy].map((a) => commentOnTicket(t.deps, input, a)));
      const saved = results.filter((r) => !r.duplicate);
      expect(saved).toHaveLength(1);
      for (const r of results) expect(r.messageId).toBe(saved[0]!.messageId);
      expect(await t.prisma.message.count({ where: { ticketId: v.id, kind: "COMMENT" } })).toBe(1);
      expect(await t.prisma.timelineEvent.count({ where: { ticketId: v.id, type: "message.commented" } })).toBe(1);
    }
  });
});
