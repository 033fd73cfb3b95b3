import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { claimTicket } from "./claim-ticket.js";
import { createTicket } from "./create-ticket.js";
import { deleteTicket } from "./delete-ticket.js";
import { mergeTickets } from "./merge-tickets.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

describe("deleteTicket", () => {
  it("soft-deletes for an admin, records it and updates the card", async () => {
    const { id } = await createTicket(t.deps, { subject: "spam", text: "buy now" }, as.bob);
    t.advance(1000);
    const v = await deleteTicket(t.deps, { ticketId: id }, as.ada);
    expect(v.deletedAt).toEqual(t.deps.now());
    const row = await t.prisma.ticket.findUniqueOrThrow({ where: { id } });
    expect(row.deletedAt).toEqual(t.deps.now());
    expect(row.updatedAt).toEqual(t.deps.now());
    expect(await t.prisma.message.count({ where: { ticketId: id } })).toBe(1);
    const ev = await t.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: id, type: "ticket.deleted" } });
    expect(ev.actorId).toBe("ada");
    expect(await t.prisma.outbox.count({ where: { ticketId: id, topic: "ticket.changed", payload: { contains: '"deleted"' } } })).toBe(1);
  });

  it("lets the owner delete, but no other agent", async () => {
    const { id } = await createTicket(t.deps, { subject: "mine" }, as.bob);
    await expect(deleteTicket(t.deps, { ticketId: id }, as.bob)).rejects.toMatchObject({ code: "forbidden" });
    await claimTicket(t.deps, { ticketId: id }, as.bob);
    await expect(deleteTicket(t.deps, { ticketId: id }, as.cy)).rejects.toMatchObject({ code: "forbidden" });
    await expect(deleteTicket(t.deps, { ticketId: id }, as.bob)).resolves.toMatchObject({ id });
  });

  it("makes the ticket invisible to other use cases, and cannot delete twice", async () => {
    const { id } = await createTicket(t.deps, { subject: "gone" }, as.bob);
    await deleteTicket(t.deps, { ticketId: id }, as.ada);
    await expect(claimTicket(t.deps, { ticketId: id }, as.bob)).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteTicket(t.deps, { ticketId: id }, as.ada)).rejects.toMatchObject({ code: "not_found" });
  });

  it("records one delete when two admins race", async () => {
    const { id } = await createTicket(t.deps, { subject: "race" }, as.bob);
    await claimTicket(t.deps, { ticketId: id }, as.bob);
    const results = await Promise.allSettled([
      deleteTicket(t.deps, { ticketId: id }, as.ada),
      deleteTicket(t.deps, { ticketId: id }, as.bob),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await t.prisma.timelineEvent.count({ where: { ticketId: id, type: "ticket.deleted" } })).toBe(1);
  });

  it("can delete a merged secondary, and hides team tickets", async () => {
    const p = await createTicket(t.deps, { subject: "p" }, as.bob);
    const s = await createTicket(t.deps, { subject: "s" }, as.bob);
    await mergeTickets(t.deps, { primaryId: p.id, secondaryId: s.id }, as.bob);
    await expect(deleteTicket(t.deps, { ticketId: s.id }, as.ada)).resolves.toMatchObject({ mergedIntoId: p.id });
    const vip = await createTicket(t.deps, { subject: "vip", teamId: "vip" }, as.dee);
    await expect(deleteTicket(t.deps, { ticketId: vip.id }, as.bob)).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteTicket(t.deps, { ticketId: vip.id }, { type: "agent", agentId: "nobody" })).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});
