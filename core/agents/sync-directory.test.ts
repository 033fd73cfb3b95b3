import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HelpdeskConfig } from "../config.js";
import { testConfigInput, testCore, type TestCore } from "../../test/harness.js";
import { agentByChatUser, agentsByChatUsers } from "./agent-by-chat-user.js";
import { provisionAgent } from "./provision-agent.js";
import { syncDirectory } from "./sync-directory.js";

let t: TestCore;
beforeEach(async () => {
  t = await testCore();
});
afterEach(() => t.close());

const agent = (id: string) =>
  t.prisma.agent.findUniqueOrThrow({
    where: { id },
    include: { teams: true, identities: { select: { surface: true, externalId: true } } },
  });
const restart = (input: unknown = testConfigInput) => syncDirectory(t.deps, HelpdeskConfig.parse(input));

describe("provisionAgent", () => {
  it("makes a platform user's agent row, updates it, and deactivates it when the platform stops vouching", async () => {
    const made = await provisionAgent(t.deps, {
      surface: "slack",
      userId: "U0GINA",
      name: "Gina",
      teamIds: ["tier1"],
      role: "admin",
      active: true,
    });
    expect(made).toEqual({ outcome: "active", agentId: "slack-U0GINA" });
    const row = await agent("slack-U0GINA");
    expect(row).toMatchObject({ name: "Gina", role: "admin", identities: [{ surface: "slack", externalId: "U0GINA" }], active: true });
    expect(row.teams.map((m) => m.teamId)).toEqual(["tier1"]);

    // No name given: the row keeps its own. Teams given: they replace the row's.
    await provisionAgent(t.deps, { surface: "slack", userId: "U0GINA", teamIds: ["vip"], active: true });
    expect(await agent("slack-U0GINA")).toMatchObject({ name: "Gina", role: "agent", teams: [{ agentId: "slack-U0GINA", teamId: "vip" }] });

    expect(await provisionAgent(t.deps, { surface: "slack", userId: "U0GINA", active: false })).toEqual({
      outcome: "inactive",
      agentId: "slack-U0GINA",
      deactivated: true,
    });
    expect(await provisionAgent(t.deps, { surface: "slack", userId: "U0GINA", active: false })).toEqual({
      outcome: "inactive",
      agentId: "slack-U0GINA",
      deactivated: false,
    });
    expect((await agent("slack-U0GINA")).active).toBe(false);
    // Nothing to deactivate for a user never provisioned.
    expect(await provisionAgent(t.deps, { surface: "discord", userId: "300", active: false })).toEqual({
      outcome: "inactive",
      agentId: "discord-300",
      deactivated: false,
    });
    expect(await t.prisma.agent.count({ where: { id: "discord-300" } })).toBe(0);
  });

  it("refuses a team that does not exist, writing nothing", async () => {
    expect(await provisionAgent(t.deps, { surface: "slack", userId: "U0X", name: "X", teamIds: ["tier1", "nope"], active: true })).toEqual({
      outcome: "unknown_team",
      agentId: "slack-U0X",
      teamId: "nope",
    });
    expect(await t.prisma.agent.count({ where: { id: "slack-U0X" } })).toBe(0);
  });

  it("gives two replicas provisioning the same user at once one row", async () => {
    const input = { surface: "discord", userId: "200000000000000002", name: "Dana", active: true } as const;
    const results = await Promise.all([provisionAgent(t.deps, input), provisionAgent(t.deps, input)]);
    expect(results).toEqual([
      { outcome: "active", agentId: "discord-200000000000000002" },
      { outcome: "active", agentId: "discord-200000000000000002" },
    ]);
    expect(await t.prisma.chatIdentity.count({ where: { surface: "discord", externalId: "200000000000000002" } })).toBe(1);
    expect(await t.prisma.agent.count({ where: { id: "discord-200000000000000002" } })).toBe(1);
    expect(await agentByChatUser(t.deps, "discord", "200000000000000002")).toEqual({ id: "discord-200000000000000002", active: true });
  });

  it("takes an email only while no other agent has it", async () => {
    await provisionAgent(t.deps, { surface: "slack", userId: "U0E", name: "E", email: "BOB@helpdesk.test", active: true });
    expect((await agent("slack-U0E")).email).toBeNull();
    await provisionAgent(t.deps, { surface: "slack", userId: "U0E", email: "E@Helpdesk.test", active: true });
    expect((await agent("slack-U0E")).email).toBe("e@helpdesk.test");
  });
});

