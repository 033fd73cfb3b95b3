// Workflows on real tickets with an injected clock: each trigger, the conditions, the actions,
// delayed steps that check again, time triggers armed and dropped, loops refused, and every run
// on the timeline and in WorkflowRun.
import { describe, expect, it } from "vitest";
import { assignTicket } from "../tickets/assign-ticket.js";
import { changeStatus } from "../tickets/change-status.js";
import { claimTicket } from "../tickets/claim-ticket.js";
import { ingestInbound } from "../tickets/ingest-inbound.js";
import { releaseTicket } from "../tickets/release-ticket.js";
import { replyToTicket } from "../tickets/reply-to-ticket.js";
import { updateProperties } from "../tickets/update-properties.js";
import { as } from "../../test/harness.js";
import { slaConfigInput } from "../../test/sla-config.js";
import { events, hour, outbox, row, runs, start, startWith, t, ticket, worker } from "./testing/workflow-core.js";

describe("workflows", () => {
  it("on a new ticket, posts to a Slack and a Discord channel and tells the owner, its fields filled in, on the timeline", async () => {
    await start([
      {
        id: "announce",
        name: { en: "Announce new tickets", ja: "新規チケットの通知" },
        trigger: { on: "ticket_created" },
        actions: [
          { do: "post_to_channel", slack: "C0NEW", discord: "900", text: "New ticket {number}: {subject} ({priority}, {team})" },
          { do: "notify", to: "owner", via: ["chat", "email"], text: "{number} is yours" },
        ],
      },
    ]);
    const id = await ticket({ subject: "Printer on fire", ownerId: "cy" });
    const posts = await outbox("chat.post");
    expect(posts).toEqual([
      { target: "slack", ticketId: id, channelId: "C0NEW", text: `New ticket #${id}: Printer on fire (medium, Tier 1)` },
      { target: "discord", ticketId: id, channelId: "900", text: `New ticket #${id}: Printer on fire (medium, Tier 1)` },
    ]);
    expect(await outbox("agents.notify")).toContainEqual(
      expect.objectContaining({ reason: "workflow", agentIds: ["cy"], text: { en: `#${id} is yours`, ja: `#${id} is yours` } }),
    );
    expect(await outbox("workflow.email")).toEqual([
      { target: "email", ticketId: id, agentIds: ["cy"], text: { en: `#${id} is yours`, ja: `#${id} is yours` } },
    ]);
    expect(await runs()).toEqual([expect.objectContaining({ workflow: "announce", trigger: "ticket_created", outcome: "done" })]);
    const ran = await events(id, "workflow.ran");
    expect(ran).toEqual([expect.objectContaining({ workflow: "announce", trigger: "ticket_created" })]);
  });

  it("raises a ticket still New after 24 hours and unclaimed, and leaves one claimed in time alone", async () => {
    await start([
      {
        id: "stale",
        name: "Escalate stale new tickets",
        trigger: { on: "time_in_status", status: "new", after: "24h" },
        conditions: { owner: "unset" },
        actions: [
          { do: "set_priority", priority: "high" },
          { do: "notify", to: { agent: "ada" }, text: "{number} waited a day: {subject}" },
        ],
      },
    ]);
    const stale = await ticket({ subject: "Nobody came" });
    const claimed = await ticket({ subject: "Taken" });
    t.advance(2 * hour);
    await claimTicket(t.deps, { ticketId: claimed }, as.bob);
    t.advance(22 * hour);
    await worker.runOnce();
    expect((await row(stale)).priority).toBe("high");
    expect((await row(claimed)).priority).toBe("medium");
    expect(await events(stale, "ticket.properties_updated")).toEqual([
      { priority: { before: "medium", after: "high" }, workflow: "stale" },
    ]);
    // Both fired at the same instant: in either order.
    expect((await runs("stale")).sort((x, y) => x.outcome.localeCompare(y.outcome))).toEqual([
      expect.objectContaining({ outcome: "cancelled", detail: expect.objectContaining({ reason: "owner" }) }),
      expect.objectContaining({ outcome: "done" }),
    ]);
    // Its own change set nothing off again, and it fired once.
    await worker.runOnce();
    expect(await runs("stale")).toHaveLength(2);
  });

  it("drops the timer of a ticket that leaves the status, and arms it again when it comes back", async () => {
    await start([
      {
        id: "stale",
        name: "Stale",
        trigger: { on: "time_in_status", status: "new", after: "24h" },
        actions: [{ do: "set_priority", priority: "high" }],
      },
    ]);
    const id = await ticket();
    expect(await t.prisma.outbox.count({ where: { key: `wf:stale:${id}:timer` } })).toBe(1);
    await changeStatus(t.deps, { ticketId: id, statusId: "in_progress" }, as.bob);
    expect(await t.prisma.outbox.count({ where: { key: `wf:stale:${id}:timer` } })).toBe(0);
    t.advance(12 * hour);
    await changeStatus(t.deps, { ticketId: id, statusId: "new" }, as.bob);
    t.advance(23 * hour);
    await worker.runOnce();
    expect((await row(id)).priority).toBe("medium");
    t.advance(hour);
    await worker.runOnce();
    expect((await row(id)).priority).toBe("high");
  });

  it("a day after a ticket is resolved, if it still is, adds a note; a reopened ticket gets none", async () => {
    await start([
      {
        id: "after-resolved",
        name: "After resolution",
        trigger: { on: "time_after", event: "resolved", after: "1d" },
        actions: [{ do: "add_note", text: { en: "Follow up with {requester}", ja: "{requester} にフォローアップ" } }],
      },
    ]);
    const kept = await ticket();
    const reopened = await ticket();
    await changeStatus(t.deps, { ticketId: kept, statusId: "closed" }, as.bob);
    await changeStatus(t.deps, { ticketId: reopened, statusId: "closed" }, as.bob);
    t.advance(hour);
    await changeStatus(t.deps, { ticketId: reopened, statusId: "in_progress" }, as.bob);
    t.advance(24 * hour);
    await worker.runOnce();
    const notes = await t.prisma.message.findMany({ where: { kind: "COMMENT" } });
    expect(notes.map((n) => [n.ticketId, n.text])).toEqual([[kept, "Follow up with carol@customer.test"]]);
  });

  it("triggers on status changes from and to, property changes, replies both ways and (un)assignment", async () => {
    await start([
      { id: "escalated", name: "E", trigger: { on: "status_changed", to: ["escalated"] }, actions: [{ do: "add_follower", agent: "ada" }] },
      {
        id: "left-new",
        name: "L",
        trigger: { on: "status_changed", from: ["new"] },
        actions: [{ do: "set_property", property: "product", value: "web" }],
      },
      {
        id: "prio",
        name: "P",
        trigger: { on: "property_changed", property: "priority" },
        actions: [{ do: "add_note", text: "priority now {priority}" }],
      },
      { id: "cust", name: "C", trigger: { on: "customer_replied" }, actions: [{ do: "add_note", text: "customer wrote" }] },
      { id: "agent", name: "A", trigger: { on: "agent_replied" }, actions: [{ do: "add_note", text: "agent answered" }] },
      { id: "given", name: "G", trigger: { on: "assigned" }, actions: [{ do: "add_note", text: "owner {owner}" }] },
      { id: "taken-back", name: "T", trigger: { on: "unassigned" }, actions: [{ do: "add_note", text: "unowned" }] },
    ]);
    const id = await ticket();
    await changeStatus(t.deps, { ticketId: id, statusId: "in_progress" }, as.bob);
    expect(JSON.parse((await row(id)).properties)).toEqual({ product: "web" });
    await updateProperties(t.deps, { ticketId: id, priority: "urgent" }, as.bob);
    await ingestInbound(t.deps, {
      channel: "email",
      from: { email: "carol@customer.test" },
      text: "I am away",
      externalId: "<auto@customer.test>",
      threadKeys: { ticketNumber: id },
      autoSubmitted: true,
    });
    await ingestInbound(t.deps, {
      channel: "email",
      from: { email: "carol@customer.test" },
      text: "Any news?",
      externalId: "<news@customer.test>",
      threadKeys: { ticketNumber: id },
    });
    await replyToTicket(t.deps, { ticketId: id, text: "Soon" }, as.bob);
    await assignTicket(t.deps, { ticketId: id, ownerId: "cy" }, as.bob);
    await releaseTicket(t.deps, { ticketId: id }, as.cy);
    await changeStatus(t.deps, { ticketId: id, statusId: "escalated", ownerId: "bob" }, as.bob);
    const notes = (await t.prisma.message.findMany({ where: { ticketId: id, kind: "COMMENT" }, orderBy: { createdAt: "asc" } })).map(
      (m) => m.text,
    );
    expect(notes).toEqual(["priority now urgent", "customer wrote", "agent answered", "owner Cy", "unowned", "owner Bob"]);
    expect(await t.prisma.follower.findMany({ where: { ticketId: id } })).toEqual([expect.objectContaining({ agentId: "ada" })]);
  });

  it("checks its conditions: pipeline, team, priority, owner, properties, business hours", async () => {
    await start([
      {
        id: "vip-urgent",
        name: "V",
        trigger: { on: "ticket_created" },
        conditions: {
          teams: ["tier1"],
          priorities: ["urgent"],
          owner: "unset",
          properties: { product: "mobile" },
          withinBusinessHours: true,
        },
        actions: [{ do: "add_note", text: "matched" }],
      },
    ]);
    const matched = await ticket({ subject: "a", priority: "urgent", properties: { product: "mobile" } });
    await ticket({ subject: "b", priority: "urgent", properties: { product: "web" } });
    await ticket({ subject: "c", priority: "low", properties: { product: "mobile" } });
    await ticket({ subject: "d", priority: "urgent", properties: { product: "mobile" }, ownerId: "bob" });
    // Monday 19:00: the office is closed.
    t.advance(10 * hour);
    await ticket({ subject: "e", priority: "urgent", properties: { product: "mobile" } });
    const notes = await t.prisma.message.findMany({ where: { kind: "COMMENT" } });
    expect(notes.map((n) => n.ticketId)).toEqual([matched]);
  });

  it("sets the status and the team (and the team's rule then assigns), on tickets of the pipelines, statuses and sources it names", async () => {
    await startWith({
      ...slaConfigInput,
      slaPolicies: [],
      assignmentRules: [{ id: "vip-turns", team: "vip" }],
      workflows: [
        {
          id: "route-vip",
          name: "Route",
          trigger: { on: "property_changed", property: "priority" },
          conditions: { pipelines: ["support"], statuses: ["new"], sources: ["manual"] },
          actions: [
            { do: "set_status", status: "in_progress" },
            { do: "set_team", team: "vip" },
          ],
        },
      ],
    });
    const routed = await ticket({ subject: "routed" });
    const inProgress = await ticket({ subject: "already in progress" });
    await changeStatus(t.deps, { ticketId: inProgress, statusId: "in_progress" }, as.bob);
    await updateProperties(t.deps, { ticketId: routed, priority: "urgent" }, as.bob);
    await updateProperties(t.deps, { ticketId: inProgress, priority: "urgent" }, as.bob);
    expect(await row(routed)).toMatchObject({ statusId: "in_progress", teamId: "vip", ownerId: "dee" });
    expect(await row(inProgress)).toMatchObject({ teamId: "tier1", ownerId: null });
    const assigned = await events(routed, "ticket.assigned");
    expect(assigned).toEqual([expect.objectContaining({ rule: "vip-turns", workflow: "route-vip" })]);
  });

  it("waits before a delayed step, checks its conditions again then, and cancels it when they stopped holding", async () => {
    await start([
      {
        id: "chase",
        name: "Chase unowned tickets",
        trigger: { on: "ticket_created" },
        conditions: { owner: "unset" },
        actions: [
          { do: "add_note", text: "queued" },
          { do: "assign", rule: "tier1-turns", delay: "2h" },
        ],
      },
    ]);
    const waits = await ticket({ subject: "waits" });
    const claimed = await ticket({ subject: "claimed" });
    expect(await runs("chase")).toEqual([
      expect.objectContaining({ outcome: "done", detail: expect.objectContaining({ waiting: expect.objectContaining({ step: 1 }) }) }),
      expect.objectContaining({ outcome: "done" }),
    ]);
    await claimTicket(t.deps, { ticketId: claimed }, as.cy);
    t.advance(hour);
    await worker.runOnce();
    expect((await row(waits)).ownerId).toBeNull();
    t.advance(hour);
    await worker.runOnce();
    expect((await row(waits)).ownerId).not.toBeNull();
    expect((await row(claimed)).ownerId).toBe("cy");
    expect(
      (await runs("chase"))
        .slice(2)
        .map((r) => r.outcome)
        .sort(),
    ).toEqual(["cancelled", "done"]);
  });

  it("is not set off by its own changes, and refuses a loop between two workflows with the reason", async () => {
    await start([
      { id: "a", name: "A", trigger: { on: "property_changed", property: "priority" }, actions: [{ do: "set_team", team: "vip" }] },
      { id: "b", name: "B", trigger: { on: "property_changed", property: "team" }, actions: [{ do: "set_priority", priority: "low" }] },
      {
        id: "self",
        name: "S",
        trigger: { on: "property_changed", property: "product" },
        actions: [{ do: "set_property", property: "product", value: "web" }],
      },
    ]);
    const id = await ticket();
    await updateProperties(t.deps, { ticketId: id, priority: "high" }, as.bob);
    expect(await row(id)).toMatchObject({ teamId: "vip", priority: "low" });
    // One transaction, one instant: in any order.
    expect((await runs()).map((r) => [r.workflow, r.outcome, r.detail.reason ?? null]).sort()).toEqual([
      ["a", "done", null],
      ["a", "refused", "loop"],
      ["b", "done", null],
    ]);
    await updateProperties(t.deps, { ticketId: id, properties: { product: "mobile" } }, as.ada);
    expect(JSON.parse((await row(id)).properties)).toEqual({ product: "web" });
    expect((await runs("self")).map((r) => r.outcome)).toEqual(["done"]);
  });

  it("records an action a rule refuses as failed, and the change that set it off still commits", async () => {
    await start([{ id: "resolve", name: "R", trigger: { on: "agent_replied" }, actions: [{ do: "set_status", status: "resolved" }] }]);
    const id = await ticket();
    await replyToTicket(t.deps, { ticketId: id, text: "Done" }, as.bob);
    expect((await row(id)).statusId).toBe("new");
    expect(await t.prisma.message.count({ where: { ticketId: id, kind: "REPLY" } })).toBe(1);
    const [run] = await runs("resolve");
    expect(run).toMatchObject({ outcome: "failed" });
    expect(JSON.stringify(run!.detail)).toContain("Resolution");
  });
});
