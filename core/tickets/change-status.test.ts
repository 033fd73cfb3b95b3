import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { loadAgent } from "../access.js";
import { withTx } from "../deps.js";
import { applyStatusChange } from "./apply-status-change.js";
import { changeStatus } from "./change-status.js";
import { createTicket } from "./create-ticket.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

type Pair = { before: unknown; after: unknown };
/** Every value the before/after pairs can end at when chained from `start` in some order. */
function chainEnds(pairs: Pair[], start: unknown): unknown[] {
  if (pairs.length === 0) return [start];
  return pairs.flatMap((p, i) =>
    p.before === start
      ? chainEnds(
          pairs.filter((_, j) => j !== i),
          p.after,
        )
      : [],
  );
}
const statusEvents = (ticketId: number) =>
  t.prisma.timelineEvent
    .findMany({ where: { ticketId, type: "ticket.status_changed" } })
    .then((rows) => rows.map((r) => JSON.parse(r.data) as { status: Pair; properties?: Pair }));

describe("changeStatus", () => {
  it("moves the ticket, records before/after and asks for the card to be updated", async () => {
    const { id } = await createTicket(t.deps, { subject: "work it" }, as.bob);
    t.advance(5_000);
    const v = await changeStatus(t.deps, { ticketId: id, statusId: "in_progress" }, as.cy);
    expect(v).toMatchObject({ status: { id: "in_progress", name: "In progress", category: "OPEN" }, closedAt: null, resolvedAt: null });
    expect(v.updatedAt).toEqual(t.deps.now());
    const ev = await t.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: id, type: "ticket.status_changed" } });
    expect([ev.actorId, JSON.parse(ev.data), ev.createdAt]).toEqual([
      "cy",
      { status: { before: "new", after: "in_progress" } },
      t.deps.now(),
    ]);
    const rows = await t.prisma.outbox.findMany({ where: { ticketId: id, topic: "ticket.changed" } });
    expect(rows.map((r) => JSON.parse(r.payload))).toContainEqual({ ticketId: id, change: "status" });
  });

  it("refuses unknown statuses, other pipelines' statuses and the status it already has", async () => {
    const { id } = await createTicket(t.deps, { subject: "stay" }, as.bob);
    await expect(changeStatus(t.deps, { ticketId: id, statusId: "done" }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      fields: { status: "Unknown status." },
    });
    await expect(changeStatus(t.deps, { ticketId: id, statusId: "new" }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      message: `#${id} is already New.`,
    });
    expect(await statusEvents(id)).toEqual([]);
  });

  it("names the required properties that are missing and writes nothing", async () => {
    const { id } = await createTicket(t.deps, { subject: "half done" }, as.bob);
    await expect(changeStatus(t.deps, { ticketId: id, statusId: "resolved" }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      message: "To set Resolved, fill in: Resolution.",
      fields: { resolution: "Resolution is required for Resolved." },
    });
    await expect(changeStatus(t.deps, { ticketId: id, statusId: "escalated" }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      fields: { owner: expect.any(String) },
    });
    const row = await t.prisma.ticket.findUniqueOrThrow({ where: { id } });
    expect([row.statusId, row.open, row.closedAt]).toEqual(["new", true, null]);
    expect(await statusEvents(id)).toEqual([]);
  });

  it("takes the required properties in the same action and closes the ticket", async () => {
    const { id } = await createTicket(t.deps, { subject: "fix", properties: { product: "web" } }, as.bob);
    t.advance(60_000);
    const v = await changeStatus(
      t.deps,
      { ticketId: id, statusId: "resolved", properties: { resolution: "rebooted", seats: "3" } },
      as.bob,
    );
    expect(v).toMatchObject({
      status: { id: "resolved", category: "CLOSED" },
      properties: { product: "web", resolution: "rebooted", seats: 3 },
    });
    expect(v.closedAt).toEqual(t.deps.now());
    expect(v.resolvedAt).toEqual(t.deps.now());
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).open).toBe(false);
    expect(await statusEvents(id)).toEqual([
      {
        status: { before: "new", after: "resolved" },
        properties: { before: { resolution: null, seats: null }, after: { resolution: "rebooted", seats: 3 } },
      },
    ]);
  });

  it("rejects bad property values given with the change", async () => {
    const { id } = await createTicket(t.deps, { subject: "bad" }, as.bob);
    await expect(
      changeStatus(t.deps, { ticketId: id, statusId: "resolved", properties: { resolution: "ok", seats: "many" } }, as.bob),
    ).rejects.toMatchObject({
      code: "invalid",
      fields: { seats: "Seats must be a number." },
    });
    await expect(
      changeStatus(t.deps, { ticketId: id, statusId: "resolved", properties: { resolution: "" } }, as.bob),
    ).rejects.toMatchObject({ code: "invalid" });
    await expect(
      changeStatus(t.deps, { ticketId: id, statusId: "in_progress", properties: { colour: "red" } }, as.bob),
    ).rejects.toMatchObject({ code: "invalid" });
  });

  it("keeps the first resolution time when closing a resolved ticket, and clears both on reopening", async () => {
    const { id } = await createTicket(t.deps, { subject: "lifecycle", statusId: "resolved", properties: { resolution: "done" } }, as.bob);
    const resolvedAt = t.deps.now();
    t.advance(3_600_000);
    const closed = await changeStatus(t.deps, { ticketId: id, statusId: "closed" }, as.bob);
    expect([closed.resolvedAt, closed.closedAt]).toEqual([resolvedAt, t.deps.now()]);
    const reopened = await changeStatus(t.deps, { ticketId: id, statusId: "in_progress" }, as.bob);
    expect([reopened.status.category, reopened.resolvedAt, reopened.closedAt]).toEqual(["OPEN", null, null]);
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).open).toBe(true);
  });

  it("hides team tickets from outsiders and refuses non-agents", async () => {
    const { id } = await createTicket(t.deps, { subject: "vip", teamId: "vip" }, as.dee);
    await expect(changeStatus(t.deps, { ticketId: id, statusId: "in_progress" }, as.bob)).rejects.toMatchObject({ code: "not_found" });
    await expect(changeStatus(t.deps, { ticketId: id, statusId: "in_progress" }, { type: "system" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(changeStatus(t.deps, { ticketId: id, statusId: "in_progress" }, as.dee)).resolves.toMatchObject({
      status: { id: "in_progress" },
    });
  });

  it("racing changes queue up: the timeline chains to the stored status and the columns match it", async () => {
    for (let round = 0; round < 4; round++) {
      const { id } = await createTicket(t.deps, { subject: `race ${round}`, ownerId: "cy" }, as.ada);
      const moves = ["in_progress", "closed", "waiting_on_customer", "escalated", "closed", "in_progress"];
      const actors = [as.ada, as.bob, as.cy];
      const results = await Promise.allSettled(
        moves.map((statusId, i) => changeStatus(t.deps, { ticketId: id, statusId }, actors[i % 3]!)),
      );
      for (const r of results)
        if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "invalid", message: expect.stringContaining("already") });
      const events = await statusEvents(id);
      expect(events).toHaveLength(results.filter((r) => r.status === "fulfilled").length);
      const row = await t.prisma.ticket.findUniqueOrThrow({ where: { id } });
      expect(
        chainEnds(
          events.map((e) => e.status),
          "new",
        ),
      ).toContain(row.statusId);
      expect(row.open).toBe(row.statusId !== "closed");
      expect(row.closedAt === null).toBe(row.open);
    }
  });
});

