import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { createTicket } from "./create-ticket.js";
import { deleteTicket } from "./delete-ticket.js";
import { getReplyForm } from "./get-reply-form.js";
import { mergeTickets } from "./merge-tickets.js";
import { getDraft, saveDraft } from "./save-draft.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

describe("getReplyForm", () => {
  it("gives the ticket's pipeline and status and the agent's own draft, as getDraft reads it", async () => {
    const ticket = await createTicket(t.deps, { subject: "Form", requester: { email: "f@x.test" } }, as.bob);
    expect(await getReplyForm(t.deps, { ticketId: ticket.id }, as.bob)).toEqual({
      ticketId: ticket.id,
      pipelineId: "support",
      statusId: "new",
      draft: null,
    });
    await saveDraft(t.deps, { ticketId: ticket.id, text: "Half a reply", cc: ["boss@x.test"], statusId: "waiting_on_customer" }, as.bob);
    const form = await getReplyForm(t.deps, { ticketId: ticket.id }, as.bob);
    expect(form.draft).toEqual(await getDraft(t.deps, { ticketId: ticket.id }, as.bob));
    expect(form.draft).toMatchObject({ text: "Half a reply", cc: ["boss@x.test"], statusId: "waiting_on_customer" });
    // Another agent never sees it.
    expect((await getReplyForm(t.deps, { ticketId: ticket.id }, as.cy)).draft).toBeNull();
  });

  it("refuses as a reply would: hidden, deleted and merged tickets, and non-agents", async () => {
    const vip = await createTicket(t.deps, { subject: "VIP", teamId: "vip" }, as.ada);
    await expect(getReplyForm(t.deps, { ticketId: vip.id }, as.bob)).rejects.toMatchObject({
      code: "not_found",
      message: `Ticket #${vip.id} was not found.`,
    });
    const gone = await createTicket(t.deps, { subject: "Gone" }, as.ada);
    await deleteTicket(t.deps, { ticketId: gone.id }, as.ada);
    await expect(getReplyForm(t.deps, { ticketId: gone.id }, as.ada)).rejects.toMatchObject({
      code: "not_found",
      message: `Ticket #${gone.id} was deleted.`,
    });
    const a = await createTicket(t.deps, { subject: "A" }, as.ada);
    const b = await createTicket(t.deps, { subject: "B" }, as.ada);
    await mergeTickets(t.deps, { primaryId: a.id, secondaryId: b.id }, as.ada);
    await expect(getReplyForm(t.deps, { ticketId: b.id }, as.ada)).rejects.toMatchObject({ code: "invalid" });
    await expect(getReplyForm(t.deps, { ticketId: a.id }, { type: "system" })).rejects.toMatchObject({ code: "forbidden" });
  });
});
