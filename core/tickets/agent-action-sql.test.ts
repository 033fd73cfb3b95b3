import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import type { Actor } from "../deps.js";
import { claimTicketGeneral } from "./claim-ticket.js";
import { agentByChatUser } from "../agents/agent-by-chat-user.js";
import { claimTicketFast } from "./claim-ticket-sql.js";
import { commentOnTicketGeneral, type CommentOnTicketInput } from "./comment-on-ticket.js";
import { commentOnTicketFast } from "./comment-on-ticket-sql.js";
import { createTicket } from "./create-ticket.js";
import { deleteTicket } from "./delete-ticket.js";
import { followTicket } from "./follow-ticket.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

/** A team ticket followed by Cy and Dee (Dee cannot see the team, so is never told). */
async function twin(subject: string, teamId: string | null = "tier1") {
  const { id } = await createTicket(t.deps, { subject, teamId, requester: { email: "req@acme.io", name: "Req" } }, as.ada);
  if (teamId !== "vip") await followTicket(t.deps, { ticketId: id }, as.cy);
  await t.prisma.follower.create({ data: { agentId: "dee", ticketId: id, createdAt: t.deps.now() } });
  return id;
}

/** What an action added to a ticket, without the ids that must differ between the twins. */
async function added(ticketId: number, since: Date) {
  const db = t.deps.db;
  const { id: _id, subject: _s, ...ticket } = await db.ticket.findUniqueOrThrow({ where: { id: ticketId } });
  const messages = await db.message.findMany({ where: { ticketId, createdAt: { gte: since } }, include: { refs: true, attachments: true } });
  const events = await db.timelineEvent.findMany({ where: { ticketId, createdAt: { gte: since } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const outbox = await db.outbox.findMany({ where: { ticketId, createdAt: { gte: since } }, orderBy: { id: "asc" } });
  const messageIds = messages.map((m) => m.id);
  const anon = (v: unknown) => (typeof v === "string" && messageIds.includes(v) ? `message${messageIds.indexOf(v)}` : v);
  const payload = (s: string) => Object.fromEntries(Object.entries(JSON.parse(s) as Record<string, unknown>).map(([k, v]) => [k, k === "ticketId" ? 0 : anon(v)]));
  return {
    ticket,
    messages: messages.map(({ id: _m, ticketId: _t, refs, attachments, ...m }) => ({
      ...m,
      refs: refs.map((r) => ({ system: r.system, externalId: r.externalId.replace(/-(fast|general)$/, "") })),
      attachments,
    })),
    events: events.map(({ id: _e, ticketId: _t, data, ...e }) => ({ ...e, data: payload(data) })),
    outbox: outbox.map(({ id: _o, ticketId: _t, payload: p, ...o }) => ({ ...o, payload: payload(p) })),
  };
}

const sameView = <V extends { id: number; number: string; subject: string }>(v: V) => ({ ...v, id: 0, number: "", subject: "" });

describe("claimTicketFast", () => {
  it("writes exactly what the Prisma path writes, and returns the same view", async () => {
    const a = await twin("claim fast");
    const b = await twin("claim general");
    t.advance(60_000);
    const at = t.deps.now();
    const fast = await claimTicketFast(t.deps, { ticketId: a }, as.bob, at);
    expect(fast?.owner).toEqual({ id: "bob", name: "Bob" });
    const general = await claimTicketGeneral(t.deps, { ticketId: b }, as.bob, at);
    expect(sameView(fast!)).toEqual(sameView(general));
    expect(await added(a, at)).toEqual(await added(b, at));
  });

  it("steps aside, changing nothing, for every case the Prisma path refuses", async () => {
    const vip = await twin("vip", "vip");
    const owned = await twin("owned");
    await claimTicketGeneral(t.deps, { ticketId: owned }, as.cy);
    const gone = await twin("gone");
    await deleteTicket(t.deps, { ticketId: gone }, as.ada);
    await t.prisma.agent.update({ where: { id: "cy" }, data: { active: false } });
    const cases: [Actor, number][] = [[as.bob, vip], [as.bob, owned], [as.cy, owned], [as.bob, gone], [as.bob, 999_999], [as.cy, vip], [{ type: "system" }, vip]];
    const before = await t.prisma.timelineEvent.count();
    try {
      for (const [actor, ticketId] of cases) expect(await claimTicketFast(t.deps, { ticketId }, actor, t.deps.now())).toBeNull();
    } finally {
      await t.prisma.agent.update({ where: { id: "cy" }, data: { active: true } });
    }
    expect(await t.prisma.timelineEvent.count()).toBe(before);
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: vip } })).ownerId).toBeNull();
  });

  it("lets exactly one of racing fast and Prisma claims win", async () => {
    for (let round = 0; round < 4; round++) {
      const id = await twin(`race ${round}`, null);
      const at = t.deps.now();
      const racers = [as.ada, as.bob, as.cy, as.dee];
      const results = await Promise.allSettled(
        racers.flatMap((a) => [claimTicketFast(t.deps, { ticketId: id }, a, at), claimTicketGeneral(t.deps, { ticketId: id }, a, at)]),
      );
      const won = results.filter((r) => r.status === "fulfilled" && r.value !== null);
      expect(won).toHaveLength(1);
      for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "conflict" });
      expect(await t.prisma.timelineEvent.count({ where: { ticketId: id, type: "ticket.claimed" } })).toBe(1);
      expect(await t.prisma.outbox.count({ where: { ticketId: id, topic: "ticket.changed", payload: { contains: '"owner"' } } })).toBe(1);
    }
  });
});

