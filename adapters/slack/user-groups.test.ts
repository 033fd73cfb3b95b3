import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { syncDirectory } from "../../core/agents/sync-directory.js";
import { HelpdeskConfig } from "../../core/config.js";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { as, testConfigInput, testCore, type TestCore } from "../../test/harness.js";
import { SlackConfig } from "./config.js";
import { slackTestApp, type SlackTestApp } from "./testing/app.js";
import { slashCommand } from "./testing/requests.js";
import { fakeSlackApi, type FakeSlackApi } from "./testing/slack-api.js";
import { groupAgentId } from "./user-groups.js";

let t: TestCore;
let s: SlackTestApp;
let api: FakeSlackApi;
const ttlSeconds = 300;

beforeAll(async () => {
  t = await testCore();
  s = slackTestApp(t, {
    agentUserGroups: [
      { usergroup: "S0AGENTS", teamId: "tier1", role: "agent" },
      { usergroup: "S0LEADS", role: "admin" },
    ],
    agentUserGroupsTtlSeconds: ttlSeconds,
  });
});
afterAll(() => t.close());
beforeEach(() => {
  api = fakeSlackApi();
});
afterEach(() => api.done());

const o = () => ({ nowMs: s.nowMs() });
const ticket = async (teamId?: string) =>
  (await createTicket(t.deps, { subject: "group", requester: { email: "carol@customer.test" }, teamId }, as.ada)).id;
const owner = async (id: number) => (await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).ownerId;
const lastAnswer = () => String(api.responses.at(-1)?.body.text ?? "");
/** @see https://api.slack.com/methods/usergroups.users.list#examples */
const members = (...users: string[]) => api.next("usergroups.users.list", [200, { ok: true, users }]);
/** @see https://api.slack.com/methods/users.info#examples */
const userInfo = (id: string, realName: string) =>
  api.next("users.info", [
    200,
    {
      ok: true,
      user: {
        id,
        team_id: "T0HELP",
        name: realName.toLowerCase().replace(/\s/g, "."),
        real_name: realName,
        deleted: false,
        is_bot: false,
        profile: { real_name: realName, display_name: "" },
      },
    },
  ]);

