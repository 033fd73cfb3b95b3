// Cards for tickets a surface never showed: queued once per open ticket with somewhere to go,
// never for closed, deleted or merged ones, never twice (a second run, or two replicas at once).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { takeLease } from "../leases/take-lease.js";
import { silentLogger, type Logger } from "../log.js";
import type { DeliveryTarget } from "../outbox/delivery.js";
import { OutboxDispatcher } from "../outbox/dispatcher.js";
import { changeStatus } from "../tickets/change-status.js";
import { createTicket } from "../tickets/create-ticket.js";
import { deleteTicket } from "../tickets/delete-ticket.js";
import { ingestInbound } from "../tickets/ingest-inbound.js";
import { mergeTickets } from "../tickets/merge-tickets.js";
import { backfillCards, backfillLeaseName, type BackfillSurface } from "./backfill-cards.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());
beforeEach(async () => {
  // Each test starts from no tickets (their outbox rows go with them).
  await t.prisma.chatLink.deleteMany();
  await t.prisma.outbox.deleteMany();
  await t.prisma.ticket.updateMany({ data: { mergedIntoId: null } });
  await t.prisma.ticket.deleteMany();
});

/** Discord added beside Slack: one forum for everything but the VIP team, which has none. */
const discord: BackfillSurface = { surface: "discord", destination: (tk) => (tk.teamId === "vip" ? null : "200000000000000001") };

function capturing(lines: string[]): Logger {
  const log: Logger = {
    debug() {},
    info: (m) => void lines.push(m),
    warn: (m) => void lines.push(m),
    error: (m) => void lines.push(m),
    child: () => log,
  };
  return log;
}

/** The outbox worked as a service with Slack alone would: every chat row fanned out to Slack and delivered there. */
async function deliverToSlackOnly(): Promise<void> {
  const slack: DeliveryTarget = { deliver: async () => {} };
  const d = new OutboxDispatcher({ deps: t.deps, targets: { slack }, log: silentLogger });
  while ((await d.runOnce()) > 0);
}

const discordCards = async () =>
  (await t.prisma.outbox.findMany({ where: { target: "discord", topic: "ticket.changed" }, select: { ticketId: true } }))
    .map((r) => r.ticketId)
    .sort((a, b) => a! - b!);

