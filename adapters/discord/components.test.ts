// The card's buttons and selects, and the private pickers they open, driven through the real
// client with INTERACTION_CREATE payloads; assertions on what reached Discord and the database.
import { describe, expect, it } from "vitest";
import { claimTicket } from "../../core/tickets/claim-ticket.js";
import { commentOnTicket } from "../../core/tickets/comment-on-ticket.js";
import { saveDraft } from "../../core/tickets/save-draft.js";
import { as, type TestCore } from "../../test/harness.js";
import type { DiscordTestClient } from "./testing/client.js";
import { discordSuite } from "./testing/suite.js";
import type { FakeDiscordApi } from "./testing/discord-api.js";
import { button, rawMessage, stringSelect, userSelect, type Who } from "./testing/payloads.js";

let t: TestCore;
let d: DiscordTestClient;
let api: FakeDiscordApi;
const bob: Who = { id: "100000000000000001", name: "Bob" };
const ada: Who = { id: "100000000000000002", name: "Ada" };
const cy: Who = { id: "100000000000000003", name: "Cy" };
const stranger: Who = { id: "100000000000000077", name: "Mallory" };

discordSuite((s) => ({ t, d, api } = s), {
  prepare: async (t) => {
    await t.prisma.chatIdentity.create({ data: { surface: "discord", externalId: ada.id, kind: "agent", agentId: "ada" } });
    await t.prisma.chatIdentity.create({ data: { surface: "discord", externalId: cy.id, kind: "agent", agentId: "cy" } });
  },
});

/** A ticket with its forum post made; `where` and `card` place an interaction on its card. */
async function ticketWithPost(subject: string) {
  const p = await d.postedTicket(subject);
  api.calls.length = 0;
  return p;
}
type Post = Awaited<ReturnType<typeof ticketWithPost>>;

const click = async (who: Who, p: Post, action: string) => {
  const raw = button(who, `ticket:${action}:${p.id}`, p.where, p.card);
  await d.interact(raw);
  return raw;
};
/** As Discord sends it: JSON, so no key is present with an undefined value (payloads.ts sets `user: undefined` on resolved members). */
const asSent = <T>(raw: T): T => JSON.parse(JSON.stringify(raw)) as T;
const choose = async (who: Who, p: Post, action: "status" | "more", value: string) => {
  const raw = stringSelect(who, `ticket:${action}:${p.id}`, [value], p.where, p.card);
  await d.interact(raw);
  return raw;
};
const ticket = (id: number) => t.prisma.ticket.findUniqueOrThrow({ where: { id } });
/** The components of a callback or webhook body, flattened out of their rows. */
const controls = (data: Record<string, unknown>) =>
  ((data.components ?? []) as { components: Record<string, unknown>[] }[]).flatMap((r) => r.components);
/** The private picker an agent was shown, as a message they can click on. */
const pickerOf = (p: Post, data: Record<string, unknown>) => rawMessage(p.thread, { flags: 64, components: data.components as unknown[] });

describe("Claim, Release and Restore", () => {
  it("acknowledges a claim silently, then the card shows the new owner", async () => {
    const p = await ticketWithPost("Printer jam");
    const raw = await click(bob, p, "claim");
    expect(api.callbackFor(raw.id)).toEqual({ type: 6, data: {} });
    expect(api.webhookMessages()).toEqual([]);
    expect((await ticket(p.id)).ownerId).toBe("bob");
    await d.drain();
    const edit = api.of("PATCH", `/channels/${p.thread}/messages/${p.thread}`).at(-1);
    expect(JSON.stringify(edit?.body)).toContain('"label":"Release"');
  });

  it("tells the loser of a claim privately who has the ticket", async () => {
    const p = await ticketWithPost("Race");
    await claimTicket(t.deps, { ticketId: p.id }, as.cy);
    const raw = await click(bob, p, "claim");
    expect(api.callbackFor(raw.id)?.type).toBe(6);
    const [followUp] = api.webhookMessages();
    expect(followUp).toMatchObject({ method: "POST", body: { flags: 64, allowed_mentions: { parse: [] } } });
    expect(String(followUp!.body.content)).toMatch(/already claimed by Cy/);
    expect((await ticket(p.id)).ownerId).toBe("cy");
  });

  it("releases, and lets an admin restore a deleted ticket", async () => {
    const p = await ticketWithPost("Round trip");
    await claimTicket(t.deps, { ticketId: p.id }, as.bob);
    expect(api.callbackFor((await click(bob, p, "release")).id)?.type).toBe(6);
    expect((await ticket(p.id)).ownerId).toBeNull();
    await t.prisma.ticket.update({ where: { id: p.id }, data: { deletedAt: new Date() } });
    await click(ada, p, "restore");
    expect((await ticket(p.id)).deletedAt).toBeNull();
  });
});