describe("agents by Slack user group", () => {
  it("makes a group member an agent of the group's team on first use, with the name Slack gives", async () => {
    const id = await ticket("tier1");
    members("U0GINA", "U0HAL");
    userInfo("U0GINA", "Gina Group");
    await s.send(slashCommand("U0GINA", `claim #${id}`, o()));
    expect(lastAnswer()).toContain("You own");
    expect(await owner(id)).toBe(groupAgentId("U0GINA"));
    const agent = await t.prisma.agent.findUniqueOrThrow({
      where: { id: groupAgentId("U0GINA") },
      include: { teams: true, identities: true },
    });
    expect(agent).toMatchObject({
      name: "Gina Group",
      identities: [{ surface: "slack", externalId: "U0GINA" }],
      role: "agent",
      active: true,
    });
    expect(agent.teams.map((x) => x.teamId)).toEqual(["tier1"]);
    expect(api.of("usergroups.users.list").map((c) => c.body.usergroup)).toEqual(["S0AGENTS"]);
    // Membership is remembered in the database (an expiring key, not a lease), not in this process.
    expect(
      await t.prisma.expiringKey.findUnique({ where: { namespace_key: { namespace: "group-member", key: "slack:U0GINA" } } }),
    ).toMatchObject({ value: "S0AGENTS" });
    expect(await t.prisma.lease.count()).toBe(0);
    api.calls.length = 0;
    await s.send(slashCommand("U0GINA", "queue mine", o()));
    expect(JSON.stringify(api.responses.at(-1)?.body)).toContain(`#${id}`);
    expect(api.of("usergroups.users.list")).toHaveLength(0);
    expect(api.of("users.info")).toHaveLength(0);
  });

  it("takes the role of the first group the user is in, and asks Slack again once the cache expires", async () => {
    members();
    members("U0LEAD");
    userInfo("U0LEAD", "Lee Lead");
    const id = await ticket("vip");
    await s.send(slashCommand("U0LEAD", `delete #${id}`, o()));
    expect(lastAnswer()).toContain("deleted");
    expect(await t.prisma.agent.findUniqueOrThrow({ where: { id: groupAgentId("U0LEAD") } })).toMatchObject({
      role: "admin",
      name: "Lee Lead",
    });
    expect(api.of("usergroups.users.list").map((c) => c.body.usergroup)).toEqual(["S0AGENTS", "S0LEADS"]);

    // Removed from the group: after the cache expires, Slack says so, and the agent is deactivated.
    t.advance((ttlSeconds + 1) * 1000);
    members();
    members();
    const other = await ticket();
    await s.send(slashCommand("U0LEAD", `claim #${other}`, o()));
    expect(lastAnswer()).toContain("Only help desk agents");
    expect(await owner(other)).toBeNull();
    expect((await t.prisma.agent.findUniqueOrThrow({ where: { id: groupAgentId("U0LEAD") } })).active).toBe(false);
  });

  it("refuses anyone in no configured group, remembering that too, and never asks about listed agents", async () => {
    const id = await ticket();
    await s.send(slashCommand("U0NOBODY", `claim #${id}`, o()));
    expect(lastAnswer()).toContain("Only help desk agents");
    expect(api.of("usergroups.users.list")).toHaveLength(2);
    await s.send(slashCommand("U0NOBODY", `claim #${id}`, o()));
    expect(api.of("usergroups.users.list")).toHaveLength(2);
    expect(await t.prisma.chatIdentity.count({ where: { surface: "slack", externalId: "U0NOBODY", agentId: { not: null } } })).toBe(0);
    await s.send(slashCommand("U0BOB", `claim #${id}`, o()));
    expect(await owner(id)).toBe("bob");
    expect(api.of("usergroups.users.list")).toHaveLength(2);
  });

  it("refuses a group member while Slack cannot be asked and nothing is remembered", async () => {
    api.next("usergroups.users.list", [200, { ok: false, error: "ratelimited" }]);
    const id = await ticket();
    await s.send(slashCommand("U0LATE", `claim #${id}`, o()));
    expect(lastAnswer()).toContain("Only help desk agents");
    expect(await t.prisma.expiringKey.count({ where: { namespace: "group-member", key: "slack:U0LATE" } })).toBe(0);
  });

  it("keeps a member's agent active across a restart's directory sync", async () => {
    members("U0RAY");
    userInfo("U0RAY", "Ray");
    const first = await ticket("tier1");
    await s.send(slashCommand("U0RAY", `claim #${first}`, o()));
    expect(await owner(first)).toBe(groupAgentId("U0RAY"));
    // A restart: the configured directory is synced again; the group member's agent is not the
    // config's to deactivate, so it can still be assigned and mentioned before Ray acts again.
    await syncDirectory(t.deps, HelpdeskConfig.parse(testConfigInput));
    const agent = await t.prisma.agent.findUniqueOrThrow({
      where: { id: groupAgentId("U0RAY") },
      include: { teams: true, identities: true },
    });
    expect(agent).toMatchObject({ active: true, identities: [{ surface: "slack", externalId: "U0RAY" }], name: "Ray" });
    expect(agent.teams.map((x) => x.teamId)).toEqual(["tier1"]);
    const second = await ticket("tier1");
    await s.send(slashCommand("U0BOB", `assign #${second} <@U0RAY>`, o()));
    expect(await owner(second)).toBe(groupAgentId("U0RAY"));
    // Ray acts again within the membership's time: no need to ask Slack.
    const third = await ticket();
    await s.send(slashCommand("U0RAY", `claim #${third}`, o()));
    expect(await owner(third)).toBe(groupAgentId("U0RAY"));
    expect(await t.prisma.chatIdentity.count({ where: { surface: "slack", externalId: "U0RAY", agentId: { not: null } } })).toBe(1);
  });

  it("brings a member's agent back when Slack says they are in a group again", async () => {
    members("U0SUE");
    userInfo("U0SUE", "Sue");
    await s.send(slashCommand("U0SUE", `claim #${await ticket()}`, o()));
    t.advance((ttlSeconds + 1) * 1000);
    members();
    members();
    await s.send(slashCommand("U0SUE", `claim #${await ticket()}`, o()));
    expect((await t.prisma.agent.findUniqueOrThrow({ where: { id: groupAgentId("U0SUE") } })).active).toBe(false);
    t.advance((ttlSeconds + 1) * 1000);
    members("U0SUE");
    userInfo("U0SUE", "Sue Again");
    const id = await ticket("tier1");
    await s.send(slashCommand("U0SUE", `claim #${id}`, o()));
    expect(await owner(id)).toBe(groupAgentId("U0SUE"));
    expect(await t.prisma.agent.findUniqueOrThrow({ where: { id: groupAgentId("U0SUE") } })).toMatchObject({
      active: true,
      name: "Sue Again",
    });
  });

  it("is configured as slack.agentUserGroups with checked ids", () => {
    const cfg = SlackConfig.parse({
      slack: { triageChannels: [{ channel: "C0TRIAGE" }], agentUserGroups: [{ usergroup: "S0AGENTS", teamId: "tier1" }] },
    }).slack;
    expect(cfg.agentUserGroups).toEqual([{ usergroup: "S0AGENTS", teamId: "tier1", role: "agent" }]);
    expect(cfg.agentUserGroupsTtlSeconds).toBe(300);
    expect(SlackConfig.parse({}).slack.agentUserGroups).toEqual([]);
    const bad = SlackConfig.safeParse({ slack: { agentUserGroups: [{ usergroup: "@support" }] } });
    expect(bad.error?.issues[0]?.path).toEqual(["slack", "agentUserGroups", 0, "usergroup"]);
  });
});
