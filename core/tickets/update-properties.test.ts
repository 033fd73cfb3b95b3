import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { claimTicket } from "./claim-ticket.js";
import { createTicket } from "./create-ticket.js";
import { updateProperties } from "./update-properties.js";
import type { Priority } from "./view.js";

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
const updates = (ticketId: number) =>
  t.prisma.timelineEvent
    .findMany({ where: { ticketId, type: "ticket.properties_updated" } })
    .then((rows) => rows.map((r) => JSON.parse(r.data) as Record<string, Pair>));

describe("updateProperties", () => {
  it("writes and records only the fields that changed, and asks for the card to be updated", async () => {
    const { id } = await createTicket(t.deps, { subject: "Old", priority: "high", properties: { product: "web", seats: 5 } }, as.bob);
    t.advance(30_000);
    const v = await updateProperties(
      t.deps,
      { ticketId: id, subject: " New ", priority: "high", properties: { product: "mobile", seats: 5, resolution: "n/a" } },
      as.cy,
    );
    expect(v).toMatchObject({ subject: "New", priority: "high", properties: { product: "mobile", seats: 5, resolution: "n/a" } });
    expect(v.updatedAt).toEqual(t.deps.now());
    expect(await updates(id)).toEqual([
      {
        subject: { before: "Old", after: "New" },
        properties: { before: { product: "web", resolution: null }, after: { product: "mobile", resolution: "n/a" } },
      },
    ]);
    const ev = await t.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: id, type: "ticket.properties_updated" } });
    expect([ev.actorId, ev.createdAt]).toEqual(["cy", t.deps.now()]);
    const rows = await t.prisma.outbox.findMany({ where: { ticketId: id, topic: "ticket.changed" } });
    expect(rows.map((r) => JSON.parse(r.payload))).toContainEqual({ ticketId: id, change: "properties" });
  });

  it("changes priority and clears a property with null", async () => {
    const { id } = await createTicket(t.deps, { subject: "p", properties: { seats: 2 } }, as.bob);
    const v = await updateProperties(t.deps, { ticketId: id, priority: "urgent", properties: { seats: null } }, as.bob);
    expect([v.priority, v.properties]).toEqual(["urgent", {}]);
    expect(await updates(id)).toEqual([
      { priority: { before: "medium", after: "urgent" }, properties: { before: { seats: 2 }, after: { seats: null } } },
    ]);
  });

  it("refuses an edit that changes nothing", async () => {
    const { id } = await createTicket(t.deps, { subject: "Same", properties: { product: "web" } }, as.bob);
    for (const input of [
      {},
      { subject: "Same ", priority: "medium" as const, teamId: null, properties: { product: "web", seats: null } },
    ]) {
      await expect(updateProperties(t.deps, { ticketId: id, ...input }, as.bob)).rejects.toMatchObject({
        code: "invalid",
        message: `Nothing to change on #${id}.`,
      });
    }
    expect(await updates(id)).toEqual([]);
  });

  it("validates subject, priority and custom property values", async () => {
    const { id } = await createTicket(t.deps, { subject: "v" }, as.bob);
    await expect(updateProperties(t.deps, { ticketId: id, subject: "  " }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      fields: { subject: "Required." },
    });
    await expect(updateProperties(t.deps, { ticketId: id, priority: "asap" as Priority }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      fields: { priority: "Unknown priority." },
    });
    await expect(updateProperties(t.deps, { ticketId: id, properties: { product: "desktop" } }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      fields: { product: expect.any(String) },
    });
    await expect(updateProperties(t.deps, { ticketId: id, properties: { colour: "red" } }, as.bob)).rejects.toMatchObject({
      code: "invalid",
    });
  });

  it("refuses to clear what the current status requires", async () => {
    const { id } = await createTicket(t.deps, { subject: "r", statusId: "resolved", properties: { resolution: "fixed" } }, as.bob);
    await expect(updateProperties(t.deps, { ticketId: id, properties: { resolution: null } }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      message: `#${id} is Resolved, which requires Resolution; change its status first.`,
      fields: { resolution: "Resolved requires Resolution." },
    });
    await expect(updateProperties(t.deps, { ticketId: id, properties: { resolution: "" } }, as.bob)).rejects.toMatchObject({
      code: "invalid",
    });
    await expect(updateProperties(t.deps, { ticketId: id, properties: { resolution: "replaced" } }, as.bob)).resolves.toMatchObject({
      properties: { resolution: "replaced" },
    });
    const { id: open } = await createTicket(t.deps, { subject: "o", properties: { resolution: "early" } }, as.bob);
    await expect(updateProperties(t.deps, { ticketId: open, properties: { resolution: null } }, as.bob)).resolves.toMatchObject({
      properties: {},
    });
  });

  it("moves a ticket only into a team the actor is in, and never away from its owner", async () => {
    const { id } = await createTicket(t.deps, { subject: "t", teamId: "tier1" }, as.bob);
    await expect(updateProperties(t.deps, { ticketId: id, teamId: "nope" }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      fields: { team: "Unknown team." },
    });
    await expect(updateProperties(t.deps, { ticketId: id, teamId: "vip" }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      message: "You are not in team VIP.",
    });
    await claimTicket(t.deps, { ticketId: id }, as.cy);
    await expect(updateProperties(t.deps, { ticketId: id, teamId: "vip" }, as.ada)).rejects.toMatchObject({
      code: "invalid",
      message: `Cy owns #${id} but is not in team VIP; reassign or release it first.`,
    });
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).teamId).toBe("tier1");
    const open = await updateProperties(t.deps, { ticketId: id, teamId: null }, as.bob);
    expect(open.team).toBeNull();
    await expect(updateProperties(t.deps, { ticketId: id, teamId: "vip" }, as.dee)).rejects.toMatchObject({
      code: "invalid",
      message: expect.stringContaining("Cy owns"),
    });
    expect(await updates(id)).toEqual([{ team: { before: "tier1", after: null } }]);
  });

  it("lets an admin move an unowned ticket to another team, which then hides it from outsiders", async () => {
    const { id } = await createTicket(t.deps, { subject: "escalate to vip" }, as.bob);
    const v = await updateProperties(t.deps, { ticketId: id, teamId: "vip" }, as.ada);
    expect(v.team).toEqual({ id: "vip", name: "VIP" });
    await expect(updateProperties(t.deps, { ticketId: id, priority: "low" }, as.bob)).rejects.toMatchObject({ code: "not_found" });
    await expect(updateProperties(t.deps, { ticketId: id, priority: "low" }, { type: "agent", agentId: "nobody" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(updateProperties(t.deps, { ticketId: id, priority: "low" }, as.dee)).resolves.toMatchObject({ priority: "low" });
  });

  it("racing edits queue up so each event's before is the value it replaced", async () => {
    for (let round = 0; round < 4; round++) {
      const { id } = await createTicket(t.deps, { subject: `race ${round}` }, as.ada);
      const edits: Priority[] = ["low", "high", "urgent", "low", "medium"];
      const actors = [as.ada, as.bob, as.cy];
      const results = await Promise.allSettled(
        edits.map((priority, i) => updateProperties(t.deps, { ticketId: id, priority }, actors[i % 3]!)),
      );
      for (const r of results)
        if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "invalid", message: `Nothing to change on #${id}.` });
      const events = await updates(id);
      expect(events).toHaveLength(results.filter((r) => r.status === "fulfilled").length);
      const row = await t.prisma.ticket.findUniqueOrThrow({ where: { id } });
      expect(
        chainEnds(
          events.map((e) => e.priority!),
          "medium",
        ),
      ).toContain(row.priority);
    }
  });
});
