// SLA alerts in the card's thread and the SLA target on the card, as the core's card sync runs
// them over a fake surface: the clocks' own rows (warning, breach, a late answer) said once each in
// the help desk's language with dates in the team's time zone, nothing for a ticket without a card,
// a deleted thread, a payload that does not fit, and which target the card shows.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { as, testConfigInput, testCore, type TestCore } from "../../test/harness.js";
import { coreJobs } from "../jobs/core-jobs.js";
import { silentLogger } from "../log.js";
import { OutboxDispatcher } from "../outbox/dispatcher.js";
import { createTicket } from "../tickets/create-ticket.js";
import { replyToTicket } from "../tickets/reply-to-ticket.js";
import { readSlaDue, type SlaDue } from "../tickets/view.js";
import { cardSync, type CardSync } from "./card-sync.js";
import type { CardPort, MirroredMessage } from "./card-port.js";

/** Around the clock, so the times below are plain: first response in 1 hour, warned 15 minutes before. */
const slaConfig = {
  ...testConfigInput,
  teams: [
    { id: "tier1", name: "Tier 1", timeZone: "Asia/Tokyo" },
    { id: "vip", name: "VIP" },
  ],
  slaPolicies: [{ id: "standard", hours: "calendar", firstResponse: "1h", resolution: "1d", warnBefore: "15m" }],
};

let t: TestCore;
beforeAll(async () => {
  // Monday 2026-01-05 09:00 UTC.
  t = await testCore(slaConfig);
});
afterAll(() => t.close());

const at = (iso: string) => new Date(iso);
const moveTo = (iso: string) => t.advance(at(iso).getTime() - t.deps.now().getTime());

/** A surface that keeps its cards' thread posts and the SLA target of each card it drew. */
function fakeSurface() {
  const s = {
    thread: [] as { threadId: string; m: MirroredMessage }[],
    cards: [] as (SlaDue | null | undefined)[],
    gone: new Set<string>(),
    destination: "A" as string | null,
    seq: 0,
  };
  const port: CardPort<MirroredMessage, string> = {
    surface: "discord",
    refSystems: { typed: "discord", mirrored: "discord.mirror", origin: "discord.origin" },
    postedIn: (place, externalId) => externalId.startsWith(`${place.threadId}:`),
    destination: () => s.destination,
    async postCard(view, channelId) {
      s.cards.push(view.sla);
      const id = `m${++s.seq}`;
      return { channelId, threadId: `t-${id}`, messageId: id };
    },
    async updateCard(view, card) {
      if (s.gone.has(card.threadId)) return "gone";
      s.cards.push(view.sla);
      return "updated";
    },
    async retireCard() {},
    threadParts: (m) => [m],
    async postThreadPart(card, m) {
      if (s.gone.has(card.threadId)) return "gone";
      s.thread.push({ threadId: card.threadId, m });
      return `${card.threadId}:p${++s.seq}`;
    },
    async directMessage() {},
    replyParts: (text) => [text],
    async replyInOrigin(origin) {
      return `${origin.channelId}:r${++s.seq}`;
    },
  };
  return { s, sync: cardSync({ deps: t.deps }, port) };
}

let f: { s: ReturnType<typeof fakeSurface>["s"]; sync: CardSync };
let worker: OutboxDispatcher;
beforeEach(async () => {
  f = fakeSurface();
  worker = new OutboxDispatcher({ deps: t.deps, targets: { discord: f.sync }, jobs: coreJobs, log: silentLogger, backoffBaseMs: 1 });
  await t.prisma.outbox.deleteMany({});
});

async function drain() {
  for (let i = 0; i < 4; i++) await worker.runOnce();
}
const system = () => f.s.thread.filter((p) => p.m.kind === "SYSTEM").map((p) => p.m.text);
const row = (ticketId: number, payload: Record<string, unknown>) => ({
  id: `o-${ticketId}`,
  ticketId,
  target: "discord",
  topic: "sla.alert",
  payload: {
    ticketId,
    metric: "first_response",
    kind: "breach",
    dueAt: "2026-01-05T10:00:00.000Z",
    at: "2026-01-05T10:00:00.000Z",
    ...payload,
  },
  attempts: 1,
});

