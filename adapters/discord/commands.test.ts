// `/ticket` subcommands driven through the real client with raw INTERACTION_CREATE payloads:
// what goes to Discord (callback type, ephemeral flag, no pings) and what changes in the database.
import { describe, expect, it } from "vitest";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { saveDraft } from "../../core/tickets/save-draft.js";
import { as, type TestCore } from "../../test/harness.js";
import type { DiscordTestClient } from "./testing/client.js";
import { discordSuite } from "./testing/suite.js";
import type { FakeDiscordApi } from "./testing/discord-api.js";
import { chatInput, FORUM, type OptionValue, type Where } from "./testing/payloads.js";

let t: TestCore;
let d: DiscordTestClient;
let api: FakeDiscordApi;
const bob = { id: "100000000000000001", name: "Bob" };
const ada = { id: "100000000000000003", name: "Ada" };
const POST = "300000000000000042";

discordSuite((s) => ({ t, d, api } = s), {
  prepare: async (t) => {
    await t.prisma.chatIdentity.create({ data: { surface: "discord", externalId: ada.id, kind: "agent", agentId: "ada" } });
  },
});

const open = (subject: string, over: { teamId?: string } = {}) =>
  createTicket(t.deps, { subject, text: "Help please", requester: { email: "c@customer.test" }, ...over }, as.ada);
const row = (id: number) => t.prisma.ticket.findUniqueOrThrow({ where: { id } });

/**
 * The payload as it arrives from Discord: JSON, so a key set to undefined is absent. (payloads.ts
 * writes resolved members with `user: undefined`, which discord.js would read as a missing user.)
 */
const asSent = <T>(raw: T): T => JSON.parse(JSON.stringify(raw)) as T;

/** Runs `/ticket sub` and returns the deferral and the one private answer that followed it. */
async function run(who: typeof bob, sub: string, options: Record<string, OptionValue> = {}, where: Where = {}, users = {}) {
  const raw = chatInput(who, sub, options, where, users);
  await d.interact(asSent(raw));
  const answers = api.webhookMessages().filter((c) => c.path.includes(`/token-${raw.id}/`));
  return { cb: api.callbackFor(raw.id), answer: answers.at(-1)?.body, answers };
}

