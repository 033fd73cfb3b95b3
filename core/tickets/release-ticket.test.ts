import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { assignTicket } from "./assign-ticket.js";
import { claimTicket } from "./claim-ticket.js";
import { createTicket } from "./create-ticket.js";
import { releaseTicket } from "./release-ticket.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

type Pair = { before: unknown; after: unknown };
/** Every value the before/after pairs can end at when chained from `start` in some order. */
function chainEnds(pairs: Pair[], start: unknown): unknown[] {
  if (pairs.length === 0) return [start];
  return pairs.flatMap((p, i) =>
    p.before === start
      ? chainEnds(
          pairs.filter((_, j) => j !== i),
          p.after,
        )
      : [],
  );
}
async function ownerChanges(ticketId: number): Promise<Pair[]> {
  const events = await t.prisma.timelineEvent.findMany({ where: { ticketId } });
  return events.map((e) => (JSON.parse(e.data) as { owner?: Pair }).owner).filter((o): o is Pair => o !== undefined);
}

describe("releaseTicket", () => {
  it("puts the owner's ticket back in the unassigned queue, records it and updates the card", async () => {
    const { id } = await createTicket(t.deps, { subject: "give back" }, as.bob);
    await claimTicket(t.deps, { ticketId: id }, as.bob);
    t.advance(60_000);
    const v = await releaseTicket(t.deps, { ticketId: id }, as.bob);
    expect(v.owner).toBeNull();
    expect(v.updatedAt).toEqual(t.deps.now());
    const ev = await t.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: id, type: "ticket.released" } });
    expect([ev.actorId, JSON.parse(ev.data)]).toEqual(["bob", { owner: { before: "bob", after: null } }]);
    expect(ev.createdAt).toEqual(t.deps.now());
    const changed = await t.prisma.outbox.findMany({ where: { ticketId: id, topic: "ticket.changed" }, orderBy: { createdAt: "desc" } });
    expect(JSON.parse(changed[0]!.payload)).toEqual({ ticketId: id, change: "owner" });
  });

  it("refuses other agents, naming the owner, but lets an admin release anyone's ticket", async () => {
    const { id } = await createTicket(t.deps, { subject: "not yours" }, as.bob);
    await claimTicket(t.deps, { ticketId: id }, as.bob);
    await expect(releaseTicket(t.deps, { ticketId: id }, as.cy)).rejects.toMatchObject({
      code: "forbidden",
      message: `#${id} is owned by Bob; only they or an admin can release it.`,
    });
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).ownerId).toBe("bob");
    expect(await t.prisma.timelineEvent.count({ where: { ticketId: id, type: "ticket.released" } })).toBe(0);
    const v = await releaseTicket(t.deps, { ticketId: id }, as.ada);
    expect(v.owner).toBeNull();
    const ev = await t.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: id, type: "ticket.released" } });
    expect([ev.actorId, JSON.parse(ev.data)]).toEqual(["ada", { owner: { before: "bob", after: null } }]);
  });

  it("calls releasing an unowned ticket a conflict", async () => {
    const { id } = await createTicket(t.deps, { subject: "nobody's" }, as.bob);
    await expect(releaseTicket(t.deps, { ticketId: id }, as.bob)).rejects.toMatchObject({
      code: "conflict",
      message: `#${id} is not assigned to anyone.`,
    });
  });

  it("hides team tickets from outsiders and refuses non-agents", async () => {
    const { id } = await createTicket(t.deps, { subject: "vip", teamId: "vip", ownerId: "dee" }, as.dee);
    await expect(releaseTicket(t.deps, { ticketId: id }, as.bob)).rejects.toMatchObject({ code: "not_found" });
    await expect(releaseTicket(t.deps, { ticketId: id }, { type: "agent", agentId: "nobody" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(releaseTicket(t.deps, { ticketId: id }, { type: "system" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(releaseTicket(t.deps, { ticketId: 999_999 }, as.ada)).rejects.toMatchObject({ code: "not_found" });
    await expect(releaseTicket(t.deps, { ticketId: id }, as.dee)).resolves.toMatchObject({ owner: null });
  });

  it("will not leave a ticket whose status requires an owner without one", async () => {
    const { id } = await createTicket(t.deps, { subject: "hot", statusId: "escalated", ownerId: "bob" }, as.bob);
    await expect(releaseTicket(t.deps, { ticketId: id }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      fields: { owner: "Escalated requires owner." },
    });
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).ownerId).toBe("bob");
  });

  it("releases once when the owner double-clicks and an admin releases at the same time", async () => {
    for (let round = 0; round < 4; round++) {
      const { id } = await createTicket(t.deps, { subject: `double ${round}`, ownerId: "bob" }, as.bob);
      const results = await Promise.allSettled([as.bob, as.bob, as.ada].map((a) => releaseTicket(t.deps, { ticketId: id }, a)));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "conflict" });
      expect(await t.prisma.timelineEvent.count({ where: { ticketId: id, type: "ticket.released" } })).toBe(1);
      expect(await t.prisma.outbox.count({ where: { ticketId: id, topic: "ticket.changed", payload: { contains: '"owner"' } } })).toBe(1);
    }
  });

  it("racing claims and assignments leave an owner the timeline agrees with", async () => {
    for (let round = 0; round < 4; round++) {
      const { id } = await createTicket(t.deps, { subject: `race ${round}` }, as.ada);
      await claimTicket(t.deps, { ticketId: id }, as.bob);
      const results = await Promise.allSettled([
        releaseTicket(t.deps, { ticketId: id }, as.bob),
        claimTicket(t.deps, { ticketId: id }, as.cy),
        assignTicket(t.deps, { ticketId: id, ownerId: "dee" }, as.ada),
        claimTicket(t.deps, { ticketId: id }, as.ada),
      ]);
      for (const r of results) if (r.status === "rejected") expect(["conflict", "forbidden", "invalid"]).toContain(r.reason.code);
      const { ownerId } = await t.prisma.ticket.findUniqueOrThrow({ where: { id } });
      const changes = await ownerChanges(id);
      expect(changes).toHaveLength(1 + results.filter((r) => r.status === "fulfilled").length);
      expect(chainEnds(changes, null)).toContain(ownerId);
    }
  });
});