describe("SLA alerts in the card's thread", () => {
  it("says the warning, the breach and the late answer once each, dates in the team's time zone, and redraws the card", async () => {
    moveTo("2026-01-05T09:00:00Z");
    const ticket = await createTicket(t.deps, { subject: "printer", requester: { email: "c@customer.test" }, teamId: "tier1" }, as.ada);
    await drain();
    expect(f.s.cards.at(-1)).toEqual({ metric: "first_response", dueAt: at("2026-01-05T10:00:00Z"), breachedAt: null, paused: false });

    moveTo("2026-01-05T09:45:00Z");
    await drain();
    moveTo("2026-01-05T10:00:00Z");
    await drain();
    // 10:00 UTC is 19:00 in Tokyo, tier 1's time zone; the help desk speaks English.
    expect(system()).toEqual([
      "⚠️ SLA warning: first response due Jan 5, 2026, 7:00 PM",
      "🚨 SLA breached: first response was due Jan 5, 2026, 7:00 PM",
    ]);
    expect(f.s.thread.every((p) => p.threadId === f.s.thread[0]!.threadId)).toBe(true);
    expect(f.s.thread.at(-1)!.m).toMatchObject({ kind: "SYSTEM", author: "System", ticketId: ticket.id, cc: [], mentions: [] });
    // The breach redrew the card: overdue since 10:00.
    expect(f.s.cards.at(-1)).toEqual({
      metric: "first_response",
      dueAt: at("2026-01-05T10:00:00Z"),
      breachedAt: at("2026-01-05T10:00:00Z"),
      paused: false,
    });

    moveTo("2026-01-05T11:20:00Z");
    await replyToTicket(t.deps, { ticketId: ticket.id, text: "Sorry for the wait" }, as.bob);
    await drain();
    expect(system().at(-1)).toBe("☑️ First response due Jan 5, 2026, 7:00 PM, met at Jan 5, 2026, 8:20 PM: 1 h 20 min late");
    expect(system()).toHaveLength(3);
    // What is left to meet now is the resolution, due a day after the ticket came in.
    expect(f.s.cards.at(-1)).toEqual({ metric: "resolution", dueAt: at("2026-01-06T09:00:00Z"), breachedAt: null, paused: false });
    expect(await t.prisma.outbox.count({ where: { topic: "sla.alert", target: "discord", status: { not: "done" } } })).toBe(0);
  });

  it("says nothing, and posts no card, for a ticket without a card on the surface", async () => {
    const ticket = await t.prisma.ticket.create({ data: { subject: "no card", pipelineId: "support", statusId: "new", source: "email" } });
    await f.sync.deliver(row(ticket.id, {}));
    expect(f.s.thread).toEqual([]);
    expect(f.s.cards).toEqual([]);
    expect(await t.prisma.chatLink.count({ where: { ticketId: ticket.id } })).toBe(0);
  });

  it("posts the card again when its thread was deleted, and the alert in the new thread", async () => {
    const ticket = await t.prisma.ticket.create({ data: { subject: "gone", pipelineId: "support", statusId: "new", source: "email" } });
    await t.prisma.chatLink.create({
      data: {
        ticketId: ticket.id,
        surface: "discord",
        role: "card",
        channelId: "G",
        messageId: "old",
        threadId: "t-old",
        createdAt: t.deps.now(),
      },
    });
    f.s.destination = "G";
    f.s.gone.add("t-old");
    await f.sync.deliver(row(ticket.id, { kind: "warning" }));
    expect(f.s.thread.map((p) => p.threadId)).toEqual(["t-m1"]);
    expect(system()).toEqual(["⚠️ SLA warning: first response due Jan 5, 2026, 10:00 AM"]);
  });

  it("refuses for good a row whose payload does not fit", async () => {
    for (const bad of [{ metric: "lunch" }, { kind: "maybe" }, { dueAt: "tomorrow" }, { at: undefined }]) {
      const refused = f.sync.deliver(row(1, bad));
      await expect(refused).rejects.toThrow("sla.alert row with an unexpected payload");
      await expect(refused).rejects.toMatchObject({ opts: { permanent: true } });
    }
    expect(f.s.thread).toEqual([]);
  });
});

describe("the SLA target the card shows", () => {
  const clock = (ticketId: number, metric: string, state: string, dueAt: Date | null, breachedAt: Date | null = null) =>
    t.prisma.slaClock.create({
      data: {
        ticketId,
        metric,
        policy: "standard",
        startedAt: at("2026-01-05T09:00:00Z"),
        targetSec: 3600,
        warnSec: 2700,
        usedSec: 0,
        dueAt,
        breachedAt,
        state,
      },
    });
  const sla = (ticketId: number) => readSlaDue(t.deps.db, ticketId);

  it("is the running target due first, else a paused one (a breached one first), else none; met ones do not count", async () => {
    const tk = await t.prisma.ticket.create({ data: { subject: "clocks", pipelineId: "support", statusId: "new", source: "email" } });
    expect(await sla(tk.id)).toBeNull();
    await clock(tk.id, "first_response", "met", at("2026-01-05T08:00:00Z"));
    await clock(tk.id, "next_response", "paused", null);
    expect(await sla(tk.id)).toEqual({ metric: "next_response", dueAt: null, breachedAt: null, paused: true });
    await clock(tk.id, "resolution", "paused", null, at("2026-01-05T09:30:00Z"));
    expect(await sla(tk.id)).toEqual({ metric: "resolution", dueAt: null, breachedAt: at("2026-01-05T09:30:00Z"), paused: true });
    await t.prisma.slaClock.update({
      where: { ticketId_metric: { ticketId: tk.id, metric: "next_response" } },
      data: { state: "running", dueAt: at("2026-01-05T12:00:00Z") },
    });
    expect(await sla(tk.id)).toEqual({ metric: "next_response", dueAt: at("2026-01-05T12:00:00Z"), breachedAt: null, paused: false });
    await t.prisma.slaClock.update({
      where: { ticketId_metric: { ticketId: tk.id, metric: "resolution" } },
      data: { state: "running", dueAt: at("2026-01-05T09:30:00Z") },
    });
    expect(await sla(tk.id)).toMatchObject({ metric: "resolution", dueAt: at("2026-01-05T09:30:00Z"), paused: false });
  });
});