describe("/ticket actions defer privately, then answer", () => {
  it("claims: deferred ephemeral first (type 5, flag 64), then the answer edits it without pinging", async () => {
    const tk = await open("Printer on fire");
    const { cb, answer, answers } = await run(bob, "claim", { ticket: `#${tk.id}` });
    expect(cb).toEqual({ type: 5, data: { flags: 64 } });
    expect(answers).toHaveLength(1);
    expect(answers[0]!.method).toBe("PATCH");
    expect(String(answer?.content)).toBe(`✅ You own #${tk.id} now.`);
    expect(answer?.allowed_mentions).toEqual({ parse: [] });
    expect((await row(tk.id)).ownerId).toBe("bob");
  });

  it("tells who has it when another agent claimed it first", async () => {
    const tk = await open("Racing");
    await run(ada, "claim", { ticket: String(tk.id) });
    const { answer } = await run(bob, "claim", { ticket: String(tk.id) });
    expect(String(answer?.content)).toMatch(/^✋ .*Ada/);
    expect((await row(tk.id)).ownerId).toBe("ada");
  });

  it("implies the ticket inside its forum post, and says how to name one elsewhere", async () => {
    const tk = await open("In a post");
    await t.prisma.chatLink.create({
      data: { ticketId: tk.id, surface: "discord", role: "card", channelId: FORUM, threadId: POST, messageId: POST },
    });
    const inPost = await run(bob, "follow", {}, { channelId: POST, parentId: FORUM });
    expect(String(inPost.answer?.content)).toContain(`You follow #${tk.id}`);
    expect(await t.prisma.follower.count({ where: { ticketId: tk.id, agentId: "bob" } })).toBe(1);
    const elsewhere = await run(bob, "release");
    expect(elsewhere.cb?.type).toBe(5);
    expect(String(elsewhere.answer?.content)).toMatch(/^⚠️ Say which ticket: fill in the `ticket` option/);
    const bad = await run(bob, "release", { ticket: "abc" });
    expect(String(bad.answer?.content)).toContain("“abc” is not a ticket number");
  });

  it("assigns to the agent behind a Discord user, and refuses a user who is no agent", async () => {
    const tk = await open("Assign me");
    const ok = await run(ada, "assign", { ticket: `#${tk.id}`, owner: bob.id }, {}, { owner: bob });
    expect(String(ok.answer?.content)).toBe(`✅ #${tk.id} is owned by Bob now.`);
    expect((await row(tk.id)).ownerId).toBe("bob");
    const stranger = { id: "100000000000000088", name: "Zed @everyone" };
    const no = await run(ada, "assign", { ticket: `#${tk.id}`, owner: stranger.id }, {}, { owner: stranger });
    expect(String(no.answer?.content)).toMatch(/^⚠️ Zed @\u200beveryone is not a help desk agent/);
    expect((await row(tk.id)).ownerId).toBe("bob");
  });

  it("sets custom properties typed as key=value pairs, and names what is not a pair", async () => {
    const tk = await open("Custom fields");
    const { answer } = await run(ada, "set", { ticket: `#${tk.id}`, properties: 'product=web seats=3 resolution="Swapped the drum"' });
    expect(String(answer?.content)).toBe(`✅ #${tk.id} updated: medium priority, every agent can see it. Product, Seats, Resolution set.`);
    expect(JSON.parse((await row(tk.id)).properties)).toEqual({ product: "web", seats: 3, resolution: "Swapped the drum" });
    const cleared = await run(ada, "set", { ticket: `#${tk.id}`, properties: "resolution=" });
    expect(String(cleared.answer?.content)).toMatch(/^✅/);
    expect(JSON.parse((await row(tk.id)).properties)).toEqual({ product: "web", seats: 3 });
    const bad = await run(ada, "set", { ticket: `#${tk.id}`, properties: "product web" });
    expect(String(bad.answer?.content)).toMatch(/^⚠️ “product” is not a key=value pair/);
    const unknown = await run(ada, "set", { ticket: `#${tk.id}`, properties: "colour=red" });
    expect(String(unknown.answer?.content)).toBe('⚠️ There is no ticket property "colour".');
  });

  it("status takes what the status requires as key=value pairs, without a modal", async () => {
    const tk = await open("Resolve inline");
    const missing = await run(bob, "status", { ticket: `#${tk.id}`, status: "Resolved", properties: "product=mobile" });
    expect(missing.cb?.type).toBe(5);
    expect(String(missing.answer?.content)).toMatch(/^⚠️ To set Resolved, fill in: Resolution/);
    expect((await row(tk.id)).statusId).toBe("new");
    const ok = await run(bob, "status", { ticket: `#${tk.id}`, status: "Resolved", properties: 'resolution="Cleared the cache"' });
    expect(ok.cb?.type).toBe(5);
    expect(String(ok.answer?.content)).toBe(`✅ #${tk.id} is **Resolved** now.`);
    expect(await row(tk.id)).toMatchObject({ statusId: "resolved" });
    expect(JSON.parse((await row(tk.id)).properties)).toEqual({ resolution: "Cleared the cache" });
  });

  it("split offers the newest 25 messages that can be split off, never system notes", async () => {
    const tk = await open("Split with system notes");
    await t.prisma.message.create({ data: { ticketId: tk.id, kind: "SYSTEM", text: "System note here", channel: "system" } });
    const { cb } = await run(bob, "split", { ticket: `#${tk.id}` });
    expect(cb).toMatchObject({ type: 9, data: { custom_id: `modal:split:${tk.id}` } });
    expect(JSON.stringify(cb?.data)).toContain("Help please");
    expect(JSON.stringify(cb?.data)).not.toContain("System note here");
    const vip = await open("Hidden split", { teamId: "vip" });
    const hidden = await run(bob, "split", { ticket: `#${vip.id}` });
    expect(hidden.cb?.type).toBe(4);
    expect(String(hidden.cb?.data.content)).toBe(`🔍 Ticket #${vip.id} was not found.`);
  });

  it("replies with the text given, moving the status in the same action", async () => {
    const tk = await open("Reply inline");
    const { answer } = await run(bob, "reply", { ticket: `#${tk.id}`, text: "Fixed it", status: "Waiting on customer" });
    expect(String(answer?.content)).toBe(`✅ Reply sent on #${tk.id}. It is **Waiting on customer** now.`);
    expect((await row(tk.id)).statusId).toBe("waiting_on_customer");
    expect(await t.prisma.message.count({ where: { ticketId: tk.id, kind: "REPLY", text: "Fixed it" } })).toBe(1);
  });

  it("keeps a refused reply as the agent's draft", async () => {
    const tk = await open("Bad cc");
    const { answer } = await run(bob, "reply", { ticket: `#${tk.id}`, text: "Keep me", cc: "not-an-address" });
    expect(String(answer?.content)).toMatch(/not-an-address.*\(Cc\)[\s\S]*kept as your draft/);
    expect(await t.prisma.message.count({ where: { ticketId: tk.id, kind: "REPLY" } })).toBe(0);
    expect((await t.prisma.draft.findFirstOrThrow({ where: { ticketId: tk.id, agentId: "bob" } })).text).toBe("Keep me");
  });

  it("comments, reading a picked Discord mention as the agent's @handle", async () => {
    const tk = await open("Note it");
    const { answer } = await run(ada, "comment", { ticket: `#${tk.id}`, text: `<@${bob.id}> can you look?` });
    expect(String(answer?.content)).toContain(`Note saved on #${tk.id}. One mentioned agent is notified.`);
    expect((await t.prisma.message.findFirstOrThrow({ where: { ticketId: tk.id, kind: "COMMENT" } })).text).toBe("@bob can you look?");
  });

  it("sets priority and team, moves and merges, deletes and restores", async () => {
    const tk = await open("Edit me");
    const other = await open("Fold me");
    expect(String((await run(ada, "set", { ticket: `#${tk.id}`, priority: "urgent", team: "Tier 1" })).answer?.content)).toMatch(/^✅/);
    expect(await row(tk.id)).toMatchObject({ priority: "urgent", teamId: "tier1" });
    expect(String((await run(ada, "set", { ticket: `#${tk.id}` })).answer?.content)).toContain("Say what to change");
    await run(ada, "move", { ticket: `#${tk.id}`, pipeline: "Billing" });
    expect(await row(tk.id)).toMatchObject({ pipelineId: "billing", statusId: "open" });
    await run(ada, "merge", { primary: `#${tk.id}`, secondary: `#${other.id}` });
    expect((await row(other.id)).mergedIntoId).toBe(tk.id);
    await run(ada, "delete", { ticket: `#${tk.id}` });
    expect((await row(tk.id)).deletedAt).not.toBeNull();
    await run(ada, "restore", { ticket: `#${tk.id}` });
    expect((await row(tk.id)).deletedAt).toBeNull();
  });
});

