import { afterAll, beforeAll, expect, it } from "vitest";
import { testCore, type TestCore } from "../../test/harness.js";
import { activeAgents } from "./active-agents.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

it("lists the active agents by name, with their teams", async () => {
  await t.prisma.agent.create({ data: { id: "gone", name: "Aaron", active: false } });
  await t.prisma.agentTeam.create({ data: { agentId: "bob", teamId: "vip" } });
  expect(await activeAgents(t.deps)).toEqual([
    { id: "ada", name: "Ada", role: "admin", teamIds: [] },
    { id: "bob", name: "Bob", role: "agent", teamIds: ["tier1", "vip"] },
    { id: "cy", name: "Cy", role: "agent", teamIds: ["tier1"] },
    { id: "dee", name: "Dee", role: "agent", teamIds: ["vip"] },
  ]);
});