describe("Reply, Comment and Status", () => {
  it("opens the reply modal as the first answer, with the agent's draft", async () => {
    const p = await ticketWithPost("Needs an answer");
    await saveDraft(t.deps, { ticketId: p.id, text: "Half-written answer" }, as.bob);
    const cb = api.callbackFor((await click(bob, p, "reply")).id);
    expect(cb?.type).toBe(9);
    expect(cb?.data.custom_id).toBe(`modal:reply:${p.id}`);
    expect(JSON.stringify(cb?.data.components)).toContain('"value":"Half-written answer"');
  });

  it("opens the comment modal", async () => {
    const p = await ticketWithPost("Note me");
    const cb = api.callbackFor((await click(bob, p, "comment")).id);
    expect(cb).toMatchObject({ type: 9, data: { custom_id: `modal:comment:${p.id}` } });
  });

  it("changes the status chosen in the select", async () => {
    const p = await ticketWithPost("Status me");
    await choose(bob, p, "status", "in_progress");
    expect((await ticket(p.id)).statusId).toBe("in_progress");
  });
});

/** The card's controls as last PATCHed onto the card message (its starter message, id = thread id). */
const cardEdits = (p: Post) => api.of("PATCH", `/channels/${p.thread}/messages/${p.thread}`);
type Select = { custom_id: string; options: { value: string; default?: boolean }[] };
const selectsOf = (body: Record<string, unknown>) => controls(body).filter((c) => c.type === 3) as unknown as Select[];

describe("the card's selects are put back after each choice", () => {
  it("after More → Assign: the More select shows nothing chosen, the status select the ticket's status, pinging nobody", async () => {
    const p = await ticketWithPost("Pick me twice");
    const raw = await choose(bob, p, "more", "assign");
    expect(api.callbackFor(raw.id)?.type).toBe(4);
    const edits = cardEdits(p);
    expect(edits).toHaveLength(1);
    // After the first answer, never before it.
    expect(api.calls.indexOf(edits[0]!)).toBeGreaterThan(api.calls.findIndex((c) => c.path.includes(`/interactions/${raw.id}/`)));
    expect(edits[0]!.body.allowed_mentions).toEqual({ parse: [] });
    expect(edits[0]!.body.embeds).toBeUndefined();
    const [status, more] = selectsOf(edits[0]!.body);
    expect(more!.custom_id).toBe(`ticket:more:${p.id}`);
    expect(more!.options.filter((o) => o.default)).toEqual([]);
    expect(status!.options.filter((o) => o.default).map((o) => o.value)).toEqual(["new"]);
    // So the same choice works again.
    await choose(bob, p, "more", "follow");
    expect(cardEdits(p)).toHaveLength(2);
  });

  it("after a status whose modal was opened (and maybe cancelled), and after a status changed at once", async () => {
    const p = await ticketWithPost("Cancel the modal");
    const raw = await choose(bob, p, "status", "resolved");
    expect(api.callbackFor(raw.id)?.type).toBe(9);
    const [status] = selectsOf(cardEdits(p).at(-1)!.body);
    expect(status!.options.filter((o) => o.default).map((o) => o.value)).toEqual(["new"]);
    await choose(bob, p, "status", "in_progress");
    const [now] = selectsOf(cardEdits(p).at(-1)!.body);
    expect(now!.options.filter((o) => o.default).map((o) => o.value)).toEqual(["in_progress"]);
  });

  it("after a choice that was refused, and a failed reset is logged, never shown", async () => {
    const p = await ticketWithPost("Refused then reset");
    await t.prisma.ticket.update({ where: { id: p.id }, data: { teamId: "vip" } });
    const refused = await choose(bob, p, "more", "split");
    expect(String(api.callbackFor(refused.id)?.data.content)).toBe(`🔍 Ticket #${p.id} was not found.`);
    expect(cardEdits(p)).toHaveLength(1);
    await t.prisma.ticket.update({ where: { id: p.id }, data: { teamId: null } });

    const warned: string[] = [];
    const log = d.ctx.log;
    d.ctx.log = { ...log, warn: (msg: string) => void warned.push(msg), child: () => d.ctx.log };
    try {
      api.next("PATCH", new RegExp(`^/channels/${p.thread}/messages/${p.thread}$`), 403, { message: "Missing Access", code: 50001 });
      const raw = await choose(bob, p, "more", "assign");
      expect(warned).toContain("discord card controls not reset");
      expect(api.webhookMessages().filter((c) => c.path.includes(`/token-${raw.id}/`))).toEqual([]);
      expect(api.shown()).not.toMatch(/Missing Access|went wrong/);
    } finally {
      d.ctx.log = log;
    }
  });
});

