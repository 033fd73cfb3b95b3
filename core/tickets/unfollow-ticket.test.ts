import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { createTicket } from "./create-ticket.js";
import { followTicket } from "./follow-ticket.js";
import { unfollowTicket } from "./unfollow-ticket.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

describe("unfollowTicket", () => {
  it("removes only the actor's follow and records it", async () => {
    const v = await createTicket(t.deps, { subject: "unfollow" }, as.bob);
    await followTicket(t.deps, { ticketId: v.id }, as.bob);
    await followTicket(t.deps, { ticketId: v.id }, as.cy);
    await unfollowTicket(t.deps, { ticketId: v.id }, as.bob);
    const rows = await t.prisma.follower.findMany({ where: { ticketId: v.id } });
    expect(rows.map((r) => r.agentId)).toEqual(["cy"]);
    const ev = await t.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: v.id, type: "ticket.unfollowed" } });
    expect([ev.actorId, JSON.parse(ev.data)]).toEqual(["bob", { agentId: "bob" }]);
  });

  it("refuses when the agent does not follow the ticket, and lets only one of two racing unfollows through", async () => {
    const v = await createTicket(t.deps, { subject: "not following" }, as.bob);
    await expect(unfollowTicket(t.deps, { ticketId: v.id }, as.bob)).rejects.toMatchObject({
      code: "conflict",
      message: `You do not follow #${v.id}.`,
    });
    await followTicket(t.deps, { ticketId: v.id }, as.bob);
    const results = await Promise.allSettled([1, 2, 3].map(() => unfollowTicket(t.deps, { ticketId: v.id }, as.bob)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await t.prisma.timelineEvent.count({ where: { ticketId: v.id, type: "ticket.unfollowed" } })).toBe(1);
    // Following again after unfollowing works.
    await expect(followTicket(t.deps, { ticketId: v.id }, as.bob)).resolves.toMatchObject({ id: v.id });
  });

  it("hides team tickets from agents outside the team", async () => {
    const v = await createTicket(t.deps, { subject: "vip", teamId: "vip" }, as.dee);
    await expect(unfollowTicket(t.deps, { ticketId: v.id }, as.cy)).rejects.toMatchObject({ code: "not_found" });
  });
});
