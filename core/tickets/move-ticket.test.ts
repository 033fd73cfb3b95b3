import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { claimTicket } from "./claim-ticket.js";
import { createTicket } from "./create-ticket.js";
import { moveTicket } from "./move-ticket.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

describe("moveTicket", () => {
  it("moves an open ticket to the target pipeline's first open status, records it and updates the card", async () => {
    const { id } = await createTicket(t.deps, { subject: "wrong queue", statusId: "in_progress" }, as.bob);
    t.advance(1000);
    const v = await moveTicket(t.deps, { ticketId: id, pipelineId: "billing" }, as.cy);
    expect(v).toMatchObject({ pipeline: { id: "billing", name: "Billing" }, status: { id: "open", category: "OPEN" }, closedAt: null });
    expect(v.updatedAt).toEqual(t.deps.now());
    const ev = await t.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: id, type: "ticket.moved" } });
    expect(ev.actorId).toBe("cy");
    expect(JSON.parse(ev.data)).toEqual({
      pipeline: { before: "support", after: "billing" },
      status: { before: "in_progress", after: "open" },
    });
    expect(await t.prisma.outbox.count({ where: { ticketId: id, topic: "ticket.changed", payload: { contains: '"pipeline"' } } })).toBe(1);
  });

  it("keeps a closed ticket closed, with its close time", async () => {
    const { id, closedAt } = await createTicket(t.deps, { subject: "done", statusId: "closed" }, as.bob);
    t.advance(60_000);
    const v = await moveTicket(t.deps, { ticketId: id, pipelineId: "billing" }, as.bob);
    expect(v.status).toEqual({ id: "done", name: "Done", category: "CLOSED" });
    expect(v.closedAt).toEqual(closedAt);
    // Back into support: the first closed status there (Resolved) needs a resolution.
    await expect(moveTicket(t.deps, { ticketId: id, pipelineId: "support" }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      message: "To set Resolved, fill in: Resolution.",
    });
    const back = await moveTicket(t.deps, { ticketId: id, pipelineId: "support", statusId: "closed" }, as.bob);
    expect(back.status.id).toBe("closed");
  });

  it("enforces the chosen status's required properties", async () => {
    const { id } = await createTicket(t.deps, { subject: "to escalate" }, as.bob);
    await moveTicket(t.deps, { ticketId: id, pipelineId: "billing" }, as.bob);
    await expect(moveTicket(t.deps, { ticketId: id, pipelineId: "support", statusId: "escalated" }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      fields: { owner: expect.any(String) },
    });
    await claimTicket(t.deps, { ticketId: id }, as.bob);
    const v = await moveTicket(t.deps, { ticketId: id, pipelineId: "support", statusId: "escalated" }, as.bob);
    expect(v.status.id).toBe("escalated");
    expect(await t.prisma.timelineEvent.count({ where: { ticketId: id, type: "ticket.moved" } })).toBe(2);
  });

  it("refuses the same pipeline, an unknown pipeline or status, and hides team tickets", async () => {
    const { id } = await createTicket(t.deps, { subject: "stay" }, as.bob);
    await expect(moveTicket(t.deps, { ticketId: id, pipelineId: "support" }, as.bob)).rejects.toMatchObject({ code: "invalid" });
    await expect(moveTicket(t.deps, { ticketId: id, pipelineId: "nope" }, as.bob)).rejects.toMatchObject({ code: "invalid" });
    await expect(moveTicket(t.deps, { ticketId: id, pipelineId: "billing", statusId: "new" }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      fields: { status: "Unknown status." },
    });
    const vip = await createTicket(t.deps, { subject: "vip", teamId: "vip" }, as.dee);
    await expect(moveTicket(t.deps, { ticketId: vip.id, pipelineId: "billing" }, as.bob)).rejects.toMatchObject({ code: "not_found" });
    const row = await t.prisma.ticket.findUniqueOrThrow({ where: { id } });
    expect(row.pipelineId).toBe("support");
  });
});
