import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { claimTicket } from "./claim-ticket.js";
import { createTicket } from "./create-ticket.js";
import { deleteTicket } from "./delete-ticket.js";
import { restoreTicket } from "./restore-ticket.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

describe("restoreTicket", () => {
  it("brings a deleted ticket back for an admin, records it and updates the card", async () => {
    const { id } = await createTicket(t.deps, { subject: "oops" }, as.bob);
    await deleteTicket(t.deps, { ticketId: id }, as.ada);
    t.advance(5000);
    const v = await restoreTicket(t.deps, { ticketId: id }, as.ada);
    expect(v.deletedAt).toBeNull();
    expect(v.updatedAt).toEqual(t.deps.now());
    const ev = await t.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: id, type: "ticket.restored" } });
    expect(ev.actorId).toBe("ada");
    expect(await t.prisma.outbox.count({ where: { ticketId: id, topic: "ticket.changed", payload: { contains: '"restored"' } } })).toBe(1);
    // Usable again by other use cases.
    await expect(claimTicket(t.deps, { ticketId: id }, as.bob)).resolves.toMatchObject({ owner: { id: "bob" } });
  });

  it("is for admins only, even the owner who deleted it", async () => {
    const { id } = await createTicket(t.deps, { subject: "owned" }, as.bob);
    await claimTicket(t.deps, { ticketId: id }, as.bob);
    await deleteTicket(t.deps, { ticketId: id }, as.bob);
    await expect(restoreTicket(t.deps, { ticketId: id }, as.bob)).rejects.toMatchObject({ code: "forbidden" });
    await expect(restoreTicket(t.deps, { ticketId: id }, { type: "agent", agentId: "nobody" })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).deletedAt).not.toBeNull();
  });

  it("refuses a ticket that is not deleted, and one that does not exist", async () => {
    const { id } = await createTicket(t.deps, { subject: "alive" }, as.bob);
    await expect(restoreTicket(t.deps, { ticketId: id }, as.ada)).rejects.toMatchObject({
      code: "conflict",
      message: `#${id} is not deleted.`,
    });
    await expect(restoreTicket(t.deps, { ticketId: 987_654 }, as.ada)).rejects.toMatchObject({ code: "not_found" });
    expect(await t.prisma.timelineEvent.count({ where: { ticketId: id, type: "ticket.restored" } })).toBe(0);
  });
});
