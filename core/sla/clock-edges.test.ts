// SLA clocks at their edges: policies removed from the config, a timer racing a change, machine
// replies, a ticket reopened after a breach, a target met while paused after a breach, a calendar
// that changes under a running clock, a timer that fires early, and the settings refused at start.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildCatalog, HelpdeskConfig } from "../config.js";
import { withTx } from "../deps.js";
import { silentLogger } from "../log.js";
import { OutboxDispatcher } from "../outbox/dispatcher.js";
import { changeStatus } from "../tickets/change-status.js";
import { createTicket } from "../tickets/create-ticket.js";
import { ingestInbound } from "../tickets/ingest-inbound.js";
import { replyToTicket } from "../tickets/reply-to-ticket.js";
import { updateProperties } from "../tickets/update-properties.js";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { slaConfigInput } from "../../test/sla-config.js";
import { coreJobs } from "../jobs/core-jobs.js";
import { settleSla, slaTimerKey } from "./clocks.js";

let t: TestCore;
let worker: OutboxDispatcher;
beforeEach(async () => {
  // Monday 2026-01-05 09:00 UTC.
  t = await testCore(slaConfigInput);
  worker = new OutboxDispatcher({ deps: t.deps, targets: {}, jobs: coreJobs, log: silentLogger });
});
afterEach(() => t.close());

const at = (iso: string) => new Date(iso);
const moveTo = (iso: string) => t.advance(at(iso).getTime() - t.deps.now().getTime());
const clock = (ticketId: number, metric: string) => t.prisma.slaClock.findUnique({ where: { ticketId_metric: { ticketId, metric } } });
const job = (ticketId: number, metric: "first_response" | "next_response" | "resolution") =>
  t.prisma.outbox.findUnique({ where: { key: slaTimerKey(ticketId, metric) } });
const events = (ticketId: number, type: string) =>
  t.prisma.timelineEvent.findMany({ where: { ticketId, type } }).then((es) => es.map((e) => JSON.parse(e.data) as Record<string, unknown>));
const alertKinds = (ticketId: number) =>
  t.prisma.outbox
    .findMany({ where: { ticketId, topic: "sla.alert" }, orderBy: { createdAt: "asc" } })
    .then((rows) => rows.map((r) => (JSON.parse(r.payload) as { kind: string }).kind));
const ticket = (over: Parameters<typeof createTicket>[1] = { subject: "printer" }) =>
  createTicket(t.deps, { requester: { email: "carol@customer.test" }, teamId: "tier1", ...over }, as.bob).then((v) => v.id);
const customerWrites = (id: number, text: string, extra: { autoSubmitted?: boolean } = {}) =>
  ingestInbound(t.deps, {
    channel: "email",
    from: { email: "carol@customer.test" },
    text,
    externalId: `<${text.replace(/\W/g, "")}@customer.test>`,
    threadKeys: { ticketNumber: id },
    ...extra,
  });

