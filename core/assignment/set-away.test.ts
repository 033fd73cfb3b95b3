// Availability: agents set themselves away and back, admins anyone; who is away can be read by any
// agent; nothing of it goes on a ticket's timeline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { awayAgents } from "./away-agents.js";
import { setAway } from "./set-away.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

const agentRow = (id: string) => t.prisma.agent.findUniqueOrThrow({ where: { id } });

describe("setAway", () => {
  it("sets the agent away since now and back again, saying whether anything changed", async () => {
    const events = await t.prisma.timelineEvent.count();
    const away = await setAway(t.deps, { away: true }, as.bob);
    expect(away).toEqual({ id: "bob", name: "Bob", away: true, awaySince: t.deps.now(), changed: true });
    expect(await agentRow("bob")).toMatchObject({ away: true, awaySince: t.deps.now() });
    // Again: nothing changes, and the time they went away stands.
    const went = t.deps.now();
    t.advance(60_000);
    expect(await setAway(t.deps, { away: true }, as.bob)).toMatchObject({ away: true, awaySince: went, changed: false });
    expect(await setAway(t.deps, { away: false }, as.bob)).toEqual({ id: "bob", name: "Bob", away: false, awaySince: null, changed: true });
    expect(await setAway(t.deps, { away: false }, as.bob)).toMatchObject({ away: false, changed: false });
    expect(await agentRow("bob")).toMatchObject({ away: false, awaySince: null });
    expect(await t.prisma.timelineEvent.count()).toBe(events);
  });

  it("lets an admin set another agent away or back, and nobody else", async () => {
    expect(await setAway(t.deps, { agentId: "cy", away: true }, as.ada)).toMatchObject({ id: "cy", name: "Cy", away: true, changed: true });
    await expect(setAway(t.deps, { agentId: "cy", away: false }, as.bob)).rejects.toMatchObject({
      code: "forbidden",
      message: "Only admins can set another agent away or back.",
    });
    // Naming oneself is fine.
    expect(await setAway(t.deps, { agentId: "bob", away: false }, as.bob)).toMatchObject({ id: "bob", changed: false });
    await expect(setAway(t.deps, { agentId: "nobody", away: true }, as.ada)).rejects.toMatchObject({ code: "invalid" });
    await t.prisma.agent.update({ where: { id: "dee" }, data: { active: false } });
    await expect(setAway(t.deps, { agentId: "dee", away: true }, as.ada)).rejects.toMatchObject({ code: "invalid" });
    await expect(setAway(t.deps, { away: true }, { type: "system" })).rejects.toMatchObject({ code: "forbidden" });
    expect(await setAway(t.deps, { agentId: "cy", away: false }, as.ada)).toMatchObject({ away: false, changed: true });
    await t.prisma.agent.update({ where: { id: "dee" }, data: { active: true } });
  });

  it("lists who is away, those away longest first, with their teams", async () => {
    expect(await awayAgents(t.deps, as.bob)).toEqual([]);
    await setAway(t.deps, { away: true }, as.dee);
    const deeSince = t.deps.now();
    t.advance(60_000);
    await setAway(t.deps, { agentId: "cy", away: true }, as.ada);
    expect(await awayAgents(t.deps, as.bob)).toEqual([
      { id: "dee", name: "Dee", awaySince: deeSince, teamIds: ["vip"] },
      { id: "cy", name: "Cy", awaySince: t.deps.now(), teamIds: ["tier1"] },
    ]);
    // A deactivated agent is not listed.
    await t.prisma.agent.update({ where: { id: "dee" }, data: { active: false } });
    expect((await awayAgents(t.deps, as.bob)).map((a) => a.id)).toEqual(["cy"]);
    await expect(awayAgents(t.deps, { type: "system" })).rejects.toMatchObject({ code: "forbidden" });
  });
});
