// Autocomplete of `/ticket` options through the real client: the choices sent back (callback
// type 8), within Discord's 25 choices of at most 100 characters, and only what the agent may see.
import { describe, expect, it } from "vitest";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { deleteTicket } from "../../core/tickets/delete-ticket.js";
import { as, type TestCore } from "../../test/harness.js";
import type { DiscordTestClient } from "./testing/client.js";
import { discordSuite } from "./testing/suite.js";
import type { FakeDiscordApi } from "./testing/discord-api.js";
import { autocomplete, FORUM, type Where } from "./testing/payloads.js";

let t: TestCore;
let d: DiscordTestClient;
let api: FakeDiscordApi;
const bob = { id: "100000000000000001", name: "Bob" };
const ada = { id: "100000000000000003", name: "Ada" };
const POST = "300000000000000077";
let first: number;
let vip: number;

discordSuite((s) => ({ t, d, api } = s), {
  prepare: async (t) => {
    await t.prisma.chatIdentity.create({ data: { surface: "discord", externalId: ada.id, kind: "agent", agentId: "ada" } });
    first = (await createTicket(t.deps, { subject: `Walrus ${"w".repeat(150)}`, requester: { email: "c@customer.test" } }, as.ada)).id;
    vip = (await createTicket(t.deps, { subject: "Walrus for VIPs", teamId: "vip" }, as.ada)).id;
    for (let n = 0; n < 30; n++) await createTicket(t.deps, { subject: `Ticket number ${n}` }, as.ada);
    await t.prisma.chatLink.create({
      data: { ticketId: first, surface: "discord", role: "card", channelId: FORUM, threadId: POST, messageId: POST },
    });
  },
});

type Choice = { name: string; value: string };

async function suggest(
  sub: string,
  focused: string,
  typed: string,
  others: Record<string, string> = {},
  where: Where = {},
  locale?: string,
): Promise<Choice[]> {
  const raw = { ...autocomplete(bob, sub, focused, typed, others, where), ...(locale ? { locale } : {}) };
  await d.interact(raw);
  const cb = api.callbackFor(raw.id);
  expect(cb?.type).toBe(8);
  const choices = cb?.data.choices as Choice[];
  expect(choices.length).toBeLessThanOrEqual(25);
  for (const c of choices) expect([c.name.length <= 100, c.value.length <= 100]).toEqual([true, true]);
  return choices;
}

describe("/ticket autocomplete", () => {
  it("suggests tickets matching the typed subject, one line each, never another team's", async () => {
    const choices = await suggest("claim", "ticket", "walrus");
    expect(choices.map((c) => c.value)).toEqual([`#${first}`]);
    expect(choices[0]!.name).toMatch(new RegExp(`^#${first} Walrus w+… · New$`));
    expect(choices[0]!.name).toHaveLength(100);
    expect(choices.map((c) => c.value)).not.toContain(`#${vip}`);
  });

  it("suggests by number, and the open queue (25 at most) when nothing is typed", async () => {
    expect((await suggest("show", "ticket", `#${first}`))[0]?.value).toBe(`#${first}`);
    const all = await suggest("show", "ticket", "");
    expect(all).toHaveLength(25);
    expect(all[0]!.name).toMatch(/ · New$/);
  });

  it("leaves the ticket that lives on out of merge's other ticket", async () => {
    const inPost = await suggest("merge", "secondary", "walrus", {}, { channelId: POST, parentId: FORUM });
    expect(inPost.map((c) => c.value)).not.toContain(`#${first}`);
    const named = await suggest("merge", "secondary", "number 1", { primary: `#${first + 3}` });
    expect(named.length).toBeGreaterThan(0);
    expect(named.map((c) => c.value)).not.toContain(`#${first + 3}`);
  });

  it("suggests the statuses of the ticket's pipeline, without the one it is in", async () => {
    const inPost = await suggest("status", "status", "", {}, { channelId: POST, parentId: FORUM });
    expect(inPost.map((c) => c.value)).toEqual(["in_progress", "waiting_on_customer", "escalated", "resolved", "closed"]);
    const typed = await suggest("reply", "status", "res", { ticket: `#${first}` });
    expect(typed.map((c) => c.value)).toEqual(["resolved", "in_progress"]);
    const nowhere = await suggest("status", "status", "o");
    expect(nowhere).toContainEqual({ name: "Open (Billing)", value: "open" });
    expect(nowhere).toContainEqual({ name: "In progress (Support)", value: "in_progress" });
  });

  it("suggests deleted tickets for restore, to admins only", async () => {
    const gone = await createTicket(t.deps, { subject: "Deleted walrus" }, as.ada);
    await deleteTicket(t.deps, { ticketId: gone.id }, as.ada);
    expect(await suggest("restore", "ticket", "walrus")).toEqual([]);
    const raw = autocomplete(ada, "restore", "ticket", "walrus");
    await d.interact(raw);
    expect(api.callbackFor(raw.id)?.data.choices).toEqual([{ name: `#${gone.id} Deleted walrus · deleted`, value: `#${gone.id}` }]);
  });

  it("suggests pipelines and teams; `set` can also lift the team restriction", async () => {
    expect(await suggest("move", "pipeline", "bill")).toEqual([{ name: "Billing", value: "billing" }]);
    expect(await suggest("new", "team", "")).toEqual([
      { name: "Tier 1", value: "tier1" },
      { name: "VIP", value: "vip" },
    ]);
    expect((await suggest("set", "team", "no"))[0]).toEqual({ name: "None: every agent sees it", value: "none" });
  });

  it("suggests in the language of the agent's Discord client, and matches what they type in it", async () => {
    expect((await suggest("set", "team", "", {}, {}, "ja"))[0]).toEqual({ name: "なし: すべての担当者が見られます", value: "none" });
    expect((await suggest("set", "team", "なし", {}, {}, "ja")).map((c) => c.value)).toEqual(["none"]);
    const [walrus] = await suggest("claim", "ticket", "walrus", {}, {}, "ja");
    expect(walrus!.value).toBe(`#${first}`);
  });
});
