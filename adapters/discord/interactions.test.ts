// The router in front of every Discord handler: who may act, and that each interaction gets one
// answer within the rules (an ephemeral refusal for non-agents, no action taken).
import { describe, expect, it } from "vitest";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { as, type TestCore } from "../../test/harness.js";
import type { DiscordTestClient } from "./testing/client.js";
import { discordSuite } from "./testing/suite.js";
import type { FakeDiscordApi } from "./testing/discord-api.js";
import { AGENT_ROLE, autocomplete, button, chatInput, modalSubmit, userSelect } from "./testing/payloads.js";

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
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).ownerId).toBeNull();
    expect(await t.prisma.chatIdentity.count({ where: { surface: "discord", externalId: stranger.id, agentId: { not: null } } })).toBe(0);
  });

  it("gives a non-agent no autocomplete suggestions", async () => {
    const raw = autocomplete(stranger, "claim", "ticket", "1");
    await d.interact(raw);
    expect(api.callbackFor(raw.id)).toEqual({ type: 8, data: { choices: [] } });
  });

  it("makes a member of the agent role an agent on first use, and deactivates them when the role is gone", async () => {
    const member = { id: "100000000000000055", name: "Rolf", roles: [AGENT_ROLE] };
    await d.interact(chatInput(member, "queue", { queue: "unassigned" }));
    expect(
      await t.prisma.agent.findFirst({ where: { identities: { some: { surface: "discord", externalId: member.id } } } }),
    ).toMatchObject({
      id: `discord-${member.id}`,
      name: "Rolf",
      active: true,
      role: "agent",
    });
    const raw = chatInput({ ...member, roles: [] }, "queue", { queue: "unassigned" });
    await d.interact(raw);
    expect(String(api.callbackFor(raw.id)?.data.content)).toMatch(/Only help desk agents/);
    expect((await t.prisma.agent.findUniqueOrThrow({ where: { id: `discord-${member.id}` } })).active).toBe(false);
  });

  it("refuses a listed agent acting from another server", async () => {
    const raw = chatInput({ id: "100000000000000001", name: "Bob" }, "queue", {}, { guildId: "500000000000000999" });
    await d.interact(raw);
    expect(String(api.callbackFor(raw.id)?.data.content)).toMatch(/Only help desk agents/);
  });
});

describe("a member of the agent role can be chosen as owner wherever an owner is chosen", () => {
  const bob = { id: "100000000000000001", name: "Bob" };
  const asSent = <T>(raw: T): T => JSON.parse(JSON.stringify(raw)) as T;
  const open = (subject: string) => createTicket(t.deps, { subject, requester: { email: "c@customer.test" } }, as.ada);
  const owner = async (id: number) => (await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).ownerId;

  it("in /ticket assign, the status modal's Owner and More → Assign alike", async () => {
    const rolf = { id: "100000000000000066", name: "Rolf", roles: [AGENT_ROLE] };
    const viaCommand = await open("Assign to a role member");
    await d.interact(asSent(chatInput(bob, "assign", { ticket: `#${viaCommand.id}`, owner: rolf.id }, {}, { owner: rolf })));
    expect(await owner(viaCommand.id)).toBe(`discord-${rolf.id}`);
    expect(await t.prisma.agent.findUnique({ where: { id: `discord-${rolf.id}` }, include: { identities: true } })).toMatchObject({
      name: "Rolf",
      active: true,
      identities: [{ surface: "discord", externalId: rolf.id }],
    });

    const rita = { id: "100000000000000067", name: "Rita", roles: [AGENT_ROLE] };
    const viaModal = await open("Escalate to a role member");
    const raw = asSent(modalSubmit(bob, `modal:status:${viaModal.id}:escalated`, { "req.owner": { users: [rita] } }));
    await d.interact(raw);
    expect(
      api
        .webhookMessages()
        .map((c) => String(c.body.content))
        .join("\n"),
    ).toContain(`#${viaModal.id} is **Escalated** now.`);
    expect(await owner(viaModal.id)).toBe(`discord-${rita.id}`);

    const ron = { id: "100000000000000068", name: "Ron", roles: [AGENT_ROLE] };
    const viaPicker = await open("Pick a role member");
    await d.interact(asSent(userSelect(bob, `pick:assign:${viaPicker.id}`, [ron])));
    expect(await owner(viaPicker.id)).toBe(`discord-${ron.id}`);

    // Without the role, still no owner, in either.
    const plain = { id: "100000000000000069", name: "Pia" };
    const refused = asSent(chatInput(bob, "assign", { ticket: `#${viaPicker.id}`, owner: plain.id }, {}, { owner: plain }));
    await d.interact(refused);
    expect(String(api.webhookMessages().at(-1)!.body.content)).toMatch(/Pia is not a help desk agent/);
    await d.interact(asSent(modalSubmit(bob, `modal:status:${viaCommand.id}:escalated`, { "req.owner": { users: [plain] } })));
    expect(String(api.webhookMessages().at(-1)!.body.content)).toBe("⚠️ Owner: choose someone who is a help desk agent.");
    expect(await owner(viaPicker.id)).toBe(`discord-${ron.id}`);
  });
});