describe("syncDirectory", () => {
  it("leaves provisioned agents active across a restart, and deactivates configured agents that left the config", async () => {
    await provisionAgent(t.deps, { surface: "slack", userId: "U0RAY", name: "Ray", teamIds: ["tier1"], active: true });
    await provisionAgent(t.deps, { surface: "discord", userId: "300000000000000003", name: "Dot", active: true });
    await restart({ ...testConfigInput, agents: testConfigInput.agents.filter((a) => a.id !== "cy") });

    expect(await agent("slack-U0RAY")).toMatchObject({
      active: true,
      identities: [{ surface: "slack", externalId: "U0RAY" }],
      name: "Ray",
      teams: [{ teamId: "tier1" }],
    });
    expect(await agent("discord-300000000000000003")).toMatchObject({
      active: true,
      identities: [{ surface: "discord", externalId: "300000000000000003" }],
    });
    expect(await agentsByChatUsers(t.deps, "slack", ["U0RAY", "U0BOB"])).toEqual(
      new Map([
        ["U0RAY", "slack-U0RAY"],
        ["U0BOB", "bob"],
      ]),
    );
    // Cy is no longer configured: deactivated, her email free for someone else.
    expect(await agent("cy")).toMatchObject({ active: false, email: null });
    // Configured again: back, with her fields.
    await restart();
    expect(await agent("cy")).toMatchObject({ active: true, email: "cy@helpdesk.test", teams: [{ teamId: "tier1" }] });
  });

  it("keeps a provisioned agent deactivated by its platform deactivated", async () => {
    await provisionAgent(t.deps, { surface: "slack", userId: "U0OLD", name: "Old", active: true });
    await provisionAgent(t.deps, { surface: "slack", userId: "U0OLD", active: false });
    await restart();
    expect(await agent("slack-U0OLD")).toMatchObject({ active: false, identities: [{ surface: "slack", externalId: "U0OLD" }] });
  });

  it("hands a provisioned agent's chat account to a configured agent that claims it", async () => {
    await provisionAgent(t.deps, { surface: "slack", userId: "U0FAY", name: "Fay", active: true });
    await restart({ ...testConfigInput, agents: [...testConfigInput.agents, { id: "fay", name: "Fay", slackUserId: "U0FAY" }] });
    expect(await agent("fay")).toMatchObject({ active: true, identities: [{ surface: "slack", externalId: "U0FAY" }] });
    expect(await agent("slack-U0FAY")).toMatchObject({ active: false, identities: [] });
    expect(await agentByChatUser(t.deps, "slack", "U0FAY")).toEqual({ id: "fay", active: true });
  });

  it("moves chat accounts and emails between configured agents whatever their order", async () => {
    const agents = testConfigInput.agents.map((a) =>
      a.id === "bob"
        ? { ...a, slackUserId: "U0NEW", email: "cy@helpdesk.test" }
        : a.id === "cy"
          ? { ...a, slackUserId: "U0BOB", email: "bob@helpdesk.test" }
          : a,
    );
    await restart({ ...testConfigInput, agents });
    expect(await agent("bob")).toMatchObject({ active: true, email: "cy@helpdesk.test" });
    expect(await agentByChatUser(t.deps, "slack", "U0NEW")).toEqual({ id: "bob", active: true });
    expect(await agent("cy")).toMatchObject({ active: true, email: "bob@helpdesk.test" });
    expect(await agentByChatUser(t.deps, "slack", "U0BOB")).toEqual({ id: "cy", active: true });
  });
});

describe("agents' chat accounts in the configuration", () => {
  const withAgent = (agent: Record<string, unknown>) => ({ ...testConfigInput, agents: [...testConfigInput.agents, agent] });

  it("links an account on any surface by its name, and frees it when the configuration drops it", async () => {
    await restart(withAgent({ id: "tess", name: "Tess", accounts: { teams: "29:1a2b", slack: "U0TESS" } }));
    expect((await agent("tess")).identities).toEqual(
      expect.arrayContaining([
        { surface: "teams", externalId: "29:1a2b" },
        { surface: "slack", externalId: "U0TESS" },
      ]),
    );
    expect(await agentByChatUser(t.deps, "teams", "29:1a2b")).toMatchObject({ id: "tess" });
    await restart(withAgent({ id: "tess", name: "Tess", slackUserId: "U0TESS" }));
    expect((await agent("tess")).identities).toEqual([{ surface: "slack", externalId: "U0TESS" }]);
  });

  it("refuses two different accounts for one surface, and one account for two agents", () => {
    const twice = HelpdeskConfig.safeParse(withAgent({ id: "tess", name: "Tess", slackUserId: "U1", accounts: { slack: "U2" } }));
    expect(twice.success).toBe(false);
    expect(twice.error?.issues[0]?.message).toMatch(/two different slack accounts/);
    const shared = HelpdeskConfig.safeParse({
      ...testConfigInput,
      agents: [
        { id: "tess", name: "Tess", accounts: { teams: "29:x" } },
        { id: "theo", name: "Theo", accounts: { teams: "29:x" } },
      ],
    });
    expect(shared.success).toBe(false);
    expect(shared.error?.issues.map((i) => i.message)).toContain("the teams account 29:x is also agent tess's");
  });
});
