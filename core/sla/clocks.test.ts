// SLA clocks on real tickets with an injected clock: due times in business hours, the warning and
// the breach each once (timeline, thread, card, owner or team), met targets, pauses, next
// responses, a policy that changes with the ticket, holidays, and timers that find nothing to do.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HelpdeskConfig } from "../config.js";
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
import { slaTimerKey } from "./clocks.js";

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
const clock = (ticketId: number, metric: string) =>
  t.prisma.slaClock.findUniqueOrThrow({ where: { ticketId_metric: { ticketId, metric } } });
const job = (ticketId: number, metric: "first_response" | "next_response" | "resolution") =>
  t.prisma.outbox.findUnique({ where: { key: slaTimerKey(ticketId, metric) } });
const events = (ticketId: number, type: string) => t.prisma.timelineEvent.findMany({ where: { ticketId, type } });
const alerts = (ticketId: number) =>
  t.prisma.outbox
    .findMany({ where: { ticketId, topic: "sla.alert" }, orderBy: { createdAt: "asc" } })
    .then((rows) => rows.map((r) => JSON.parse(r.payload) as Record<string, unknown>));
const notices = (ticketId: number) =>
  t.prisma.outbox
    .findMany({ where: { ticketId, topic: "agents.notify" } })
    .then((rows) =>
      rows.map((r) => JSON.parse(r.payload) as { reason: string; agentIds: string[] }).filter((p) => p.reason.startsWith("sla")),
    );
const ticket = (over: Parameters<typeof createTicket>[1] = { subject: "printer" }) =>
  createTicket(t.deps, { requester: { email: "carol@customer.test" }, teamId: "tier1", ...over }, as.bob).then((v) => v.id);