describe("backfillCards", () => {
  it("queues one card per open ticket the surface never showed, skipping closed, deleted, merged and those with nowhere to go", async () => {
    const open = [];
    for (let i = 0; i < 5; i++) open.push((await createTicket(t.deps, { subject: `open ${i}` }, as.bob)).id);
    // No forum for its team.
    await createTicket(t.deps, { subject: "vip", teamId: "vip" }, as.dee);
    const closed = await createTicket(t.deps, { subject: "closed" }, as.bob);
    await changeStatus(t.deps, { ticketId: closed.id, statusId: "closed" }, as.bob);
    const deleted = await createTicket(t.deps, { subject: "deleted" }, as.bob);
    await deleteTicket(t.deps, { ticketId: deleted.id }, as.ada);
    const merged = await createTicket(t.deps, { subject: "merged" }, as.bob);
    await mergeTickets(t.deps, { primaryId: open[0]!, secondaryId: merged.id }, as.bob);
    await deliverToSlackOnly();
    // Already has its Discord post (made before the forum was moved, say).
    await t.prisma.chatLink.create({
      data: { ticketId: open[1]!, surface: "discord", role: "card", channelId: "200000000000000009", messageId: "1", threadId: "1" },
    });
    // Created after the pass above: its own chat row is still pending, and will bring its card.
    const fresh = await createTicket(t.deps, { subject: "fresh" }, as.bob);

    const lines: string[] = [];
    const [outcome] = await backfillCards(t.deps, capturing(lines), { surfaces: [discord], holder: "replica-a", batchSize: 3 });
    expect(await discordCards()).toEqual([open[0], open[2], open[3], open[4]]);
    expect(outcome).toEqual({ surface: "discord", status: "done", checked: 7, queued: 4 });
    const rows = await t.prisma.outbox.findMany({ where: { target: "discord" } });
    expect(rows.every((r) => r.status === "pending" && r.parentId === null && JSON.parse(r.payload).change === "backfill")).toBe(true);
    // Slack's cards were untouched, and the fresh ticket keeps its one chat row.
    expect(await t.prisma.outbox.count({ where: { target: "slack", status: "pending" } })).toBe(0);
    expect(await t.prisma.outbox.count({ where: { ticketId: fresh.id, target: { not: "chat" } } })).toBe(0);
    expect(lines).toEqual([
      "backfill discord: 3/7 open tickets checked, 2 cards queued",
      "backfill discord: 6/7 open tickets checked, 4 cards queued",
      "backfill discord: 7/7 open tickets checked, 4 cards queued",
      "backfill discord: done, 4 cards queued for 7 open tickets",
    ]);
    // The lease goes with the run.
    expect(await t.prisma.lease.count({ where: { name: backfillLeaseName("discord") } })).toBe(0);

    // Run again (a restart, or `npm run chat:backfill`): the queued rows count as cards coming.
    const [again] = await backfillCards(t.deps, silentLogger, { surfaces: [discord], holder: "replica-b" });
    expect(again).toMatchObject({ status: "done", queued: 0 });
    // And once they are delivered, the cards' links do.
    for (const ticketId of [open[0]!, open[2]!, open[3]!, open[4]!]) {
      await t.prisma.chatLink.create({
        data: {
          ticketId,
          surface: "discord",
          role: "card",
          channelId: "200000000000000001",
          messageId: String(ticketId),
          threadId: String(ticketId),
        },
      });
    }
    await t.prisma.outbox.updateMany({ where: { target: "discord" }, data: { status: "done" } });
    const [third] = await backfillCards(t.deps, silentLogger, { surfaces: [discord], holder: "replica-b" });
    expect(third).toMatchObject({ status: "done", queued: 0 });
    expect(await discordCards()).toHaveLength(4);
  });

  it("leaves a ticket filed apart (a bounce that matched nothing) without a card", async () => {
    const shown = await createTicket(t.deps, { subject: "shown" }, as.bob);
    const bounce = {
      channel: "email" as const,
      from: { email: "mailer-daemon@mx.example" },
      subject: "Undelivered",
      text: "failed",
      externalId: "<bounce-backfill@mx.example>",
      autoSubmitted: true,
      autoKind: "bounce" as const,
    };
    expect((await ingestInbound(t.deps, bounce)).created).toBe(true);
    await deliverToSlackOnly();
    const [outcome] = await backfillCards(t.deps, silentLogger, { surfaces: [discord], holder: "replica-a" });
    expect(await discordCards()).toEqual([shown.id]);
    expect(outcome).toMatchObject({ status: "done", queued: 1 });
  });

  it("queues each card once when two replicas start together", async () => {
    for (let i = 0; i < 12; i++) await createTicket(t.deps, { subject: `t${i}` }, as.bob);
    await deliverToSlackOnly();
    const runs = await Promise.all(
      ["replica-a", "replica-b", "replica-c"].map((holder) =>
        backfillCards(t.deps, silentLogger, { surfaces: [discord], holder, batchSize: 5 }),
      ),
    );
    const cards = await discordCards();
    expect(cards).toHaveLength(12);
    expect(new Set(cards).size).toBe(12);
    expect(runs.flat().reduce((n, r) => n + r.queued, 0)).toBe(12);
  });

  it("leaves the surface to a live holder, takes over from one that stopped renewing, and stops when told", async () => {
    for (let i = 0; i < 4; i++) await createTicket(t.deps, { subject: `t${i}` }, as.bob);
    await deliverToSlackOnly();
    expect(await takeLease(t.deps.db, backfillLeaseName("discord"), "crashed-replica", 120_000, t.deps.now())).toBe(true);
    const [busy] = await backfillCards(t.deps, silentLogger, { surfaces: [discord], holder: "replica-a" });
    expect(busy).toEqual({ surface: "discord", status: "busy", checked: 0, queued: 0 });
    expect(await discordCards()).toHaveLength(0);
    // The other holder's lease was left to run out (it crashed): the next start does the work.
    expect(await t.prisma.lease.count({ where: { name: backfillLeaseName("discord"), holder: "crashed-replica" } })).toBe(1);
    t.advance(121_000);

    const stop = new AbortController();
    stop.abort();
    const [stopped] = await backfillCards(t.deps, silentLogger, { surfaces: [discord], holder: "replica-a", signal: stop.signal });
    expect(stopped).toMatchObject({ status: "stopped", queued: 0 });
    const [done] = await backfillCards(t.deps, silentLogger, { surfaces: [discord], holder: "replica-a" });
    expect(done).toMatchObject({ status: "done", queued: 4 });
  });
});