describe("commentOnTicketFast", () => {
  const note = (ticketId: number, tag: string, extra: Partial<CommentOnTicketInput> = {}): CommentOnTicketInput => ({ ticketId, text: "Looked at it, @cy please check", ...extra, ...(extra.origin ? { origin: { ...extra.origin, ref: { ...extra.origin.ref, externalId: `${extra.origin.ref.externalId}-${tag}` } } } : {}) });

  it("writes exactly what the Prisma path writes (mentions, followers, chat origin), and returns the same", async () => {
    for (const extra of [{}, { mentionAgentIds: ["ada"], origin: { channel: "slack" as const, ref: { system: "slack", externalId: "C1:1.5" } } }]) {
      const a = await twin("note fast");
      const b = await twin("note general");
      t.advance(60_000);
      const at = t.deps.now();
      const input = note(a, "fast", extra);
      const fast = await commentOnTicketFast(t.deps, input, input.text, as.bob, at);
      expect(fast?.mentioned.length).toBeGreaterThan(0);
      const general = await commentOnTicketGeneral(t.deps, note(b, "general", extra), as.bob, at);
      expect({ ...fast!, ticket: sameView(fast!.ticket), messageId: "" }).toEqual({ ...general, ticket: sameView(general.ticket), messageId: "" });
      expect(await added(a, at)).toEqual(await added(b, at));
    }
  });

  it("steps aside, changing nothing, for every case the Prisma path refuses", async () => {
    const vip = await twin("vip note", "vip");
    const open = await twin("open note");
    const before = await t.prisma.message.count();
    const cases: [Actor, CommentOnTicketInput][] = [
      [as.bob, { ticketId: vip, text: "hidden" }],
      [as.bob, { ticketId: 999_999, text: "none" }],
      [as.bob, { ticketId: open, text: "@dee look" }], // Dee is not in the ticket's team
      [as.bob, { ticketId: open, text: "hi", mentionAgentIds: ["nobody"] }],
      [{ type: "system" }, { ticketId: open, text: "robot" }],
    ];
    for (const [actor, input] of cases) expect(await commentOnTicketFast(t.deps, input, input.text, actor, t.deps.now())).toBeNull();
    expect(await t.prisma.message.count()).toBe(before);
  });
});

describe("agentByChatUser", () => {
  it("finds the agent row behind a Slack or Discord account, active or not", async () => {
    expect(await agentByChatUser(t.deps, "slack", "U0BOB")).toEqual({ id: "bob", active: true });
    expect(await agentByChatUser(t.deps, "discord", "100000000000000001")).toEqual({ id: "bob", active: true });
    expect(await agentByChatUser(t.deps, "discord", "U0BOB")).toBeNull();
    expect(await agentByChatUser(t.deps, "slack", "U0NOBODY")).toBeNull();
    await t.prisma.agent.update({ where: { id: "bob" }, data: { active: false } });
    try {
      expect(await agentByChatUser(t.deps, "slack", "U0BOB")).toEqual({ id: "bob", active: false });
    } finally {
      await t.prisma.agent.update({ where: { id: "bob" }, data: { active: true } });
    }
  });
});
