import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { assignTicket } from "./assign-ticket.js";
import { createTicket } from "./create-ticket.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
  await t.prisma.agent.create({ data: { id: "gone", name: "Gone", active: false } });
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
const outbox = (ticketId: number, topic: string) =>
  t.prisma.outbox.findMany({ where: { ticketId, topic } }).then((rows) => rows.map((r) => JSON.parse(r.payload) as unknown));

describe("assignTicket", () => {
  it("hands the ticket to another agent, records it, updates the card and tells the new owner", async () => {
    const { id } = await createTicket(t.deps, { subject: "for cy" }, as.bob);
    t.advance(1_000);
    const v = await assignTicket(t.deps, { ticketId: id, ownerId: "cy" }, as.bob);
    expect(v.owner).toEqual({ id: "cy", name: "Cy" });
    expect(v.updatedAt).toEqual(t.deps.now());
    const ev = await t.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: id, type: "ticket.assigned" } });
    expect([ev.actorId, JSON.parse(ev.data)]).toEqual(["bob", { owner: { before: null, after: "cy" } }]);
    expect(await outbox(id, "ticket.changed")).toContainEqual({ ticketId: id, change: "owner" });
    expect(await outbox(id, "agents.notify")).toEqual([{ ticketId: id, agentIds: ["cy"], reason: "assigned" }]);
  });

  it("does not notify an agent who assigns the ticket to themself, nor anyone on unassign", async () => {
    const { id } = await createTicket(t.deps, { subject: "mine" }, as.bob);
    await assignTicket(t.deps, { ticketId: id, ownerId: "bob" }, as.bob);
    const v = await assignTicket(t.deps, { ticketId: id, ownerId: null }, as.cy);
    expect(v.owner).toBeNull();
    expect(await outbox(id, "agents.notify")).toEqual([]);
    const evs = await t.prisma.timelineEvent.findMany({ where: { ticketId: id, type: "ticket.assigned" } });
    expect(evs.map((e) => JSON.parse(e.data))).toEqual(
      expect.arrayContaining([{ owner: { before: null, after: "bob" } }, { owner: { before: "bob", after: null } }]),
    );
  });

  it("refuses an assignment that changes nothing", async () => {
    const { id } = await createTicket(t.deps, { subject: "same", ownerId: "cy" }, as.bob);
    await expect(assignTicket(t.deps, { ticketId: id, ownerId: "cy" }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      message: `#${id} is already owned by Cy.`,
    });
    const { id: free } = await createTicket(t.deps, { subject: "free" }, as.bob);
    await expect(assignTicket(t.deps, { ticketId: free, ownerId: null }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      message: `#${free} is already unassigned.`,
    });
    expect(await t.prisma.timelineEvent.count({ where: { ticketId: { in: [id, free] }, type: "ticket.assigned" } })).toBe(0);
  });

  it("only assigns active agents who can see the ticket's team", async () => {
    const { id } = await createTicket(t.deps, { subject: "vip", teamId: "vip" }, as.dee);
    await expect(assignTicket(t.deps, { ticketId: id, ownerId: "bob" }, as.dee)).rejects.toMatchObject({
      code: "invalid",
      fields: { owner: "Not in the ticket's team." },
    });
    await expect(assignTicket(t.deps, { ticketId: id, ownerId: "gone" }, as.dee)).rejects.toMatchObject({
      code: "invalid",
      fields: { owner: "Unknown agent." },
    });
    await expect(assignTicket(t.deps, { ticketId: id, ownerId: "nobody" }, as.dee)).rejects.toMatchObject({ code: "invalid" });
    await expect(assignTicket(t.deps, { ticketId: id, ownerId: "ada" }, as.dee)).resolves.toMatchObject({ owner: { id: "ada" } });
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).ownerId).toBe("ada");
  });

  it("hides team tickets from outsiders and refuses non-agents", async () => {
    const { id } = await createTicket(t.deps, { subject: "vip", teamId: "vip" }, as.dee);
    await expect(assignTicket(t.deps, { ticketId: id, ownerId: "dee" }, as.bob)).rejects.toMatchObject({ code: "not_found" });
    await expect(assignTicket(t.deps, { ticketId: id, ownerId: "dee" }, { type: "agent", agentId: "gone" })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).ownerId).toBeNull();
  });

  it("reassigns but never unassigns a ticket whose status requires an owner", async () => {
    const { id } = await createTicket(t.deps, { subject: "hot", statusId: "escalated", ownerId: "bob" }, as.bob);
    await expect(assignTicket(t.deps, { ticketId: id, ownerId: null }, as.ada)).rejects.toMatchObject({
      code: "invalid",
      message: `#${id} is Escalated, which requires owner; change its status first.`,
    });
    await expect(assignTicket(t.deps, { ticketId: id, ownerId: "cy" }, as.bob)).resolves.toMatchObject({ owner: { id: "cy" } });
  });

  it("racing assignments queue up so every event's before is the owner it replaced", async () => {
    for (let round = 0; round < 4; round++) {
      const { id } = await createTicket(t.deps, { subject: `race ${round}` }, as.ada);
      const moves: [typeof as.ada, string | null][] = [
        [as.ada, "bob"],
        [as.bob, "cy"],
        [as.cy, "ada"],
        [as.ada, "dee"],
        [as.bob, null],
      ];
      const results = await Promise.allSettled(moves.map(([a, ownerId]) => assignTicket(t.deps, { ticketId: id, ownerId }, a)));
      for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "invalid" });
      const events = await t.prisma.timelineEvent.findMany({ where: { ticketId: id, type: "ticket.assigned" } });
      expect(events).toHaveLength(results.filter((r) => r.status === "fulfilled").length);
      const { ownerId } = await t.prisma.ticket.findUniqueOrThrow({ where: { id } });
      expect(
        chainEnds(
          events.map((e) => (JSON.parse(e.data) as { owner: Pair }).owner),
          null,
        ),
      ).toContain(ownerId);
    }
  });
});