describe("SLA clocks", () => {
  it("starts first response and resolution in business hours, with the next due on the ticket and one timer each", async () => {
    const id = await ticket();
    // 4 business hours from Monday 09:00 with a lunch break: 09–12 and 13–14.
    expect(await clock(id, "first_response")).toMatchObject({
      state: "running",
      policy: "standard",
      calendar: "office",
      targetSec: 14_400,
    });
    expect((await clock(id, "first_response")).dueAt).toEqual(at("2026-01-05T14:00:00Z"));
    expect((await clock(id, "first_response")).warnAt).toEqual(at("2026-01-05T13:30:00Z"));
    // 2 days = 48 business hours of 8-hour days, Wednesday 7 January a holiday: due Tuesday 13 January 09:00... counted below.
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).slaDueAt).toEqual(at("2026-01-05T14:00:00Z"));
    expect((await job(id, "first_response"))?.nextAttemptAt).toEqual(at("2026-01-05T13:30:00Z"));
    expect(await job(id, "resolution")).toMatchObject({ status: "pending", target: "job" });
  });

  it("skips the holiday and the weekend when it counts", async () => {
    const id = await ticket();
    // 48 business hours: Mon 8, Tue 8, (Wed holiday), Thu 8, Fri 8, Mon 8, Tue 8 → Tuesday 13 January 18:00.
    expect((await clock(id, "resolution")).dueAt).toEqual(at("2026-01-13T18:00:00Z"));
  });

  it("warns once before the target and alerts once at the breach: timeline, thread, card and the team", async () => {
    const id = await ticket();
    moveTo("2026-01-05T13:30:00Z");
    await worker.runOnce();
    await worker.runOnce();
    expect(await events(id, "sla.warning")).toHaveLength(1);
    expect(await alerts(id)).toEqual([
      expect.objectContaining({ metric: "first_response", kind: "warning", dueAt: "2026-01-05T14:00:00.000Z" }),
    ]);
    expect(await notices(id)).toEqual([{ ticketId: id, reason: "sla_warning", agentIds: ["bob", "cy"] }]);
    expect((await job(id, "first_response"))?.nextAttemptAt).toEqual(at("2026-01-05T14:00:00Z"));
    moveTo("2026-01-05T14:00:00Z");
    await worker.runOnce();
    await worker.runOnce();
    expect(await events(id, "sla.breached")).toHaveLength(1);
    expect((await alerts(id)).map((a) => a.kind)).toEqual(["warning", "breach"]);
    expect((await clock(id, "first_response")).breachedAt).toEqual(at("2026-01-05T14:00:00Z"));
    const cards = await t.prisma.outbox.findMany({ where: { ticketId: id, topic: "ticket.changed" } });
    expect(cards.map((c) => JSON.parse(c.payload).change)).toEqual(expect.arrayContaining(["sla.warning", "sla.breach"]));
    // The late answer: met, 25 minutes late, said in the thread.
    moveTo("2026-01-05T14:25:00Z");
    await replyToTicket(t.deps, { ticketId: id, text: "Sorry for the wait" }, as.bob);
    expect(await clock(id, "first_response")).toMatchObject({ state: "met", metAt: at("2026-01-05T14:25:00Z") });
    const met = await events(id, "sla.met");
    expect(met.map((e) => JSON.parse(e.data))).toEqual([expect.objectContaining({ metric: "first_response", lateSec: 1500 })]);
    expect((await alerts(id)).map((a) => a.kind)).toEqual(["warning", "breach", "met_late"]);
  });

  it("tells the owner, not the team, when the ticket has one", async () => {
    const id = await ticket({ subject: "owned", ownerId: "cy" });
    moveTo("2026-01-05T14:00:00Z");
    await worker.runOnce();
    expect((await notices(id)).map((n) => [n.reason, n.agentIds])).toEqual([["sla_breach", ["cy"]]]);
  });

  it("meets the first response with a reply before it is due, and its timer is gone", async () => {
    const id = await ticket();
    moveTo("2026-01-05T10:00:00Z");
    await t.prisma.outbox.deleteMany({ where: { ticketId: id, topic: "ticket.changed" } });
    await replyToTicket(t.deps, { ticketId: id, text: "On it" }, as.bob);
    expect(await clock(id, "first_response")).toMatchObject({ state: "met", runningSince: null });
    // The card's due line changes with it, though the reply itself only posts in the thread.
    expect(await t.prisma.outbox.count({ where: { ticketId: id, topic: "ticket.changed" } })).toBe(1);
    expect(await job(id, "first_response")).toBeNull();
    expect(JSON.parse((await events(id, "sla.met"))[0]!.data)).toMatchObject({ lateSec: 0, dueAt: "2026-01-05T14:00:00.000Z" });
    // The ticket's next due is now its resolution.
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).slaDueAt).toEqual(at("2026-01-13T18:00:00Z"));
    moveTo("2026-01-05T15:00:00Z");
    await worker.runOnce();
    expect(await events(id, "sla.breached")).toHaveLength(0);
  });

  it("stops the clocks while waiting on the customer and goes on when they write", async () => {
    const id = await ticket();
    moveTo("2026-01-05T10:00:00Z");
    await changeStatus(t.deps, { ticketId: id, statusId: "waiting_on_customer" }, as.bob);
    expect(await clock(id, "first_response")).toMatchObject({ state: "paused", usedSec: 3600, dueAt: null });
    expect(await job(id, "first_response")).toBeNull();
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).slaDueAt).toBeNull();
    // Nothing fires while it waits, however long.
    moveTo("2026-01-06T10:00:00Z");
    await worker.runOnce();
    expect(await events(id, "sla.breached")).toHaveLength(0);
    // The customer answers: the ticket goes back to in progress and the 3 hours left count from now.
    const reply = await ingestInbound(t.deps, {
      channel: "email",
      from: { email: "carol@customer.test" },
      text: "Here is the log",
      externalId: "<log@customer.test>",
      threadKeys: { ticketNumber: id },
    });
    expect(reply.ticket.id).toBe(id);
    expect(await clock(id, "first_response")).toMatchObject({ state: "running", usedSec: 3600 });
    expect((await clock(id, "first_response")).dueAt).toEqual(at("2026-01-06T14:00:00Z"));
  });

  it("times each customer message awaiting an answer after the first response", async () => {
    const id = await ticket();
    await replyToTicket(t.deps, { ticketId: id, text: "Looking" }, as.bob);
    expect(await t.prisma.slaClock.findUnique({ where: { ticketId_metric: { ticketId: id, metric: "next_response" } } })).toBeNull();
    moveTo("2026-01-05T11:00:00Z");
    await ingestInbound(t.deps, {
      channel: "email",
      from: { email: "carol@customer.test" },
      text: "Any news?",
      externalId: "<news@customer.test>",
      threadKeys: { ticketNumber: id },
    });
    const next = await clock(id, "next_response");
    expect(next).toMatchObject({ state: "running", startedAt: at("2026-01-05T11:00:00Z") });
    // 2 business hours from 11:00 over lunch: 11–12, 13–14.
    expect(next.dueAt).toEqual(at("2026-01-05T14:00:00Z"));
    moveTo("2026-01-05T11:30:00Z");
    await replyToTicket(t.deps, { ticketId: id, text: "Fixed" }, as.bob);
    expect(await clock(id, "next_response")).toMatchObject({ state: "met", metAt: at("2026-01-05T11:30:00Z") });
  });

  it("follows the policy when the ticket changes: urgent tickets count calendar time", async () => {
    const id = await ticket();
    moveTo("2026-01-05T09:10:00Z");
    await updateProperties(t.deps, { ticketId: id, priority: "urgent" }, as.bob);
    const c = await clock(id, "first_response");
    expect(c).toMatchObject({ policy: "urgent", calendar: null, targetSec: 3600, state: "running" });
    // 10 minutes used of business time, then counted around the clock: 50 minutes left from 09:10.
    expect(c.dueAt).toEqual(at("2026-01-05T10:00:00Z"));
    expect((await job(id, "first_response"))?.nextAttemptAt).toEqual(at("2026-01-05T09:45:00Z"));
  });

  it("resolves: the resolution is met and the response clocks of a ticket closed unanswered are cancelled", async () => {
    const id = await ticket();
    moveTo("2026-01-05T12:00:00Z");
    await changeStatus(t.deps, { ticketId: id, statusId: "closed" }, as.bob);
    expect(await clock(id, "resolution")).toMatchObject({ state: "met", metAt: at("2026-01-05T12:00:00Z") });
    expect(await clock(id, "first_response")).toMatchObject({ state: "cancelled" });
    expect(await job(id, "first_response")).toBeNull();
    expect(await job(id, "resolution")).toBeNull();
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).slaDueAt).toBeNull();
  });

  it("a timer that fires for a clock already met does nothing", async () => {
    const id = await ticket();
    await replyToTicket(t.deps, { ticketId: id, text: "On it" }, as.bob);
    // A stale timer row, as if it had been claimed before the reply moved it.
    await t.prisma.outbox.create({
      data: {
        id: "stale",
        key: "stale-timer",
        target: "job",
        topic: "sla.timer",
        ticketId: id,
        payload: JSON.stringify({ metric: "first_response" }),
        nextAttemptAt: at("2026-01-05T14:00:00Z"),
      },
    });
    moveTo("2026-01-05T15:00:00Z");
    await worker.runOnce();
    expect(await t.prisma.outbox.findUniqueOrThrow({ where: { id: "stale" } })).toMatchObject({ status: "done" });
    expect(await events(id, "sla.breached")).toHaveLength(0);
    expect(await events(id, "sla.warning")).toHaveLength(0);
  });
});