describe("/ticket lists and details", () => {
  it("lists a queue as one embed of escaped lines, within Discord's limits", async () => {
    const tk = await open("**bold** @everyone <@123456789012345678>");
    const { answer } = await run(bob, "queue", { queue: "unassigned" });
    const [embed] = answer?.embeds as { title: string; description: string }[];
    expect(embed!.title).toMatch(/^Queue: unassigned \(\d+\)$/);
    const line = embed!.description.split("\n").find((l) => l.includes(`**#${tk.id}**`))!;
    expect(line).toContain("\\*\\*bold\\*\\* @\u200beveryone <\u200b@123456789012345678>");
    expect(line).toMatch(/· New · \*unassigned\* · <t:\d+:R>$/);
    expect(embed!.description.length).toBeLessThanOrEqual(4096);
    expect(answer?.allowed_mentions).toEqual({ parse: [] });
  });

  it("finds by subject words, and shows a ticket with its latest messages", async () => {
    const tk = await open("Unique zebra request");
    const found = await run(bob, "find", { text: "zebra" });
    expect(JSON.stringify(found.answer?.embeds)).toContain(`**#${tk.id}** Unique zebra request`);
    const shown = await run(bob, "show", { ticket: `#${tk.id}` });
    const embeds = shown.answer?.embeds as { title?: string; description?: string; fields?: { name: string; value: string }[] }[];
    expect(embeds[0]!.title).toBe(`#${tk.id} Unique zebra request`);
    expect(embeds[0]!.fields?.find((f) => f.name === "Requester")?.value).toBe("c@customer.test");
    expect(embeds[1]!.description).toContain("Help please");
    const none = await run(bob, "find", { text: "nothing-like-this" });
    expect(JSON.stringify(none.answer?.embeds)).toContain("Nothing here.");
  });

  it("refuses a ticket of another team as not found", async () => {
    const tk = await open("VIP only", { teamId: "vip" });
    const { answer } = await run(bob, "show", { ticket: `#${tk.id}` });
    expect(String(answer?.content)).toBe(`🔍 Ticket #${tk.id} was not found.`);
    // No status modal either: it would tell that the ticket exists and what its status needs.
    const status = await run(bob, "status", { ticket: `#${tk.id}`, status: "resolved" });
    expect(status.cb?.type).toBe(5);
    expect(String(status.answer?.content)).toBe(`🔍 Ticket #${tk.id} was not found.`);
  });
});

