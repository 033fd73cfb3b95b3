// The "breaching soon" queue and the SLA-due order of the other queues: which open tickets are
// due within the window (overdue ones first), with the other queues' team visibility, and pages
// that neither repeat nor lose a ticket, whatever the page size, across several teams' reads and
// across the two ranges of the SLA-due order. Due times are written on the rows directly, as the
// SLA clocks (core/sla) would; the test directory has no SLA policy, so nothing rewrites them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../deps.js";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { changeStatus } from "./change-status.js";
import { createTicket } from "./create-ticket.js";
import { ingestInbound } from "./ingest-inbound.js";
import { listTickets, type ListTicketsInput } from "./list-tickets.js";

const minute = 60_000;

/** Every ticket of a queue, page by page, failing on a repeated ticket; `between` runs after each page. */
async function drain(
  t: TestCore,
  input: ListTicketsInput,
  actor: Actor,
  between?: (page: number) => Promise<unknown>,
): Promise<{ ids: number[]; pages: number }> {
  const ids: number[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await listTickets(t.deps, { ...input, cursor }, actor);
    pages++;
    if (input.limit !== undefined) expect(page.tickets.length).toBeLessThanOrEqual(input.limit);
    ids.push(...page.tickets.map((v) => v.id));
    cursor = page.nextCursor ?? undefined;
    await between?.(pages);
  } while (cursor && pages < 200);
  expect(new Set(ids).size).toBe(ids.length);
  return { ids, pages };
}