describe("SLA configuration", () => {
  const parse = (over: Record<string, unknown>) => HelpdeskConfig.safeParse({ ...slaConfigInput, ...over });
  const messages = (r: ReturnType<typeof parse>) => (r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));

  it("accepts the policies, calendars and pausing statuses above", () => {
    expect(messages(parse({}))).toEqual([]);
  });

  it("names what is wrong", () => {
    expect(messages(parse({ businessHours: undefined }))).toEqual([
      expect.stringContaining('slaPolicies.1.hours: SLA policy "standard" counts business hours'),
    ]);
    expect(messages(parse({ businessHours: "nowhere" }))).toEqual(['businessHours: no calendar "nowhere" in calendars']);
    expect(messages(parse({ slaPolicies: [{ id: "p", hours: "calendar", firstResponse: "4 hours" }] }))).toEqual([
      expect.stringContaining('"4 hours" is not a duration'),
    ]);
    expect(messages(parse({ slaPolicies: [{ id: "p", hours: "calendar" }] }))).toEqual([expect.stringContaining("at least one target")]);
    expect(messages(parse({ slaPolicies: [{ id: "p", hours: "calendar", resolution: "1d", warnBefore: "120%" }] }))).toEqual([
      expect.stringContaining('"120%" is neither'),
    ]);
    expect(messages(parse({ slaPolicies: [{ id: "p", hours: "calendar", resolution: "1d", match: { teams: ["nope"] } }] }))).toEqual([
      'slaPolicies.0.match.teams: no team "nope"',
    ]);
  });
});