describe("/ticket subcommands that open a modal answer with it first", () => {
  it("reply without text opens the reply modal with the agent's saved draft", async () => {
    const tk = await open("Draft me");
    await saveDraft(t.deps, { ticketId: tk.id, text: "Half written", cc: ["x@customer.test"] }, as.bob);
    const { cb, answers } = await run(bob, "reply", { ticket: `#${tk.id}` });
    expect(cb?.type).toBe(9);
    expect(answers).toHaveLength(0);
    expect(cb?.data.custom_id).toBe(`modal:reply:${tk.id}`);
    const json = JSON.stringify(cb?.data);
    expect(json).toContain('"value":"Half written"');
    expect(json).toContain('"value":"x@customer.test"');
  });

  it("new without text, comment without text and split open their modals", async () => {
    const tk = await open("Modal me");
    const created = await run(bob, "new", { subject: "From Discord", priority: "high", team: "tier1" });
    expect(created.cb).toMatchObject({ type: 9, data: { custom_id: "modal:new:tier1", title: "New ticket" } });
    expect((await run(bob, "comment", { ticket: `#${tk.id}` })).cb).toMatchObject({
      type: 9,
      data: { custom_id: `modal:comment:${tk.id}` },
    });
    const split = await run(bob, "split", { ticket: `#${tk.id}` });
    expect(split.cb).toMatchObject({ type: 9, data: { custom_id: `modal:split:${tk.id}` } });
    const inline = await run(bob, "new", { subject: "Inline", text: "Right away" });
    expect(inline.cb?.type).toBe(5);
    expect(await t.prisma.ticket.count({ where: { subject: "Inline" } })).toBe(1);
  });

  it("status opens the status modal when the status requires more, else changes it at once", async () => {
    const tk = await open("Status me");
    const resolve = await run(bob, "status", { ticket: `#${tk.id}`, status: "resolved" });
    expect(resolve.cb).toMatchObject({ type: 9, data: { custom_id: `modal:status:${tk.id}:resolved`, title: "Set Resolved" } });
    expect(JSON.stringify(resolve.cb?.data)).toContain('"custom_id":"req.resolution"');
    expect((await row(tk.id)).statusId).toBe("new");
    const now = await run(bob, "status", { ticket: `#${tk.id}`, status: "In progress" });
    expect(now.cb?.type).toBe(5);
    expect(String(now.answer?.content)).toBe(`✅ #${tk.id} is **In progress** now.`);
    expect((await row(tk.id)).statusId).toBe("in_progress");
  });
});
