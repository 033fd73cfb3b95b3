// Workflows at their edges: a claim racing a delayed step, the rules the agents' use cases keep,
// tickets that change pipeline, arrive closed or are taken up after being filed apart, steps of a
// time trigger whose ticket moved on, and typos in the config refused at start.
import { afterEach, describe, expect, it } from "vitest";
import { HelpdeskConfig } from "../config.js";
import { withTx } from "../deps.js";
import { silentLogger } from "../log.js";
import { OutboxDispatcher } from "../outbox/dispatcher.js";
import { changeStatus } from "../tickets/change-status.js";
import { createTicket } from "../tickets/create-ticket.js";
import { moveTicket } from "../tickets/move-ticket.js";
import { as, testCore, testProvider, type TestCore } from "../../test/harness.js";
import { slaConfigInput } from "../../test/sla-config.js";
import { coreJobs } from "../jobs/core-jobs.js";
import { workflowJobs, workflowStepTopic } from "./run-workflows.js";

let t: TestCore;
let worker: OutboxDispatcher;
afterEach(() => t?.close());

async function start(workflows: unknown[], over: Record<string, unknown> = {}) {
  t = await testCore({
    ...slaConfigInput,
    slaPolicies: [],
    assignmentRules: [{ id: "tier1-turns", team: "tier1", auto: false }],
    workflows,
    ...over,
  });
  worker = new OutboxDispatcher({ deps: t.deps, targets: {}, jobs: coreJobs, log: silentLogger });
}

const hour = 3_600_000;
const ticket = (over: Parameters<typeof createTicket>[1] = { subject: "Printer on fire" }) =>
  createTicket(t.deps, { requester: { email: "carol@customer.test" }, teamId: "tier1", ...over }, as.bob).then((v) => v.id);
const row = (id: number) => t.prisma.ticket.findUniqueOrThrow({ where: { id } });
const notes = (id: number) => t.prisma.message.findMany({ where: { ticketId: id, kind: "COMMENT" } }).then((ms) => ms.map((m) => m.text));
const runs = (workflow: string) =>
  t.prisma.workflowRun
    .findMany({ where: { workflow } })
    .then((rs) => rs.map((r) => ({ outcome: r.outcome, detail: JSON.parse(r.detail) as Record<string, unknown> })));

describe("workflows at their edges", () => {
  it.skipIf(testProvider !== "postgresql")(
    "a delayed assignment waits for a claim that is committing, and leaves the claimed ticket alone",
    async () => {
      await start([
        {
          id: "chase",
          name: "Chase",
          trigger: { on: "ticket_created" },
          conditions: { owner: "unset" },
          actions: [{ do: "assign", rule: "tier1-turns", delay: "1h" }],
        },
      ]);
      const id = await ticket();
      t.advance(hour);
      const job = await t.prisma.outbox.findFirstOrThrow({ where: { topic: workflowStepTopic } });
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let locked!: () => void;
      const claimLocked = new Promise<void>((r) => (locked = r));
      // An agent's claim holds the ticket's row lock, not yet committed...
      const claim = withTx(t.deps, async (tx) => {
        await tx.updateTable("Ticket").set({ ownerId: "cy", updatedAt: t.deps.now() }).where("id", "=", id).execute();
        locked();
        await held;
      });
      await claimLocked;
      // ...while the delayed step runs.
      const step = withTx(t.deps, (tx) =>
        workflowJobs[workflowStepTopic]!(
          tx,
          {
            id: job.id,
            key: job.key,
            topic: job.topic,
            ticketId: id,
            payload: JSON.parse(job.payload),
            dueAt: job.nextAttemptAt,
            attempts: 1,
          },
          t.deps,
        ),
      );
      await new Promise((r) => setTimeout(r, 300));
      release();
      await Promise.all([claim, step]);
      expect((await row(id)).ownerId).toBe("cy");
      expect(await runs("chase")).toContainEqual(
        expect.objectContaining({ outcome: "cancelled", detail: expect.objectContaining({ reason: "owner" }) }),
      );
    },
  );

  it("keeps the rules agents keep: a status's required team and properties, who may see a ticket, an owned ticket", async () => {
    await start([
      {
        id: "drop-team",
        name: "D",
        trigger: { on: "agent_replied" },
        actions: [
          { do: "set_team", team: null },
          { do: "set_property", property: "resolution", value: null },
        ],
      },
      {
        id: "tell-dee",
        name: "T",
        trigger: { on: "ticket_created" },
        actions: [
          { do: "notify", to: { agent: "dee" }, text: "x" },
          { do: "add_follower", agent: "dee" },
        ],
      },
      { id: "assign", name: "A", trigger: { on: "status_changed" }, actions: [{ do: "assign", rule: "tier1-turns" }] },
    ]);
    const id = await ticket({ subject: "owned", ownerId: "cy" });
    // Dee is in VIP only: not told of a tier 1 ticket, not made a follower.
    expect((await t.prisma.outbox.findMany({ where: { topic: "agents.notify" } })).map((r) => JSON.parse(r.payload).reason)).not.toContain(
      "workflow",
    );
    expect(await t.prisma.follower.count({ where: { ticketId: id } })).toBe(0);
    expect((await runs("tell-dee"))[0]).toMatchObject({ outcome: "failed" });
    await changeStatus(t.deps, { ticketId: id, statusId: "resolved", properties: { resolution: "fixed" } }, as.cy);
    // Owned: the rule gives it to nobody else.
    expect((await row(id)).ownerId).toBe("cy");
    const { replyToTicket } = await import("../tickets/reply-to-ticket.js");
    await replyToTicket(t.deps, { ticketId: id, text: "on it" }, as.cy);
    // Resolved requires Resolution: the workflow's own hand does not clear it either.
    expect(JSON.parse((await row(id)).properties)).toEqual({ resolution: "fixed" });
    expect((await runs("drop-team"))[0]).toMatchObject({ outcome: "failed" });
  });

  it("runs '1 day after resolved' once for a resolved ticket moved to another pipeline, and for one created closed", async () => {
    await start([
      {
        id: "after",
        name: "After",
        trigger: { on: "time_after", event: "resolved", after: "1d" },
        actions: [{ do: "add_note", text: "follow up" }],
      },
    ]);
    const moved = await ticket();
    await changeStatus(t.deps, { ticketId: moved, statusId: "closed" }, as.bob);
    const born = await ticket({ subject: "closed already", statusId: "closed" } as Parameters<typeof createTicket>[1]);
    t.advance(25 * hour);
    await worker.runOnce();
    await moveTicket(t.deps, { ticketId: moved, pipelineId: "billing", statusId: "done" }, as.ada);
    t.advance(25 * hour);
    await worker.runOnce();
    expect(await notes(moved)).toEqual(["follow up"]);
    expect(await notes(born)).toEqual(["follow up"]);
  });

  it("is set off by a property filled in with a status change", async () => {
    await start([
      {
        id: "res",
        name: "R",
        trigger: { on: "property_changed", property: "resolution" },
        actions: [{ do: "add_note", text: "resolution set" }],
      },
    ]);
    const id = await ticket();
    await changeStatus(t.deps, { ticketId: id, statusId: "resolved", properties: { resolution: "fixed" } }, as.bob);
    expect(await notes(id)).toEqual(["resolution set"]);
  });

  it("cancels a delayed step of 'still New' once the ticket has left New", async () => {
    await start([
      {
        id: "stale",
        name: "S",
        trigger: { on: "time_in_status", status: "new", after: "1h" },
        actions: [
          { do: "add_note", text: "still new" },
          { do: "set_priority", priority: "urgent", delay: "2h" },
        ],
      },
    ]);
    const id = await ticket();
    t.advance(hour);
    await worker.runOnce();
    expect(await notes(id)).toEqual(["still new"]);
    await changeStatus(t.deps, { ticketId: id, statusId: "in_progress" }, as.bob);
    t.advance(2 * hour);
    await worker.runOnce();
    expect((await row(id)).priority).toBe("medium");
    expect(await runs("stale")).toContainEqual(
      expect.objectContaining({ outcome: "cancelled", detail: expect.objectContaining({ reason: "trigger" }) }),
    );
  });
});

