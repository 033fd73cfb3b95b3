import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { createTicket } from "./create-ticket.js";
import { getDraft, saveDraft } from "./save-draft.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

describe("saveDraft", () => {
  it("keeps one draft per agent and ticket, replacing it on each save", async () => {
    const v = await createTicket(t.deps, { subject: "draft" }, as.bob);
    await saveDraft(t.deps, { ticketId: v.id, text: "Hi Jo,", cc: ["Boss@Acme.io"] }, as.bob);
    t.advance(5_000);
    const d = await saveDraft(t.deps, { ticketId: v.id, text: "Hi Jo,\nfixed it.\n", statusId: "resolved" }, as.bob);
    expect(d).toEqual({ ticketId: v.id, text: "Hi Jo,\nfixed it.\n", cc: [], bcc: [], statusId: "resolved", updatedAt: t.deps.now() });
    expect(await t.prisma.draft.count({ where: { ticketId: v.id } })).toBe(1);
    expect(await getDraft(t.deps, { ticketId: v.id }, as.bob)).toEqual(d);
  });

  it("is visible only to its author", async () => {
    const v = await createTicket(t.deps, { subject: "mine" }, as.bob);
    await saveDraft(t.deps, { ticketId: v.id, text: "bob's words", bcc: ["audit@acme.io"] }, as.bob);
    await saveDraft(t.deps, { ticketId: v.id, text: "cy's words" }, as.cy);
    expect(await getDraft(t.deps, { ticketId: v.id }, as.bob)).toMatchObject({ text: "bob's words", bcc: ["audit@acme.io"] });
    expect(await getDraft(t.deps, { ticketId: v.id }, as.cy)).toMatchObject({ text: "cy's words", bcc: [] });
    expect(await getDraft(t.deps, { ticketId: v.id }, as.ada)).toBeNull();
  });

  it("leaves no trace others can see: no event, no outbox row, no newer updatedAt", async () => {
    const v = await createTicket(t.deps, { subject: "quiet" }, as.bob);
    const outbox = await t.prisma.outbox.count({ where: { ticketId: v.id } });
    const events = await t.prisma.timelineEvent.count({ where: { ticketId: v.id } });
    t.advance(60_000);
    await saveDraft(t.deps, { ticketId: v.id, text: "psst" }, as.bob);
    expect(await t.prisma.outbox.count({ where: { ticketId: v.id } })).toBe(outbox);
    expect(await t.prisma.timelineEvent.count({ where: { ticketId: v.id } })).toBe(events);
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: v.id } })).updatedAt).toEqual(v.updatedAt);
  });

  it("refuses empty text, bad addresses and unknown statuses", async () => {
    const v = await createTicket(t.deps, { subject: "bad" }, as.bob);
    await expect(saveDraft(t.deps, { ticketId: v.id, text: "  \n" }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      fields: { text: "Required." },
    });
    await expect(
      saveDraft(t.deps, { ticketId: v.id, text: "x", cc: ["ok@acme.io", "nope"], bcc: ["also bad"] }, as.bob),
    ).rejects.toMatchObject({
      code: "invalid",
      fields: { cc: 'Not an email address: "nope".', bcc: 'Not an email address: "also bad".' },
    });
    await expect(saveDraft(t.deps, { ticketId: v.id, text: "x", statusId: "done" }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      fields: { status: "Unknown status." },
    });
    expect(await t.prisma.draft.count({ where: { ticketId: v.id } })).toBe(0);
  });

  it("hides team tickets from agents outside the team", async () => {
    const v = await createTicket(t.deps, { subject: "vip", teamId: "vip" }, as.dee);
    await expect(saveDraft(t.deps, { ticketId: v.id, text: "x" }, as.bob)).rejects.toMatchObject({ code: "not_found" });
    await expect(getDraft(t.deps, { ticketId: v.id }, as.bob)).rejects.toMatchObject({ code: "not_found" });
    await expect(saveDraft(t.deps, { ticketId: v.id, text: "x" }, { type: "system" })).rejects.toMatchObject({ code: "forbidden" });
  });
});