describe("SLA clocks at their edges", () => {
  it("cancels running clocks once their policies are removed from the config", async () => {
    const id = await ticket();
    expect(await clock(id, "first_response")).toMatchObject({ state: "running" });
    t.deps.catalog = buildCatalog(HelpdeskConfig.parse({ ...slaConfigInput, slaPolicies: [] }));
    await updateProperties(t.deps, { ticketId: id, priority: "high" }, as.bob);
    expect(await clock(id, "first_response")).toMatchObject({ state: "cancelled" });
    expect(await clock(id, "resolution")).toMatchObject({ state: "cancelled" });
    expect(await job(id, "first_response")).toBeNull();
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).slaDueAt).toBeNull();
  });

  it("alerts once when a timer and a change settle the same breach at the same time", async () => {
    const id = await ticket();
    moveTo("2026-01-05T14:00:00Z");
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let settled!: () => void;
    const timerSettled = new Promise<void>((r) => (settled = r));
    // The timer's transaction settles the breach and holds on before committing...
    const timer = withTx(t.deps, async (tx) => {
      await settleSla(tx, t.deps, id, { key: slaTimerKey(id, "first_response") });
      settled();
      await held;
    });
    await timerSettled;
    // ...while an agent changes the ticket, which settles its clocks too.
    const change = updateProperties(t.deps, { ticketId: id, priority: "high" }, as.bob);
    await new Promise((r) => setTimeout(r, 300));
    release();
    await Promise.all([timer, change]);
    expect(await events(id, "sla.breached")).toHaveLength(1);
    expect(await alertKinds(id)).toEqual(["breach"]);
  });

  it("starts no next-response clock on an auto-reply", async () => {
    const id = await ticket();
    await replyToTicket(t.deps, { ticketId: id, text: "Looking" }, as.bob);
    moveTo("2026-01-05T11:00:00Z");
    await customerWrites(id, "I am out of the office", { autoSubmitted: true });
    expect(await clock(id, "next_response")).toBeNull();
    // The customer themselves writing starts it.
    moveTo("2026-01-05T11:10:00Z");
    await customerWrites(id, "Any news?");
    expect(await clock(id, "next_response")).toMatchObject({ state: "running", startedAt: at("2026-01-05T11:10:00Z") });
  });

  it("resumes a clock where it stopped when a ticket closed unanswered is reopened, without alerting again", async () => {
    const id = await ticket();
    moveTo("2026-01-05T14:00:00Z");
    await worker.runOnce();
    expect(await alertKinds(id)).toEqual(["breach"]);
    moveTo("2026-01-05T15:00:00Z");
    await changeStatus(t.deps, { ticketId: id, statusId: "closed" }, as.bob);
    // 09–12 and 13–15: five business hours used.
    expect(await clock(id, "first_response")).toMatchObject({ state: "cancelled", usedSec: 18_000 });
    moveTo("2026-01-06T10:00:00Z");
    await changeStatus(t.deps, { ticketId: id, statusId: "in_progress" }, as.bob);
    expect(await clock(id, "first_response")).toMatchObject({
      state: "running",
      usedSec: 18_000,
      runningSince: at("2026-01-06T10:00:00Z"),
      breachedAt: at("2026-01-05T14:00:00Z"),
    });
    await worker.runOnce();
    expect(await events(id, "sla.breached")).toHaveLength(1);
    expect(await alertKinds(id)).toEqual(["breach"]);
    // Answered half an hour later: late by the time used beyond the target, 1 h 30 min.
    moveTo("2026-01-06T10:30:00Z");
    await replyToTicket(t.deps, { ticketId: id, text: "Sorry" }, as.bob);
    expect((await events(id, "sla.met")).filter((e) => e.metric === "first_response")).toEqual([
      expect.objectContaining({ lateSec: 5_400 }),
    ]);
  });

  it("counts a target met while paused after its breach as late", async () => {
    const id = await ticket();
    moveTo("2026-01-05T14:00:00Z");
    await worker.runOnce();
    moveTo("2026-01-05T14:30:00Z");
    await changeStatus(t.deps, { ticketId: id, statusId: "waiting_on_customer" }, as.bob);
    expect(await clock(id, "first_response")).toMatchObject({ state: "paused", dueAt: null, usedSec: 16_200 });
    moveTo("2026-01-05T15:00:00Z");
    await replyToTicket(t.deps, { ticketId: id, text: "Here is the fix" }, as.bob);
    expect((await events(id, "sla.met"))[0]).toMatchObject({ metric: "first_response", lateSec: 1_800 });
    expect(await alertKinds(id)).toEqual(["breach", "met_late"]);
  });

  it("counts the time so far in the old calendar when the policy moves the clock to another", async () => {
    moveTo("2026-01-05T12:00:00Z");
    // Urgent: one hour in calendar time, counted through the lunch break.
    const id = await ticket({ subject: "down", priority: "urgent" });
    moveTo("2026-01-05T12:50:00Z");
    await updateProperties(t.deps, { ticketId: id, priority: "medium" }, as.bob);
    // Standard, in business hours: 50 minutes already used, 3 h 10 min left from the 13:00 opening.
    expect(await clock(id, "first_response")).toMatchObject({
      policy: "standard",
      calendar: "office",
      usedSec: 3_000,
      dueAt: at("2026-01-05T16:10:00Z"),
    });
  });

  it("arms its timer again when it fires before anything is due", async () => {
    const id = await ticket();
    // As if a replica whose clock ran ahead had scheduled it early.
    await t.database.db
      .updateTable("Outbox")
      .set({ nextAttemptAt: at("2026-01-05T10:00:00Z") })
      .where("key", "=", slaTimerKey(id, "first_response"))
      .execute();
    moveTo("2026-01-05T10:00:00Z");
    await worker.runOnce();
    expect(await job(id, "first_response")).toMatchObject({ status: "pending", nextAttemptAt: at("2026-01-05T13:30:00Z") });
    moveTo("2026-01-05T13:30:00Z");
    await worker.runOnce();
    expect(await alertKinds(id)).toEqual(["warning"]);
  });
});

describe("SLA settings refused at start", () => {
  const messages = (policy: Record<string, unknown>) => {
    const r = HelpdeskConfig.safeParse({ ...slaConfigInput, slaPolicies: [{ id: "p", hours: "calendar", ...policy }] });
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };

  it("a warning as long before the target as the target itself", () => {
    expect(messages({ firstResponse: "15m", resolution: "1d", warnBefore: "30m" })).toEqual([
      'slaPolicies.0.warnBefore: SLA policy "p" warns 30 min before its firstResponse target, which is only 15 min: give a shorter warnBefore, or a share such as "75%"',
    ]);
    expect(messages({ firstResponse: "1h", warnBefore: "30m" })).toEqual([]);
  });

  it("a target longer than a year", () => {
    expect(messages({ resolution: "400d" })).toEqual([expect.stringContaining('"400d" is longer than a target can be (365 days)')]);
  });
});