describe("the breaching-soon queue", () => {
  let t: TestCore;
  let now: number;
  const made: Record<string, number> = {};
  const names = (ids: number[]) => ids.map((id) => Object.keys(made).find((k) => made[k] === id) ?? id);
  const due = (key: string, at: number | null) =>
    t.prisma.ticket.update({ where: { id: made[key]! }, data: { slaDueAt: at === null ? null : new Date(at) } });

  beforeAll(async () => {
    t = await testCore();
    const mk = async (key: string, extra: Omit<Parameters<typeof createTicket>[1], "subject"> = {}, actor: Actor = as.ada) => {
      made[key] = (await createTicket(t.deps, { ...extra, subject: key }, actor)).id;
      t.advance(1000);
    };
    // Created in an order unlike the due order, so a queue in creation order would show it.
    await mk("edge");
    await mk("soon-b");
    await mk("later");
    await mk("vip-soon", { teamId: "vip" });
    await mk("overdue-recent", { teamId: "tier1" });
    await mk("soon-a");
    await mk("past-edge");
    await mk("due-now", { ownerId: "bob" });
    await mk("overdue-old", { ownerId: "cy", teamId: "tier1" });
    await mk("no-due");
    await mk("closed-overdue");
    await mk("deleted-overdue");
    await mk("merged-overdue");
    await mk("vip-overdue", { teamId: "vip", ownerId: "dee" });
    const apart = await ingestInbound(t.deps, {
      channel: "email",
      from: { email: "ooo@robots.io" },
      text: "away",
      externalId: "<apart@robots.io>",
      autoSubmitted: true,
      autoKind: "auto_reply",
    });
    made["apart-overdue"] = apart.ticket.id;
    await changeStatus(t.deps, { ticketId: made["closed-overdue"]!, statusId: "closed" }, as.ada);
    await t.prisma.ticket.update({ where: { id: made["deleted-overdue"]! }, data: { deletedAt: new Date() } });
    await t.prisma.ticket.update({ where: { id: made["merged-overdue"]! }, data: { mergedIntoId: made["no-due"]! } });

    now = t.deps.now().getTime();
    await due("overdue-old", now - 120 * minute);
    await due("vip-overdue", now - 90 * minute);
    await due("overdue-recent", now - minute);
    await due("due-now", now);
    await due("vip-soon", now + 10 * minute);
    // Two due at the same time: the id breaks the tie (soon-b was created first).
    await due("soon-a", now + 30 * minute);
    await due("soon-b", now + 30 * minute);
    await due("edge", now + 60 * minute);
    await due("past-edge", now + 60 * minute + 1);
    await due("later", now + 180 * minute);
    for (const k of ["closed-overdue", "deleted-overdue", "merged-overdue", "apart-overdue"]) await due(k, now - 30 * minute);
  });
  afterAll(() => t.close());

  it("lists the open tickets due within the hour, overdue ones first, in due order with the id breaking ties", async () => {
    const page = await listTickets(t.deps, { queue: "breaching" }, as.ada);
    expect(names(page.tickets.map((v) => v.id))).toEqual([
      "overdue-old",
      "vip-overdue",
      "overdue-recent",
      "due-now",
      "vip-soon",
      "soon-b",
      "soon-a",
      "edge",
    ]);
    expect(page.nextCursor).toBeNull();
    expect(page.tickets[0]!.slaDueAt).toEqual(new Date(now - 120 * minute));
  });

  it("hides other teams' tickets as the other queues do, and narrows to a team or an owner", async () => {
    const ids = async (input: Omit<ListTicketsInput, "queue">, actor: Actor) =>
      names((await listTickets(t.deps, { queue: "breaching", ...input }, actor)).tickets.map((v) => v.id));
    expect(await ids({}, as.bob)).toEqual(["overdue-old", "overdue-recent", "due-now", "soon-b", "soon-a", "edge"]);
    expect(await ids({}, as.dee)).toEqual(["vip-overdue", "due-now", "vip-soon", "soon-b", "soon-a", "edge"]);
    expect(await ids({ teamId: "vip" }, as.ada)).toEqual(["vip-overdue", "vip-soon"]);
    expect(await ids({ teamId: "tier1" }, as.cy)).toEqual(["overdue-old", "overdue-recent"]);
    expect(await ids({ ownerId: "cy" }, as.bob)).toEqual(["overdue-old"]);
    await expect(listTickets(t.deps, { queue: "breaching", teamId: "vip" }, as.bob)).rejects.toMatchObject({ code: "forbidden" });
  });

  it("takes the window from the injected clock: its far edge included, a millisecond past it not", async () => {
    const ids = async (input: Omit<ListTicketsInput, "queue"> = {}) =>
      names((await listTickets(t.deps, { queue: "breaching", ...input }, as.ada)).tickets.map((v) => v.id));
    expect(await ids()).toContain("edge");
    expect(await ids()).not.toContain("past-edge");
    expect(await ids({ dueWithinMinutes: 0 })).toEqual(["overdue-old", "vip-overdue", "overdue-recent", "due-now"]);
    expect(await ids({ dueWithinMinutes: 180 })).toEqual([
      "overdue-old",
      "vip-overdue",
      "overdue-recent",
      "due-now",
      "vip-soon",
      "soon-b",
      "soon-a",
      "edge",
      "past-edge",
      "later",
    ]);
    t.advance(1);
    try {
      expect((await ids()).slice(-2)).toEqual(["edge", "past-edge"]);
      expect(await ids({ dueWithinMinutes: 0 })).toEqual(["overdue-old", "vip-overdue", "overdue-recent", "due-now"]);
    } finally {
      t.advance(-1);
    }
    // Tickets with no running clock are never in it, however wide the window.
    expect(await ids({ dueWithinMinutes: 525_600 })).not.toContain("no-due");
  });

  it("walks every page at any page size without repeats or gaps, one team at a time merged", async () => {
    const all = (await listTickets(t.deps, { queue: "breaching", dueWithinMinutes: 180 }, as.ada)).tickets.map((v) => v.id);
    const bobs = (await listTickets(t.deps, { queue: "breaching", dueWithinMinutes: 180 }, as.bob)).tickets.map((v) => v.id);
    for (const limit of [1, 2, 3, 4, 7]) {
      const a = await drain(t, { queue: "breaching", dueWithinMinutes: 180, limit }, as.ada);
      expect(a.ids).toEqual(all);
      expect(a.pages).toBe(Math.ceil(all.length / limit));
      expect((await drain(t, { queue: "breaching", dueWithinMinutes: 180, limit }, as.bob)).ids).toEqual(bobs);
    }
  });

  it("keeps its pages whole while the clock moves on: tickets coming into the window sort after the cursor", async () => {
    let moved = 0;
    const walk = await drain(t, { queue: "breaching", limit: 3 }, as.ada, async () => {
      // A page of three a minute: past-edge comes into the window after the first page.
      t.advance(minute);
      moved += minute;
    });
    t.advance(-moved);
    expect(names(walk.ids)).toEqual([
      "overdue-old",
      "vip-overdue",
      "overdue-recent",
      "due-now",
      "vip-soon",
      "soon-b",
      "soon-a",
      "edge",
      "past-edge",
    ]);
  });

  it("refuses the created order, a window out of range and cursors of another order", async () => {
    const refused = (input: Omit<ListTicketsInput, "queue">) =>
      expect(listTickets(t.deps, { queue: "breaching", ...input }, as.ada)).rejects.toMatchObject({ code: "invalid" });
    await refused({ sort: "created" });
    await refused({ sort: "newest" as "created" });
    await refused({ dueWithinMinutes: -1 });
    await refused({ dueWithinMinutes: 1.5 });
    await refused({ dueWithinMinutes: 525_601 });
    const created = (await listTickets(t.deps, { queue: "all_open", limit: 1 }, as.ada)).nextCursor!;
    await refused({ cursor: created });
    await refused({ cursor: Buffer.from(`c${now}.1`).toString("base64url") });
    expect((await listTickets(t.deps, { queue: "breaching", sort: "sla_due" }, as.ada)).tickets).toHaveLength(8);
  });
});

