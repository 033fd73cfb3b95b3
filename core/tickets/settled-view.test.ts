// What a use case answers is the ticket as it commits: read again once the SLA clocks and the
// workflows its change set off have run in the same transaction.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { slaConfigInput } from "../../test/sla-config.js";
import { withTx } from "../deps.js";
import { claimTicket } from "./claim-ticket.js";
import { createTicket } from "./create-ticket.js";
import { replyToTicket } from "./reply-to-ticket.js";
import { readTicketView, rereadTicketViews } from "./view.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore({
    ...slaConfigInput,
    workflows: [
      {
        id: "escalate-urgent",
        name: "Escalate urgent tickets",
        trigger: { on: "ticket_created" },
        conditions: { priorities: ["urgent"] },
        actions: [
          { do: "set_priority", priority: "high" },
          { do: "assign", rule: "to-cy" },
        ],
      },
    ],
    assignmentRules: [{ id: "to-cy", agents: ["cy"], auto: false }],
  });
});
afterAll(() => t.close());

const stored = (id: number) => readTicketView(t.deps.db, t.deps.catalog, id);

describe("a use case's answer", () => {
  it("shows what the workflows and SLA clocks of the same transaction did", async () => {
    const created = await createTicket(
      t.deps,
      { subject: "Down", requester: { email: "carol@customer.test" }, teamId: "tier1", priority: "urgent" },
      as.bob,
    );
    expect(created).toMatchObject({ priority: "high", owner: { id: "cy" } });
    expect(created.slaDueAt).not.toBeNull();
    expect(created).toEqual(await stored(created.id));

    const replied = await replyToTicket(t.deps, { ticketId: created.id, text: "Looking now." }, as.cy);
    expect(replied.ticket).toEqual(await stored(created.id));
    expect(replied.ticket.slaDueAt?.getTime()).not.toBe(created.slaDueAt?.getTime());
  });

  it("reads again the views a result holds, and leaves the rest of it alone", async () => {
    const id = (await createTicket(t.deps, { subject: "Printer", requester: { email: "dan@customer.test" }, teamId: "tier1" }, as.bob)).id;
    await claimTicket(t.deps, { ticketId: id }, as.cy);
    const before = await stored(id);
    const result = await withTx(t.deps, async (tx) => {
      const view = await readTicketView(tx, t.deps.catalog, id);
      // A change after the read, as workflows and SLA clocks make after the use case's own.
      await tx.updateTable("Ticket").set({ priority: "low" }).where("id", "=", id).execute();
      return { ticket: view, note: "kept", list: [view] };
    });
    expect(before.priority).not.toBe("low");
    expect(result.ticket).toEqual({ ...before, priority: "low" });
    expect(result.note).toBe("kept");
    expect(result.list[0]).toEqual(before);
    expect(await rereadTicketViews(t.deps.db, t.deps.catalog, "plain")).toBe("plain");
  });
});
