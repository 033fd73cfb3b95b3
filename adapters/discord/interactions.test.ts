// The router in front of every Discord handler: who may act, and that each interaction gets one
// answer within the rules (an ephemeral refusal for non-agents, no action taken).
import { describe, expect, it } from "vitest";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { as, type TestCore } from "../../test/harness.js";
import type { DiscordTestClient } from "./testing/client.js";
import { discordSuite } from "./testing/suite.js";
import type { FakeDiscordApi } from "./testing/discord-api.js";
import { AGENT_ROLE, autocomplete, button, chatInput, GUILD } from "./testing/payloads.js";

let t: TestCore;
let d: DiscordTestClient;
let api: FakeDiscordApi;
const stranger = { id: "100000000000000077", name: "Mallory" };

discordSuite((s) => ({ t, d, api } = s), { settings: { agentRoleId: AGENT_ROLE } });

describe("who may act from Discord", () => {
  it("refuses someone who is neither a listed agent nor in the agent role, privately, and changes nothing", async () => {
    const ticket = await createTicket(t.deps, { subject: "Locked out", requester: { email: "c@customer.test" } }, as.ada);
    const raw = button(stranger, `ticket:claim:${ticket.id}`);
    await d.interact(raw);
    const cb = api.callbackFor(raw.id);
    expect(cb?.type).toBe(4);
    expect(cb?.data.flags).toBe(64);
    expect(String(cb?.data.content)).toMatch(/Only help desk agents/);
    expect(cb?.data.allowed_mentions).toEqual({ parse: [] });
    expect((await t.deps.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).ownerId).toBeNull();
    expect(await t.deps.db.agent.count({ where: { discordUserId: stranger.id } })).toBe(0);
  });

  it("gives a non-agent no autocomplete suggestions", async () => {
    const raw = autocomplete(stranger, "claim", "ticket", "1");
    await d.interact(raw);
    expect(api.callbackFor(raw.id)).toEqual({ type: 8, data: { choices: [] } });
  });

  it("makes a member of the agent role an agent on first use, and deactivates them when the role is gone", async () => {
    const member = { id: "100000000000000055", name: "Rolf", roles: [AGENT_ROLE] };
    await d.interact(chatInput(member, "queue", { queue: "unassigned" }));
    expect(await t.deps.db.agent.findUnique({ where: { discordUserId: member.id } })).toMatchObject({ id: `discord-${member.id}`, name: "Rolf", active: true, role: "agent" });
    const raw = chatInput({ ...member, roles: [] }, "queue", { queue: "unassigned" });
    await d.interact(raw);
    expect(String(api.callbackFor(raw.id)?.data.content)).toMatch(/Only help desk agents/);
    expect((await t.deps.db.agent.findUniqueOrThrow({ where: { id: `discord-${member.id}` } })).active).toBe(false);
  });

  it("refuses a listed agent acting from another server", async () => {
    const raw = chatInput({ id: "100000000000000001", name: "Bob" }, "queue", {}, { guildId: "500000000000000999" });
    await d.interact(raw);
    expect(String(api.callbackFor(raw.id)?.data.content)).toMatch(/Only help desk agents/);
    expect(GUILD).not.toBe("500000000000000999");
  });
});