describe("applyStatusChange (for use cases that change status along with something else)", () => {
  it("returns the columns to write and records the event, leaving the ticket row to the caller", async () => {
    const { id } = await createTicket(t.deps, { subject: "helper" }, as.bob);
    const out = await withTx(t.deps, async (tx) => {
      const ticket = await tx.selectFrom("Ticket").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
      const party = { type: "agent" as const, agent: (await loadAgent(tx, "bob"))! };
      return applyStatusChange(tx, t.deps, party, ticket, "resolved", { resolution: "via reply" }, t.deps.now());
    });
    expect(out).toMatchObject({
      status: { id: "resolved" },
      data: {
        statusId: "resolved",
        open: false,
        closedAt: t.deps.now(),
        resolvedAt: t.deps.now(),
        properties: JSON.stringify({ resolution: "via reply" }),
      },
    });
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).statusId).toBe("new");
    expect(await statusEvents(id)).toHaveLength(1);
    expect(await t.prisma.outbox.count({ where: { ticketId: id, payload: { contains: '"status"' } } })).toBe(0);
  });

  it("returns null and writes nothing when the ticket is already in that status", async () => {
    const { id } = await createTicket(t.deps, { subject: "same" }, as.bob);
    const out = await withTx(t.deps, async (tx) =>
      applyStatusChange(
        tx,
        t.deps,
        { type: "system" },
        await tx.selectFrom("Ticket").selectAll().where("id", "=", id).executeTakeFirstOrThrow(),
        "new",
        { resolution: "x" },
        t.deps.now(),
      ),
    );
    expect(out).toBeNull();
    expect(await statusEvents(id)).toEqual([]);
  });
});
