import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { kpiFilterOptions } from "./kpi-filter-options.js";
import { kpiPeriod } from "./kpi-period.js";
import { kpiTickets } from "./kpi-tickets.js";
import type { KpiFigureName, KpiFilter } from "./kpi-types.js";
import { kpiConfig, newYork, seedKpis } from "./testing/kpi-fixture.js";

let t: TestCore;
let period: KpiFilter;
let ids: number[];
let vip: number;
beforeEach(async () => {
  t = await testCore(kpiConfig);
  ({ ids, vip } = await seedKpis(t));
  period = kpiPeriod("2026-03-06..2026-03-12", t.deps.now(), newYork);
});
afterEach(() => t.close());

const list = async (actor: typeof as.bob, figure: KpiFigureName, filter: KpiFilter = period) =>
  (await kpiTickets(t.deps, actor, filter, { figure, limit: 100 })).rows.map((r) => r.id);

describe("kpiTickets", () => {
  it("lists the tickets behind each figure, in the order of its time", async () => {
    expect(await list(as.bob, "created")).toEqual(ids);
    expect(await list(as.bob, "unresolved")).toEqual([ids[5]]);
    expect(await list(as.bob, "resolved")).toEqual(ids.slice(0, 5));
    expect(await list(as.bob, "resolution")).toEqual(ids.slice(0, 5));
    expect(await list(as.bob, "first_response")).toEqual(ids);
    expect(await list(as.bob, "csat")).toEqual(ids.slice(0, 3));
    expect(await list(as.bob, "sla_missed")).toEqual([ids[1]]);
  });

  it("shows each ticket's names and times", async () => {
    const { rows } = await kpiTickets(t.deps, as.bob, period, { figure: "csat", limit: 1 });
    expect(rows).toEqual([
      {
        id: ids[0],
        subject: "Case 03-06T06:00",
        status: "Resolved",
        priority: "medium",
        team: "Tier 1",
        owner: "Bob",
        source: "email",
        createdAt: new Date("2026-03-06T06:00:00Z"),
        firstResponseSec: 600,
        resolutionSec: 3000,
        csatScore: 5,
      },
    ]);
  });

  it("pages through a figure without repeating or missing a ticket", async () => {
    const first = await kpiTickets(t.deps, as.bob, period, { figure: "created", limit: 4 });
    expect(first.rows.map((r) => r.id)).toEqual(ids.slice(0, 4));
    expect(first.next).not.toBeNull();
    const second = await kpiTickets(t.deps, as.bob, period, { figure: "created", limit: 4, after: first.next });
    expect(second.rows.map((r) => r.id)).toEqual(ids.slice(4));
    expect(second.next).toBeNull();
    await expect(kpiTickets(t.deps, as.bob, period, { figure: "created", after: "nonsense" })).rejects.toMatchObject({ code: "invalid" });
  });

  it("pages through tickets that share the figure's time, by their number", async () => {
    // The three ratings were all given at 03-11T12:00.
    const seen: number[] = [];
    let after: string | null = null;
    do {
      const page = await kpiTickets(t.deps, as.bob, period, { figure: "csat", limit: 1, after });
      seen.push(...page.rows.map((r) => r.id));
      after = page.next;
    } while (after !== null && seen.length < 10);
    expect(seen).toEqual(ids.slice(0, 3));
  });

  it("lists only what the reader may see, with the filters", async () => {
    expect(await list(as.dee, "created")).toEqual([vip, ids[5]]);
    expect(await list(as.dee, "sla_missed")).toEqual([]);
    expect(await list(as.ada, "created")).toHaveLength(7);
    await expect(list(as.bob, "created", { ...period, teamId: "vip" })).rejects.toMatchObject({ code: "forbidden" });
    expect(await list(as.ada, "created", { ...period, agentId: "bob" })).toEqual(ids.slice(0, 2));
    expect(await list(as.bob, "created", { ...period, pipelineId: "billing" })).toEqual([ids[2]]);
    expect(await list(as.bob, "created", { ...period, source: "form" })).toEqual([ids[3]]);
  });
});

describe("kpiFilterOptions", () => {
  it("offers an agent their teams and teammates, an admin everyone", async () => {
    const bob = await kpiFilterOptions(t.deps, as.bob);
    expect(bob).toMatchObject({
      admin: false,
      teams: [{ id: "tier1", name: "Tier 1" }],
      agents: [
        { id: "bob", name: "Bob" },
        { id: "cy", name: "Cy" },
      ],
      pipelines: [
        { id: "support", name: "Support" },
        { id: "billing", name: "Billing" },
      ],
    });
    expect(bob.sources).toEqual(expect.arrayContaining(["email", "form", "manual", "slack", "discord"]));
    const ada = await kpiFilterOptions(t.deps, as.ada);
    expect(ada.admin).toBe(true);
    expect(ada.teams.map((x) => x.id)).toEqual(["tier1", "vip"]);
    expect(ada.agents.map((x) => x.id)).toEqual(["ada", "bob", "cy", "dee"]);
  });
});