describe("More", () => {
  it("assigns to the agent picked in a private user select, and refuses someone who is no agent", async () => {
    const p = await ticketWithPost("Assign me");
    const offer = api.callbackFor((await choose(bob, p, "more", "assign")).id);
    expect(offer).toMatchObject({ type: 4, data: { flags: 64, allowed_mentions: { parse: [] } } });
    expect(controls(offer!.data)).toEqual([expect.objectContaining({ type: 5, custom_id: `pick:assign:${p.id}` })]);
    const picker = pickerOf(p, offer!.data);

    const wrong = asSent(userSelect(bob, `pick:assign:${p.id}`, [stranger], p.where, picker));
    await d.interact(wrong);
    expect(api.callbackFor(wrong.id)?.type).toBe(6);
    expect(api.webhookMessages().at(-1)).toMatchObject({ method: "PATCH", path: expect.stringMatching(/messages\/(@|%40)original$/) });
    expect(String(api.webhookMessages().at(-1)!.body.content)).toMatch(/not a help desk agent/);
    expect((await ticket(p.id)).ownerId).toBeNull();

    await d.interact(asSent(userSelect(bob, `pick:assign:${p.id}`, [cy], p.where, picker)));
    expect((await ticket(p.id)).ownerId).toBe("cy");
    expect(api.webhookMessages().at(-1)!.body).toMatchObject({ components: [], allowed_mentions: { parse: [] } });
    expect(String(api.webhookMessages().at(-1)!.body.content)).toMatch(/now Cy's/);
  });

  it("opens the split modal with the ticket's newest 25 messages", async () => {
    const p = await ticketWithPost("Split me");
    for (let n = 1; n <= 26; n++) {
      t.advance(1000);
      await commentOnTicket(t.deps, { ticketId: p.id, text: `note ${n}` }, as.bob);
    }
    const cb = api.callbackFor((await choose(bob, p, "more", "split")).id);
    expect(cb).toMatchObject({ type: 9, data: { custom_id: `modal:split:${p.id}` } });
    const offered = JSON.stringify(cb!.data.components);
    expect(offered).toContain("note 26");
    expect(offered).toContain("note 2");
    expect(offered).not.toContain("It broke.");
  });

  it("never offers system notes for a split, as /ticket split does not", async () => {
    const p = await ticketWithPost("Split around a system note");
    await t.prisma.message.create({ data: { ticketId: p.id, kind: "SYSTEM", text: "System note here", channel: "system" } });
    const cb = api.callbackFor((await choose(bob, p, "more", "split")).id);
    expect(cb).toMatchObject({ type: 9, data: { custom_id: `modal:split:${p.id}` } });
    expect(JSON.stringify(cb!.data.components)).toContain("It broke.");
    expect(JSON.stringify(cb!.data.components)).not.toContain("System note here");
  });

  it("opens the merge modal", async () => {
    const p = await ticketWithPost("Merge me");
    expect(api.callbackFor((await choose(bob, p, "more", "merge")).id)).toMatchObject({
      type: 9,
      data: { custom_id: `modal:merge:${p.id}` },
    });
  });

  it("offers the other pipelines privately, and moves to the one picked", async () => {
    const p = await ticketWithPost("Move me");
    const raw = await choose(bob, p, "more", "move");
    expect(api.callbackFor(raw.id)).toMatchObject({ type: 5, data: { flags: 64 } });
    const offer = api.webhookMessages().at(-1)!;
    expect(controls(offer.body)).toEqual([
      expect.objectContaining({ type: 3, custom_id: `pick:move:${p.id}`, options: [{ label: "Billing", value: "billing" }] }),
    ]);
    await d.interact(stringSelect(bob, `pick:move:${p.id}`, ["billing"], p.where, pickerOf(p, offer.body)));
    expect(await ticket(p.id)).toMatchObject({ pipelineId: "billing", statusId: "open" });
    expect(String(api.webhookMessages().at(-1)!.body.content)).toMatch(/moved to Billing/);
  });

  it("follows, then unfollows, saying which privately", async () => {
    const p = await ticketWithPost("Follow me");
    await choose(bob, p, "more", "follow");
    expect(await t.prisma.follower.count({ where: { ticketId: p.id, agentId: "bob" } })).toBe(1);
    expect(String(api.webhookMessages().at(-1)!.body.content)).toMatch(/You now follow/);
    const raw = await choose(bob, p, "more", "follow");
    expect(api.callbackFor(raw.id)).toMatchObject({ type: 5, data: { flags: 64 } });
    expect(await t.prisma.follower.count({ where: { ticketId: p.id, agentId: "bob" } })).toBe(0);
    expect(String(api.webhookMessages().at(-1)!.body.content)).toMatch(/no longer follow/);
  });

  it("asks before deleting, refuses who may not, and deletes on an admin's confirmation", async () => {
    const p = await ticketWithPost("Delete me");
    const ask = api.callbackFor((await choose(ada, p, "more", "delete")).id);
    expect(ask).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(controls(ask!.data)).toEqual([expect.objectContaining({ type: 2, style: 4, custom_id: `pick:delete:${p.id}` })]);
    expect((await ticket(p.id)).deletedAt).toBeNull();

    await d.interact(button(bob, `pick:delete:${p.id}`, p.where, pickerOf(p, ask!.data)));
    expect((await ticket(p.id)).deletedAt).toBeNull();
    const refused = api.webhookMessages().at(-1)!.body;
    expect(String(refused.content)).toMatch(/Only an admin or the ticket's owner/);
    expect(refused.components).toBeUndefined();

    const confirm = button(ada, `pick:delete:${p.id}`, p.where, pickerOf(p, ask!.data));
    await d.interact(confirm);
    expect(api.callbackFor(confirm.id)?.type).toBe(6);
    expect((await ticket(p.id)).deletedAt).not.toBeNull();
    expect(api.webhookMessages().at(-1)!.body).toMatchObject({ components: [], content: expect.stringMatching(/deleted/) });
  });
});

it("tells privately that a component it does not know no longer works", async () => {
  const raw = button(bob, "old-bot:approve:7");
  await d.interact(raw);
  expect(api.callbackFor(raw.id)).toMatchObject({
    type: 4,
    data: { flags: 64, allowed_mentions: { parse: [] }, content: expect.stringMatching(/no longer works/) },
  });
});
