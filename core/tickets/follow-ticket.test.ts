import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { createTicket } from "./create-ticket.js";
import { followersToNotify, followTicket } from "./follow-ticket.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

describe("followTicket", () => {
  it("adds the agent as a follower and records it, without a card update or a newer updatedAt", async () => {
    const v = await createTicket(t.deps, { subject: "follow me" }, as.bob);
    const outboxBefore = await t.prisma.outbox.count({ where: { ticketId: v.id } });
    t.advance(60_000);
    const after = await followTicket(t.deps, { ticketId: v.id }, as.cy);
    expect(after.updatedAt).toEqual(v.updatedAt);
    const rows = await t.prisma.follower.findMany({ where: { ticketId: v.id } });
    expect(rows.map((r) => [r.agentId, r.createdAt.toISOString()])).toEqual([["cy", t.deps.now().toISOString()]]);
    const ev = await t.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: v.id, type: "ticket.followed" } });
    expect([ev.actorId, JSON.parse(ev.data)]).toEqual(["cy", { agentId: "cy" }]);
    expect(await t.prisma.outbox.count({ where: { ticketId: v.id } })).toBe(outboxBefore);
  });

  it("refuses to follow twice, even when two requests race", async () => {
    const v = await createTicket(t.deps, { subject: "twice" }, as.bob);
    await followTicket(t.deps, { ticketId: v.id }, as.bob);
    await expect(followTicket(t.deps, { ticketId: v.id }, as.bob)).rejects.toMatchObject({
      code: "conflict",
      message: `You already follow #${v.id}.`,
    });

    const w = await createTicket(t.deps, { subject: "race" }, as.bob);
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => followTicket(t.deps, { ticketId: w.id }, as.cy)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "conflict" });
    expect(await t.prisma.timelineEvent.count({ where: { ticketId: w.id, type: "ticket.followed" } })).toBe(1);
  });

  it("hides team tickets from agents outside the team and refuses non-agents", async () => {
    const v = await createTicket(t.deps, { subject: "vip", teamId: "vip" }, as.dee);
    await expect(followTicket(t.deps, { ticketId: v.id }, as.bob)).rejects.toMatchObject({ code: "not_found" });
    await expect(followTicket(t.deps, { ticketId: v.id }, { type: "system" })).rejects.toMatchObject({ code: "forbidden" });
    expect(await t.prisma.follower.count({ where: { ticketId: v.id } })).toBe(0);
  });
});

describe("followersToNotify", () => {
  it("skips the excluded, inactive agents and agents who can no longer see the ticket's team", async () => {
    const v = await createTicket(t.deps, { subject: "moves teams" }, as.ada);
    for (const a of [as.ada, as.bob, as.cy, as.dee]) await followTicket(t.deps, { ticketId: v.id }, a);
    await t.prisma.agent.update({ where: { id: "cy" }, data: { active: false } });
    try {
      const db = t.deps.db;
      expect(await db.transaction().execute((tx) => followersToNotify(tx, { id: v.id, teamId: null }, ["ada"]))).toEqual(["bob", "dee"]);
      // Moved to VIP: Bob (tier1) may no longer hear about it; Ada is an admin.
      expect(await db.transaction().execute((tx) => followersToNotify(tx, { id: v.id, teamId: "vip" }))).toEqual(["ada", "dee"]);
    } finally {
      await t.prisma.agent.update({ where: { id: "cy" }, data: { active: true } });
    }
  });
});
