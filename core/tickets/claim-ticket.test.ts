import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { claimTicket } from "./claim-ticket.js";
import { createTicket } from "./create-ticket.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

describe("claimTicket", () => {
  it("makes the agent the owner, records it and asks for the card to be updated", async () => {
    const { id } = await createTicket(t.deps, { subject: "claim me" }, as.bob);
    const v = await claimTicket(t.deps, { ticketId: id }, as.cy);
    expect(v.owner).toEqual({ id: "cy", name: "Cy" });
    const ev = await t.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: id, type: "ticket.claimed" } });
    expect(JSON.parse(ev.data)).toEqual({ owner: { before: null, after: "cy" } });
    expect(await t.prisma.outbox.count({ where: { ticketId: id, topic: "ticket.changed", payload: { contains: '"owner"' } } })).toBe(1);
  });

  it("tells the second agent who owns it", async () => {
    const { id } = await createTicket(t.deps, { subject: "taken" }, as.bob);
    await claimTicket(t.deps, { ticketId: id }, as.bob);
    await expect(claimTicket(t.deps, { ticketId: id }, as.cy)).rejects.toMatchObject({
      code: "conflict",
      message: `#${id} is already claimed by Bob.`,
    });
    await expect(claimTicket(t.deps, { ticketId: id }, as.bob)).rejects.toMatchObject({ code: "conflict" });
  });

  it("lets exactly one of many racing agents win", async () => {
    for (let round = 0; round < 5; round++) {
      const { id } = await createTicket(t.deps, { subject: `race ${round}` }, as.ada);
      const racers = [as.ada, as.bob, as.cy, as.bob, as.cy, as.ada];
      const results = await Promise.allSettled(racers.map((a) => claimTicket(t.deps, { ticketId: id }, a)));
      const won = results.filter((r) => r.status === "fulfilled");
      expect(won).toHaveLength(1);
      const owner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof claimTicket>>>).value.owner!;
      for (const r of results) {
        if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "conflict" });
      }
      expect(await t.prisma.timelineEvent.count({ where: { ticketId: id, type: "ticket.claimed" } })).toBe(1);
      expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).ownerId).toBe(owner.id);
    }
  });

  it("hides team tickets from agents outside the team", async () => {
    const { id } = await createTicket(t.deps, { subject: "vip only", teamId: "vip" }, as.dee);
    await expect(claimTicket(t.deps, { ticketId: id }, as.bob)).rejects.toMatchObject({ code: "not_found" });
    await expect(claimTicket(t.deps, { ticketId: id }, as.ada)).resolves.toMatchObject({ owner: { id: "ada" } });
  });
});