describe("queues in SLA-due order", () => {
  let t: TestCore;
  /** What each ticket was given: team, due time (null: none), and creation time. */
  const made: { id: number; team: string | null; due: number | null; created: number }[] = [];

  beforeAll(async () => {
    t = await testCore();
    const base = t.deps.now().getTime();
    // 30 tickets over three teams; due times with ties (several at base+5m), some overdue, and a
    // third without one, several of those created in the same millisecond.
    const dueAt = [5, null, -20, 5, 40, null, null, 5, 600, -20, null, 15, 5, null, 0, 90, null, null, 30, 5];
    const teams = [null, "tier1", "vip"] as const;
    for (let i = 0; i < 30; i++) {
      const team = teams[i % 3]!;
      const v = await createTicket(t.deps, { subject: `s${i}`, teamId: team }, as.ada);
      const d = i < dueAt.length ? dueAt[i]! : i % 2 ? null : 7;
      made.push({ id: v.id, team, due: d === null ? null : base + d * minute, created: t.deps.now().getTime() });
      if (d !== null) await t.prisma.ticket.update({ where: { id: v.id }, data: { slaDueAt: new Date(base + d * minute) } });
      if (i % 4 !== 1) t.advance(1000); // runs of equal createdAt: the id breaks the tie
    }
  });
  afterAll(() => t.close());

  /** The expected order: due ones by (due, id), then the rest by (created, id). */
  const slaOrder = (rows: typeof made) => [
    ...rows
      .filter((r) => r.due !== null)
      .sort((a, b) => a.due! - b.due! || a.id - b.id)
      .map((r) => r.id),
    ...rows
      .filter((r) => r.due === null)
      .sort((a, b) => a.created - b.created || a.id - b.id)
      .map((r) => r.id),
  ];

  it("orders by due time, overdue first, then the tickets without one oldest first; the default order is unchanged", async () => {
    const page = await listTickets(t.deps, { queue: "all_open", sort: "sla_due", limit: 100 }, as.ada);
    expect(page.tickets.map((v) => v.id)).toEqual(slaOrder(made));
    expect(page.nextCursor).toBeNull();
    const created = await listTickets(t.deps, { queue: "all_open", limit: 100 }, as.ada);
    expect(created.tickets.map((v) => v.id)).toEqual(made.map((m) => m.id));
    expect((await listTickets(t.deps, { queue: "all_open", sort: "created", limit: 100 }, as.ada)).tickets).toEqual(created.tickets);
  });

  it("walks every page at any page size, through the change from tickets with a due time to those without, per visibility", async () => {
    const withDue = made.filter((m) => m.due !== null).length;
    const visibleToBob = made.filter((m) => m.team !== "vip");
    // Sizes that end a page exactly on the last ticket with a due time, and ones that split a page across both ranges.
    for (const limit of [1, 2, 3, 4, 5, withDue, withDue + 1, 29]) {
      const a = await drain(t, { queue: "all_open", sort: "sla_due", limit }, as.ada);
      expect(a.ids).toEqual(slaOrder(made));
      expect((await drain(t, { queue: "all_open", sort: "sla_due", limit }, as.bob)).ids).toEqual(slaOrder(visibleToBob));
      expect((await drain(t, { queue: "unassigned", sort: "sla_due", limit }, as.dee)).ids).toEqual(
        slaOrder(made.filter((m) => m.team !== "tier1")),
      );
      expect((await drain(t, { queue: "team", sort: "sla_due", limit }, as.ada)).ids).toEqual(slaOrder(made.filter((m) => m.team)));
    }
    expect(withDue).toBeGreaterThan(5);
  });

  it("lets tickets that change between pages neither repeat nor push others out", async () => {
    const expected = slaOrder(made);
    const late: number[] = [];
    const walk = await drain(t, { queue: "all_open", sort: "sla_due", limit: 4 }, as.ada, async (page) => {
      if (page === 2) {
        // A new ticket without a due time arrives (it sorts last), and one already seen is closed.
        t.advance(1000);
        late.push((await createTicket(t.deps, { subject: "late" }, as.ada)).id);
        await changeStatus(t.deps, { ticketId: expected[0]!, statusId: "closed" }, as.ada);
      }
    });
    expect(walk.ids).toEqual([...expected, ...late]);
  });

  it("refuses an unknown order and a cursor of the other order", async () => {
    await expect(listTickets(t.deps, { queue: "mine", sort: "due" as "sla_due" }, as.bob)).rejects.toMatchObject({ code: "invalid" });
    const sla = (await listTickets(t.deps, { queue: "all_open", sort: "sla_due", limit: 1 }, as.ada)).nextCursor!;
    const created = (await listTickets(t.deps, { queue: "all_open", limit: 1 }, as.ada)).nextCursor!;
    await expect(listTickets(t.deps, { queue: "all_open", cursor: sla }, as.ada)).rejects.toMatchObject({ code: "invalid" });
    await expect(listTickets(t.deps, { queue: "all_open", sort: "sla_due", cursor: created }, as.ada)).rejects.toMatchObject({
      code: "invalid",
    });
  });
});
