import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../deps.js";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { claimTicket } from "./claim-ticket.js";
import { createTicket } from "./create-ticket.js";
import { ingestInbound } from "./ingest-inbound.js";
import { encodeCursor, listTickets, type ListTicketsInput } from "./list-tickets.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

/** Every ticket of a queue, page by page, failing on a repeated ticket. */
async function drain(input: ListTicketsInput, actor: Actor): Promise<{ ids: number[]; pages: number }> {
  const ids: number[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await listTickets(t.deps, { ...input, cursor }, actor);
    pages++;
    ids.push(...page.tickets.map((v) => v.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && pages < 100);
  expect(new Set(ids).size).toBe(ids.length);
  return { ids, pages };
}

describe("listTickets", () => {
  const made: Record<string, number> = {};
  beforeAll(async () => {
    const mk = async (key: string, actor: Actor, extra: Parameters<typeof createTicket>[1] = { subject: key }) => {
      made[key] = (await createTicket(t.deps, { ...extra, subject: key }, actor)).id;
      t.advance(1000);
    };
    await mk("open-general", as.bob);
    await mk("tier1", as.bob, { subject: "", teamId: "tier1" });
    await mk("vip", as.dee, { subject: "", teamId: "vip" });
    await mk("bob-owned", as.bob, { subject: "", ownerId: "bob", priority: "high" });
    await mk("cy-owned-tier1", as.cy, { subject: "", ownerId: "cy", teamId: "tier1" });
    await mk("dee-owned-vip", as.dee, { subject: "", ownerId: "dee", teamId: "vip", priority: "urgent" });
    await mk("closed", as.bob, { subject: "", statusId: "closed" });
    await mk("deleted", as.bob);
    await mk("merged", as.bob);
    await mk("in-progress", as.bob, { subject: "", statusId: "in_progress" });
    // Filed apart: auto-replies that answered no ticket, one of them sent to the VIP inbox.
    for (const [key, teamId] of [
      ["apart", undefined],
      ["apart-vip", "vip"],
    ] as const) {
      const auto = await ingestInbound(t.deps, {
        channel: "email",
        from: { email: "ooo@robots.io" },
        text: "away",
        externalId: `<${key}@robots.io>`,
        route: { teamId },
        autoSubmitted: true,
        autoKind: "auto_reply",
      });
      made[key] = auto.ticket.id;
      t.advance(1000);
    }
    await t.prisma.ticket.update({ where: { id: made.deleted! }, data: { deletedAt: new Date() } });
    await t.prisma.ticket.update({ where: { id: made.merged! }, data: { mergedIntoId: made["open-general"]! } });
  });
  const names = (ids: number[]) => ids.map((id) => Object.keys(made).find((k) => made[k] === id));

  it("lists open, undeleted, unmerged tickets oldest first, hiding other teams' tickets from agents", async () => {
    expect(names((await drain({ queue: "all_open" }, as.ada)).ids)).toEqual([
      "open-general",
      "tier1",
      "vip",
      "bob-owned",
      "cy-owned-tier1",
      "dee-owned-vip",
      "in-progress",
    ]);
    expect(names((await drain({ queue: "all_open" }, as.bob)).ids)).toEqual([
      "open-general",
      "tier1",
      "bob-owned",
      "cy-owned-tier1",
      "in-progress",
    ]);
    expect(names((await drain({ queue: "all_open" }, as.dee)).ids)).toEqual([
      "open-general",
      "vip",
      "bob-owned",
      "dee-owned-vip",
      "in-progress",
    ]);
  });

  it("lists the tickets filed apart in the auto queue only, with the same team visibility", async () => {
    expect(names((await drain({ queue: "auto" }, as.ada)).ids)).toEqual(["apart", "apart-vip"]);
    expect(names((await drain({ queue: "auto" }, as.bob)).ids)).toEqual(["apart"]);
    expect(names((await drain({ queue: "auto", teamId: "vip" }, as.dee)).ids)).toEqual(["apart-vip"]);
  });

  it("serves the mine, unassigned and team queues", async () => {
    expect(names((await drain({ queue: "mine" }, as.bob)).ids)).toEqual(["bob-owned"]);
    expect(names((await drain({ queue: "unassigned" }, as.bob)).ids)).toEqual(["open-general", "tier1", "in-progress"]);
    expect(names((await drain({ queue: "unassigned" }, as.dee)).ids)).toEqual(["open-general", "vip", "in-progress"]);
    expect(names((await drain({ queue: "team" }, as.cy)).ids)).toEqual(["tier1", "cy-owned-tier1"]);
    expect(names((await drain({ queue: "team", teamId: "vip" }, as.ada)).ids)).toEqual(["vip", "dee-owned-vip"]);
    expect(names((await drain({ queue: "team" }, as.ada)).ids)).toEqual(["tier1", "vip", "cy-owned-tier1", "dee-owned-vip"]);
    await expect(listTickets(t.deps, { queue: "team", teamId: "vip" }, as.bob)).rejects.toMatchObject({ code: "forbidden" });
    await expect(listTickets(t.deps, { queue: "team", teamId: "nope" }, as.ada)).rejects.toMatchObject({ code: "invalid" });
    await expect(listTickets(t.deps, { queue: "all_open" }, { type: "agent", agentId: "stranger" })).rejects.toMatchObject({
      code: "forbidden",
    });
  });

  it("filters by status, priority, owner and pipeline", async () => {
    expect(names((await drain({ queue: "all_open", statusIds: ["in_progress"] }, as.ada)).ids)).toEqual(["in-progress"]);
    const allOpen = (await drain({ queue: "all_open" }, as.ada)).ids;
    expect((await drain({ queue: "all_open", pipelineIds: ["support"] }, as.ada)).ids).toEqual(allOpen);
    expect((await drain({ queue: "all_open", pipelineIds: ["billing"] }, as.ada)).ids).toEqual([]);
    await expect(listTickets(t.deps, { queue: "all_open", pipelineIds: ["nope"] }, as.ada)).rejects.toMatchObject({ code: "invalid" });
    expect(names((await drain({ queue: "all_open", priorities: ["high", "urgent"] }, as.bob)).ids)).toEqual(["bob-owned"]);
    expect(names((await drain({ queue: "team", ownerId: "cy" }, as.bob)).ids)).toEqual(["cy-owned-tier1"]);
    await expect(listTickets(t.deps, { queue: "mine", ownerId: "cy" }, as.bob)).rejects.toMatchObject({ code: "invalid" });
    await expect(listTickets(t.deps, { queue: "all_open", priorities: ["meh" as "low"] }, as.bob)).rejects.toMatchObject({
      code: "invalid",
    });
  });

  it("returns the full ticket view", async () => {
    const { tickets } = await listTickets(t.deps, { queue: "mine" }, as.bob);
    expect(tickets[0]).toMatchObject({
      number: `#${made["bob-owned"]}`,
      owner: { id: "bob", name: "Bob" },
      status: { id: "new", category: "OPEN" },
      priority: "high",
    });
  });
});

describe("listTickets pagination", () => {
  let p: TestCore;
  beforeAll(async () => {
    p = await testCore();
  });
  afterAll(() => p.close());

  it("walks every page without repeats or gaps, with many tickets sharing a creation time", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 23; i++) {
      ids.push((await createTicket(p.deps, { subject: `p${i}` }, as.bob)).id);
      if (i % 4 === 3) p.advance(1); // runs of equal createdAt: the id breaks the tie
    }
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listTickets(p.deps, { queue: "unassigned", limit: 5, cursor }, as.cy);
      pages++;
      seen.push(...page.tickets.map((v) => v.id));
      if (pages === 2) {
        // Between pages: a seen ticket is claimed (leaves the queue) and a new one arrives.
        await claimTicket(p.deps, { ticketId: ids[0]! }, as.bob);
        p.advance(1);
        ids.push((await createTicket(p.deps, { subject: "late" }, as.bob)).id);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(ids);
    expect(pages).toBe(5);
  });

  it("defaults to 25, caps at 100, and refuses bad page sizes and cursors", async () => {
    const pipelineId = "support";
    const base = p.deps.now().getTime() + 10_000;
    await p.prisma.ticket.createMany({
      data: Array.from({ length: 110 }, (_, i) => ({
        subject: `bulk ${i}`,
        source: "manual",
        pipelineId,
        statusId: "new",
        createdAt: new Date(base + i),
        updatedAt: new Date(base + i),
      })),
    });
    expect((await listTickets(p.deps, { queue: "all_open" }, as.ada)).tickets).toHaveLength(25);
    const big = await listTickets(p.deps, { queue: "all_open", limit: 1000 }, as.ada);
    expect(big.tickets).toHaveLength(100);
    expect(big.nextCursor).not.toBeNull();
    await expect(listTickets(p.deps, { queue: "all_open", limit: 0 }, as.ada)).rejects.toMatchObject({ code: "invalid" });
    for (const cursor of [
      "garbage!",
      Buffer.from("12.x").toString("base64url"),
      "MTIz",
      Buffer.from("12.99999999999").toString("base64url"),
    ]) {
      await expect(listTickets(p.deps, { queue: "all_open", cursor }, as.ada)).rejects.toMatchObject({ code: "invalid" });
    }
    const last = await listTickets(p.deps, { queue: "all_open", cursor: encodeCursor(new Date(base + 108), 1e9) }, as.ada);
    expect(last.tickets.map((v) => v.subject)).toEqual(["bulk 109"]);
    expect(last.nextCursor).toBeNull();
  });
});

describe("listTickets across several teams", () => {
  it("merges the teams an agent is in (and unrestricted tickets) into one oldest-first queue", async () => {
    const multi = await testCore({
      teams: [
        { id: "a", name: "A" },
        { id: "b", name: "B" },
        { id: "c", name: "C" },
      ],
      agents: [
        { id: "ann", name: "Ann", teams: ["a", "b"] },
        { id: "root", name: "Root", role: "admin" },
      ],
    });
    try {
      const ann: Actor = { type: "agent", agentId: "ann" };
      const root: Actor = { type: "agent", agentId: "root" };
      const made: { id: number; team: string | null }[] = [];
      const teams = ["a", "b", null, "c", "b", "a", null, "c", "a", "b", "b", null];
      for (const [i, team] of teams.entries()) {
        multi.advance(1000);
        const v = await createTicket(multi.deps, { subject: `t${i}`, teamId: team }, root);
        made.push({ id: v.id, team });
      }
      const visible = made.filter((m) => m.team !== "c").map((m) => m.id);
      const seen: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await listTickets(multi.deps, { queue: "unassigned", limit: 3, cursor }, ann);
        seen.push(...page.tickets.map((x) => x.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(visible);
      const teamQueue = await listTickets(multi.deps, { queue: "team", limit: 100 }, ann);
      expect(teamQueue.tickets.map((x) => x.id)).toEqual(made.filter((m) => m.team === "a" || m.team === "b").map((m) => m.id));
    } finally {
      await multi.close();
    }
  });
});
