// What people type in a ticket's forum post, delivered as MESSAGE_CREATE through the real client.
import { describe, expect, it } from "vitest";
import { type TestCore } from "../../test/harness.js";
import type { DiscordTestClient } from "./testing/client.js";
import { discordSuite } from "./testing/suite.js";
import { snowflake, type FakeDiscordApi } from "./testing/discord-api.js";
import { AGENT_ROLE, messageCreate, rawMember, type Who } from "./testing/payloads.js";

let t: TestCore;
let d: DiscordTestClient;
let api: FakeDiscordApi;
const bob: Who = { id: "100000000000000001", name: "Bob" };
const cy: Who = { id: "100000000000000003", name: "Cy" };
const stranger: Who = { id: "100000000000000077", name: "Mallory" };

discordSuite((s) => ({ t, d, api } = s), {
  settings: { agentRoleId: AGENT_ROLE },
  prepare: async (t) => {
    await t.prisma.chatIdentity.create({ data: { surface: "discord", externalId: cy.id, kind: "agent", agentId: "cy" } });
  },
});

/** A ticket with its forum post made, and the client told of the post's thread. */
async function ticketWithPost(subject: string, teamId: string | null = null) {
  const p = await d.postedTicket(subject, { teamId });
  return { ticket: { id: p.id }, thread: p.thread };
}

const logged = (fn: () => Promise<void>) => d.logged(fn);

const comments = (ticketId: number) => t.prisma.message.findMany({ where: { ticketId, kind: "COMMENT" }, include: { refs: true } });
const postsTo = (channel: string) => api.of("POST", `/channels/${channel}/messages`);

describe("an agent writing in a ticket's forum post", () => {
  it("saves one internal note per message, mentions the agents named, and does not echo it back", async () => {
    const { ticket, thread } = await ticketWithPost("Printer jam");
    const raw = messageCreate(bob, thread, `<@${cy.id}> can you check the toner?`, { mentions: [cy] });
    // The second delivery (a resumed session) is simply done, not an error.
    const seen = await logged(async () => {
      await d.message(raw);
      await d.message(raw);
    });
    expect(seen.error).toEqual([]);

    const notes = await comments(ticket.id);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ authorAgentId: "bob", channel: "discord", text: "@\u2060Cy can you check the toner?" });
    expect(notes[0]!.refs).toEqual([expect.objectContaining({ system: "discord", externalId: `${thread}:${raw.id}` })]);
    expect(
      await t.prisma.outbox.count({ where: { ticketId: ticket.id, topic: "agents.notify", payload: { contains: '"reason":"mention"' } } }),
    ).toBe(1);

    await d.drain();
    expect(
      postsTo(thread)
        .map((c) => String(c.body.content))
        .filter((s) => s.includes("toner")),
    ).toEqual([]);
    const dm = api.of("POST", "/users/@me/channels").find((c) => c.body.recipient_id === cy.id);
    expect(dm).toBeDefined();
    // Nothing was said in the post: a saved note needs no answer.
    expect(postsTo(thread).filter((c) => c.body.message_reference)).toEqual([]);
  });

  it("adds the links of attached files to the note", async () => {
    const { ticket, thread } = await ticketWithPost("Screenshot attached");
    const url = "https://cdn.discordapp.com/attachments/1/2/error.png";
    await d.message({
      ...messageCreate(bob, thread, "see the error"),
      attachments: [{ id: snowflake(), filename: "error.png", size: 10, url, proxy_url: url }],
    });
    expect((await comments(ticket.id)).map((m) => m.text)).toEqual([`see the error\n📎 error.png: ${url}`]);
  });

  it("takes a member of the agent role as an agent, reading their roles from the API", async () => {
    const { ticket, thread } = await ticketWithPost("Role member note");
    const rolf: Who = { id: "100000000000000055", name: "Rolf", roles: [AGENT_ROLE] };
    api.next("GET", new RegExp(`/guilds/\\d+/members/${rolf.id}$`), 200, { ...rawMember(rolf) });
    await d.message(messageCreate(rolf, thread, "looking into it"));
    expect((await comments(ticket.id)).map((m) => [m.authorAgentId, m.text])).toEqual([[`discord-${rolf.id}`, "looking into it"]]);
  });

  it("tells the agent in the post when the note was refused (a mention of someone outside the ticket's team)", async () => {
    const { ticket, thread } = await ticketWithPost("Team only", "tier1");
    const dee: Who = { id: "100000000000000004", name: "Dee" };
    await t.prisma.chatIdentity.create({ data: { surface: "discord", externalId: dee.id, kind: "agent", agentId: "dee" } });
    const raw = messageCreate(bob, thread, `<@${dee.id}> fyi`, { mentions: [dee] });
    await d.message(raw);
    expect(await comments(ticket.id)).toEqual([]);
    const told = postsTo(thread).filter((c) => (c.body.message_reference as { message_id?: string } | undefined)?.message_id === raw.id);
    expect(told).toHaveLength(1);
    expect(String(told[0]!.body.content)).toMatch(/Dee cannot see this ticket's team[\s\S]*not saved/);
    expect(told[0]!.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });
});

describe("anyone else writing in a ticket's forum post", () => {
  it("keeps nothing and says so once, in a reply that pings nobody", async () => {
    const { ticket, thread } = await ticketWithPost("Visitor writes");
    const first = messageCreate(stranger, thread, "@everyone is this fixed?");
    await d.message(first);
    await d.message(messageCreate(stranger, thread, "hello?"));
    expect(await comments(ticket.id)).toEqual([]);
    const replies = postsTo(thread).filter((c) => c.body.message_reference);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.body).toMatchObject({
      message_reference: { message_id: first.id },
      allowed_mentions: { parse: [], replied_user: false },
    });
    expect(String(replies[0]!.body.content)).toMatch(new RegExp(`notes on #${ticket.id}; yours was not saved`));
  });

  it("ignores threads that are no ticket's post", async () => {
    const other = snowflake();
    d.addThread(other);
    const before = await t.prisma.message.count();
    await d.message(messageCreate(bob, other, "chit-chat"));
    expect(await t.prisma.message.count()).toBe(before);
    expect(api.calls).toEqual([]);
  });
});

describe("a message that arrives without its content", () => {
  it("saves nothing and warns once that the Message Content intent is missing", async () => {
    const { ticket, thread } = await ticketWithPost("No intent");
    const { warn } = await logged(async () => {
      await d.message(messageCreate(bob, thread, ""));
      await d.message(messageCreate(bob, thread, ""));
    });
    expect(await comments(ticket.id)).toEqual([]);
    expect(warn).toHaveLength(1);
    expect(warn[0]).toMatch(/Message Content intent/);
  });
});
