import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { createTicket } from "./create-ticket.js";
import { discardDraft } from "./discard-draft.js";
import { getDraft, saveDraft } from "./save-draft.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

describe("discardDraft", () => {
  it("removes the actor's draft and no one else's, quietly", async () => {
    const v = await createTicket(t.deps, { subject: "discard" }, as.bob);
    await saveDraft(t.deps, { ticketId: v.id, text: "bob" }, as.bob);
    await saveDraft(t.deps, { ticketId: v.id, text: "cy" }, as.cy);
    const events = await t.prisma.timelineEvent.count({ where: { ticketId: v.id } });
    await discardDraft(t.deps, { ticketId: v.id }, as.bob);
    expect(await getDraft(t.deps, { ticketId: v.id }, as.bob)).toBeNull();
    expect(await getDraft(t.deps, { ticketId: v.id }, as.cy)).toMatchObject({ text: "cy" });
    expect(await t.prisma.timelineEvent.count({ where: { ticketId: v.id } })).toBe(events);
  });

  it("says so when there is no draft to discard", async () => {
    const v = await createTicket(t.deps, { subject: "none" }, as.bob);
    await expect(discardDraft(t.deps, { ticketId: v.id }, as.bob)).rejects.toMatchObject({
      code: "not_found",
      message: `You have no draft on #${v.id}.`,
    });
    await saveDraft(t.deps, { ticketId: v.id, text: "x" }, as.bob);
    await discardDraft(t.deps, { ticketId: v.id }, as.bob);
    await expect(discardDraft(t.deps, { ticketId: v.id }, as.bob)).rejects.toMatchObject({ code: "not_found" });
  });

  it("still clears a draft left on a ticket that was deleted since", async () => {
    const v = await createTicket(t.deps, { subject: "gone" }, as.bob);
    await saveDraft(t.deps, { ticketId: v.id, text: "x" }, as.bob);
    await t.prisma.ticket.update({ where: { id: v.id }, data: { deletedAt: t.deps.now() } });
    await expect(saveDraft(t.deps, { ticketId: v.id, text: "y" }, as.bob)).rejects.toMatchObject({ code: "not_found" });
    await discardDraft(t.deps, { ticketId: v.id }, as.bob);
    expect(await t.prisma.draft.count({ where: { ticketId: v.id } })).toBe(0);
  });

  it("hides team tickets from agents outside the team", async () => {
    const v = await createTicket(t.deps, { subject: "vip", teamId: "vip" }, as.dee);
    await saveDraft(t.deps, { ticketId: v.id, text: "x" }, as.dee);
    await expect(discardDraft(t.deps, { ticketId: v.id }, as.bob)).rejects.toMatchObject({
      code: "not_found",
      message: `Ticket #${v.id} was not found.`,
    });
  });
});
