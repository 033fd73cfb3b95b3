// `/ticket workflows` in the core: each configured workflow with its latest runs, for admins only.
import { afterEach, describe, expect, it } from "vitest";
import { isHelpdeskError } from "../errors.js";
import { createTicket } from "../tickets/create-ticket.js";
import { as, testConfigInput, testCore, type TestCore } from "../../test/harness.js";
import { listWorkflows } from "./list-workflows.js";

let t: TestCore;
afterEach(() => t.close());

describe("listWorkflows", () => {
  it("lists the workflows in the config's order with their latest runs, newest first", async () => {
    t = await testCore({
      ...testConfigInput,
      workflows: [
        { id: "note", name: { en: "Note", ja: "メモ" }, trigger: { on: "ticket_created" }, actions: [{ do: "add_note", text: "hi" }] },
        { id: "idle", name: "Idle", enabled: false, trigger: { on: "agent_replied" }, actions: [{ do: "add_note", text: "x" }] },
      ],
    });
    const first = await createTicket(t.deps, { subject: "one" }, as.bob);
    t.advance(60_000);
    const second = await createTicket(t.deps, { subject: "two" }, as.bob);
    const list = await listWorkflows(t.deps, { runs: 5 }, as.ada);
    expect(list).toEqual([
      {
        id: "note",
        name: { en: "Note", ja: "メモ" },
        enabled: true,
        trigger: "ticket_created",
        actions: ["add_note"],
        runs: [
          { ticketId: second.id, outcome: "done", trigger: "ticket_created", at: expect.any(Date) },
          { ticketId: first.id, outcome: "done", trigger: "ticket_created", at: expect.any(Date) },
        ],
      },
      { id: "idle", name: "Idle", enabled: false, trigger: "agent_replied", actions: ["add_note"], runs: [] },
    ]);
  });

  it("is for admins", async () => {
    t = await testCore(testConfigInput);
    const refused = await listWorkflows(t.deps, {}, as.bob).catch((e: unknown) => e);
    expect(isHelpdeskError(refused) && refused.code).toBe("forbidden");
  });
});