describe("workflows and SLA alerts", () => {
  it("an SLA alert its own change causes does not set the workflow off again", async () => {
    t = await testCore({
      ...slaConfigInput,
      workflows: [{ id: "breach", name: "B", trigger: { on: "sla_breach" }, actions: [{ do: "set_priority", priority: "urgent" }] }],
    });
    worker = new OutboxDispatcher({ deps: t.deps, targets: {}, jobs: coreJobs, log: silentLogger });
    const id = await ticket();
    // First response due 14:00 in business hours; urgent counts one calendar hour, long gone by then.
    t.advance(5 * hour);
    await worker.runOnce();
    await worker.runOnce();
    expect((await row(id)).priority).toBe("urgent");
    const breaches = await t.prisma.timelineEvent.findMany({ where: { ticketId: id, type: "sla.breached" } });
    expect(breaches.map((b) => JSON.parse(b.data).workflow ?? null).sort()).toEqual(["breach", null]);
    expect(await runs("breach")).toHaveLength(1);
  });
});

describe("workflow typos refused at start", () => {
  const messages = (w: Record<string, unknown>) => {
    const r = HelpdeskConfig.safeParse({
      ...slaConfigInput,
      slaPolicies: [],
      workflows: [{ id: "w", name: "W", trigger: { on: "ticket_created" }, actions: [{ do: "add_note", text: "x" }], ...w }],
    });
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };

  it("an unknown key anywhere, a value a property cannot take, a built-in name among custom properties, an unknown source", () => {
    expect(messages({ condtions: {} })).toEqual([expect.stringContaining('Unrecognized key: "condtions"')]);
    expect(messages({ trigger: { on: "status_changed", too: ["new"] } })).toEqual([expect.stringContaining('"too"')]);
    expect(messages({ actions: [{ do: "add_note", text: "x", delai: "1h" }] })).toEqual([expect.stringContaining('"delai"')]);
    expect(messages({ actions: [{ do: "set_property", property: "product", value: "webb" }] })).toEqual([
      expect.stringContaining('"webb" is not a value of select property "product" (web, mobile)'),
    ]);
    expect(messages({ conditions: { properties: { priority: "high" } } })).toEqual([
      expect.stringContaining('no custom property "priority"'),
    ]);
    expect(messages({ conditions: { sources: ["fax"] } })).toHaveLength(1);
  });
});
