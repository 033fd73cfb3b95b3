import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../core/log.js";
import { OutboxDispatcher } from "../../core/outbox/dispatcher.js";
import { claimTicket } from "../../core/tickets/claim-ticket.js";
import { commentOnTicket } from "../../core/tickets/comment-on-ticket.js";
import { ingestInbound } from "../../core/tickets/ingest-inbound.js";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { discordRest } from "./rest.js";
import { discordDeliveryTarget } from "./target.js";
import { testRest } from "./testing/discord-api.js";

const FORUM = "200000000000000001";
const api = "https://discord.com";
let t: TestCore;
let dispatcher: OutboxDispatcher;
let nextId = 300000000000000000n;
const snowflake = () => String(++nextId);

type Sent = { method: string; path: string; body: Record<string, unknown> };
let sent: Sent[];
let tags: { id: string; name: string; moderated: boolean; emoji_id: null; emoji_name: null }[];
let threads: Map<string, { name: string; applied_tags: string[] }>;

/** A small stand-in for Discord's REST API, recording every request. */
function fakeDiscord(): nock.Scope {
  const rec = (method: string) =>
    function (this: unknown, path: string, body: nock.Body) {
      sent.push({ method, path: path.replace("/api/v10", ""), body: (body ?? {}) as Record<string, unknown> });
    };
  return nock(api)
    .persist()
    .get(`/api/v10/channels/${FORUM}`)
    .reply(200, (path) => {
      rec("GET")(path, {});
      return { id: FORUM, type: 15, available_tags: tags };
    })
    .patch(`/api/v10/channels/${FORUM}`)
    .reply(200, (path, body) => {
      rec("PATCH")(path, body);
      const wanted = (body as { available_tags: { id?: string; name: string }[] }).available_tags;
      tags = wanted.map((w) => ({ id: w.id ?? snowflake(), name: w.name, moderated: false, emoji_id: null, emoji_name: null }));
      return { id: FORUM, type: 15, available_tags: tags };
    })
    .post(`/api/v10/channels/${FORUM}/threads`)
    .reply(201, (path, body) => {
      rec("POST")(path, body);
      const id = snowflake();
      const b = body as { name: string; applied_tags: string[] };
      threads.set(id, { name: b.name, applied_tags: b.applied_tags });
      return { id, type: 11, parent_id: FORUM, name: b.name, applied_tags: b.applied_tags, message: { id, channel_id: id } };
    })
    .get(/\/api\/v10\/channels\/\d+$/)
    .reply((path) => {
      rec("GET")(path, {});
      const id = path.split("/").pop()!;
      const th = threads.get(id);
      return th ? [200, { id, type: 11, parent_id: FORUM, ...th }] : [404, { message: "Unknown Channel", code: 10003 }];
    })
    .patch(/\/api\/v10\/channels\/\d+$/)
    .reply((path, body) => {
      rec("PATCH")(path, body);
      const id = path.split("/").pop()!;
      const th = threads.get(id)!;
      Object.assign(th, body);
      return [200, { id, type: 11, ...th }];
    })
    .patch(/\/api\/v10\/channels\/\d+\/messages\/\d+$/)
    .reply((path, body) => {
      rec("PATCH")(path, body);
      const thread = path.split("/")[4]!;
      return threads.has(thread) ? [200, { id: path.split("/").pop() }] : [404, { message: "Unknown Channel", code: 10003 }];
    })
    .post(/\/api\/v10\/channels\/\d+\/messages$/)
    .reply((path, body) => {
      rec("POST")(path, body);
      return [200, { id: snowflake(), channel_id: path.split("/")[4] }];
    })
    .post("/api/v10/users/@me/channels")
    .reply(200, (path, body) => {
      rec("POST")(path, body);
      return { id: "400000000000000001", type: 1 };
    });
}

beforeAll(async () => {
  nock.disableNetConnect();
  t = await testCore();
});
afterAll(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  await t.close();
});
beforeEach(() => {
  // A new REST client each test: discord.js remembers rate-limit buckets, and one test's 429
  // must not hold back the next test's requests.
  const rest = discordRest("t", testRest);
  const target = discordDeliveryTarget({ deps: t.deps, rest, forums: [{ channel: FORUM }], guildId: "500000000000000001" });
  dispatcher = new OutboxDispatcher({ deps: t.deps, targets: { discord: target }, log: silentLogger, backoffBaseMs: 1 });
  sent = [];
  tags = [{ id: "600000000000000001", name: "Bug", moderated: false, emoji_id: null, emoji_name: null }];
  threads = new Map();
  nock.cleanAll();
  fakeDiscord();
});
afterEach(() => nock.cleanAll());

const inbound = (text: string, extra: Partial<Parameters<typeof ingestInbound>[1]> = {}) =>
  ingestInbound(t.deps, {
    channel: "email",
    from: { email: "carol@customer.test", name: "Carol @everyone" },
    subject: "Printer @here on fire",
    text,
    ...extra,
  });

async function drain() {
  for (let i = 0; i < 5; i++) await dispatcher.runOnce();
}
const of = (method: string, path: RegExp | string) =>
  sent.filter((s) => s.method === method && (typeof path === "string" ? s.path === path : path.test(s.path)));
const tagId = (name: string) => tags.find((x) => x.name === name)?.id;

describe("Discord delivery target", () => {
  it("creates one forum post with the card and a status tag, and mirrors the first message into its thread", async () => {
    const { ticket } = await inbound("Hi @everyone, <@123456789012345678> knows **all**");
    await drain();
    // The forum lacked a "New" tag: it is added, keeping the tags already there.
    const patch = of("PATCH", `/channels/${FORUM}`);
    expect(patch).toHaveLength(1);
    expect(patch[0]!.body.available_tags).toEqual([
      { id: "600000000000000001", name: "Bug", moderated: false, emoji_id: null, emoji_name: null },
      { name: "New", moderated: false },
    ]);
    const posts = of("POST", `/channels/${FORUM}/threads`);
    expect(posts).toHaveLength(1);
    const body = posts[0]!.body as {
      name: string;
      applied_tags: string[];
      message: { embeds: { title: string }[]; components: unknown[]; allowed_mentions: unknown };
    };
    expect(body.name).toBe(`#${ticket.id} Printer @here on fire`);
    expect(body.applied_tags).toEqual([tagId("New")]);
    expect(body.message.embeds[0]!.title).toBe(`#${ticket.id} Printer @\u200bhere on fire`);
    expect(body.message.components).toHaveLength(3);
    expect(body.message.allowed_mentions).toEqual({ parse: [] });

    const link = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: ticket.id, surface: "discord", role: "card" } });
    expect(link).toMatchObject({ channelId: FORUM, threadId: link.messageId });
    const msgs = of("POST", `/channels/${link.threadId}/messages`);
    expect(msgs).toHaveLength(1);
    const content = String(msgs[0]!.body.content);
    expect(content).toMatch(/^📨 \*\*Carol @\u200beveryone\*\* wrote\n/);
    expect(content).toContain("<\u200b@123456789012345678> knows \\*\\*all\\*\\*");
    expect(content).not.toMatch(/@everyone|<@\d/);
    expect(msgs[0]!.body.allowed_mentions).toEqual({ parse: [] });
    expect(await t.prisma.messageRef.count({ where: { system: "discord.mirror", message: { ticketId: ticket.id } } })).toBe(1);

    // Nothing is posted twice on another run.
    sent = [];
    await drain();
    expect(sent).toEqual([]);
  });

  it("edits the card in place on a claim, retags and renames only when needed, and does not echo a thread note", async () => {
    const { ticket } = await inbound("second", { subject: "second", from: { email: "s@y.test" } });
    await drain();
    const link = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: ticket.id, surface: "discord", role: "card" } });
    sent = [];
    await claimTicket(t.deps, { ticketId: ticket.id }, as.bob);
    await commentOnTicket(
      t.deps,
      {
        ticketId: ticket.id,
        text: "on it",
        origin: { channel: "discord", ref: { system: "discord", externalId: `${link.threadId}:700000000000000001` } },
      },
      as.bob,
    );
    await drain();
    const edits = of("PATCH", `/channels/${link.threadId}/messages/${link.messageId}`);
    expect(edits.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(edits.at(-1)!.body)).toContain('"value":"Bob"');
    expect(JSON.stringify(edits.at(-1)!.body)).toContain("ticket:release:");
    expect(of("POST", /\/messages$/)).toHaveLength(0);
    expect(of("POST", /\/threads$/)).toHaveLength(0);
    // Claiming does not change the status here, nor the title: the thread is left alone.
    const status = (await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).statusId;
    if (status === "new") expect(of("PATCH", `/channels/${link.threadId}`)).toHaveLength(0);
    else expect(of("PATCH", `/channels/${link.threadId}`).at(-1)!.body).toEqual({ applied_tags: [tagId("In progress")] });
  });

  it("moves the status tag and keeps tags added by hand", async () => {
    const { ticket } = await inbound("tags", { subject: "tags", from: { email: "tg@y.test" } });
    await drain();
    const link = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: ticket.id, surface: "discord", role: "card" } });
    threads.get(link.threadId!)!.applied_tags.push("600000000000000001");
    await t.prisma.ticket.update({ where: { id: ticket.id }, data: { statusId: "escalated", subject: "tags renamed" } });
    const target = discordDeliveryTarget({ deps: t.deps, rest: discordRest("t", testRest), forums: [{ channel: FORUM }] });
    sent = [];
    await target.syncCard(ticket.id);
    expect(of("PATCH", `/channels/${FORUM}`)[0]!.body.available_tags).toContainEqual({ name: "Escalated", moderated: false });
    expect(of("PATCH", `/channels/${link.threadId}`)).toEqual([
      {
        method: "PATCH",
        path: `/channels/${link.threadId}`,
        body: { name: `#${ticket.id} tags renamed`, applied_tags: [tagId("Escalated"), "600000000000000001"] },
      },
    ]);
  });

  it("posts without a status tag when the forum already has 20 tags", async () => {
    tags = Array.from({ length: 20 }, (_, i) => ({
      id: String(610000000000000000n + BigInt(i)),
      name: `T${i}`,
      moderated: false,
      emoji_id: null,
      emoji_name: null,
    }));
    await inbound("full", { subject: "full", from: { email: "full@y.test" } });
    await drain();
    expect(of("PATCH", `/channels/${FORUM}`)).toHaveLength(0);
    expect(of("POST", /\/threads$/)[0]!.body.applied_tags).toEqual([]);
  });

  it("posts the card again when its thread was deleted", async () => {
    const { ticket } = await inbound("gone", { subject: "gone", from: { email: "g@y.test" } });
    await drain();
    const before = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: ticket.id, surface: "discord", role: "card" } });
    threads.delete(before.threadId!);
    sent = [];
    await claimTicket(t.deps, { ticketId: ticket.id }, as.cy);
    await drain();
    expect(of("GET", `/channels/${before.threadId}`)).toHaveLength(1);
    expect(of("POST", /\/threads$/)).toHaveLength(1);
    const after = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: ticket.id, surface: "discord", role: "card" } });
    expect(after.id).toBe(before.id);
    expect(after.threadId).not.toBe(before.threadId);
    expect(after.messageId).toBe(after.threadId);
  });

  it("splits a long message over several posts of at most 2,000 characters", async () => {
    const long = Array.from({ length: 500 }, (_, i) => `line ${i} with *stars* and words`).join("\n");
    const { ticket } = await inbound(long, { subject: "long", from: { email: "long@y.test" } });
    await drain();
    const link = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: ticket.id, surface: "discord", role: "card" } });
    const msgs = of("POST", `/channels/${link.threadId}/messages`).map((m) => String(m.body.content));
    expect(msgs.length).toBeGreaterThan(5);
    for (const m of msgs) expect(m.length).toBeLessThanOrEqual(2000);
    expect(msgs.join("\n")).toContain("line 499 with \\*stars\\* and words");
    expect(await t.prisma.messageRef.count({ where: { system: "discord.mirror", message: { ticketId: ticket.id } } })).toBe(msgs.length);
  });

  it("honours a 429's Retry-After and leaves the retry to the outbox; other 4xx are permanent", async () => {
    nock.cleanAll();
    nock(api)
      .post(`/api/v10/channels/${FORUM}/threads`)
      .reply(429, { message: "You are being rate limited.", retry_after: 30, global: false }, { "retry-after": "30" });
    fakeDiscord();
    const { ticket } = await inbound("rate limited", { subject: "rl", from: { email: "rl@y.test" } });
    await dispatcher.runOnce();
    const rows = await t.prisma.outbox.findMany({ where: { ticketId: ticket.id, target: "discord", status: "pending" } });
    const delayed = rows.find((r) => r.lastError?.includes("rate limited"))!;
    expect(delayed.nextAttemptAt.getTime() - t.deps.now().getTime()).toBeGreaterThanOrEqual(30_000);
    // The refused post left no claim behind (another row of the same run may have posted since).
    expect(await t.prisma.chatLink.count({ where: { ticketId: ticket.id, surface: "discord", messageId: null } })).toBe(0);
    t.advance(31_000);
    await drain();
    expect(await t.prisma.chatLink.count({ where: { ticketId: ticket.id, surface: "discord", messageId: { not: null } } })).toBe(1);
    expect(await t.prisma.outbox.count({ where: { ticketId: ticket.id, target: "discord", status: { not: "done" } } })).toBe(0);

    nock.cleanAll();
    nock(api).post(`/api/v10/channels/${FORUM}/threads`).reply(403, { message: "Missing Permissions", code: 50013 });
    fakeDiscord();
    const denied = await inbound("denied", { subject: "denied", from: { email: "d@y.test" } });
    await drain();
    const failed = await t.prisma.outbox.findMany({ where: { ticketId: denied.ticket.id, target: "discord", status: "failed" } });
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]!.lastError).toContain("403");
  });

  it("tells mentioned agents with a Discord id in a DM", async () => {
    const { ticket } = await inbound("dm", { subject: "dm", from: { email: "dm@y.test" } });
    await drain();
    sent = [];
    await commentOnTicket(t.deps, { ticketId: ticket.id, text: "@bob look", mentionAgentIds: ["bob"] }, as.ada);
    await drain();
    expect(of("POST", "/users/@me/channels")).toEqual([
      { method: "POST", path: "/users/@me/channels", body: { recipient_id: "100000000000000001" } },
    ]);
    const dm = of("POST", "/channels/400000000000000001/messages")[0]!;
    expect(String(dm.body.content)).toContain(`You were mentioned on **#${ticket.id}**`);
    expect(dm.body.allowed_mentions).toEqual({ parse: [] });
  });
  it("pings in the ticket's thread only the agents a note mentions, and only with the part naming them", async () => {
    const { ticket } = await inbound("ping", { subject: "ping", from: { email: "ping@y.test" } });
    await drain();
    sent = [];
    await commentOnTicket(t.deps, { ticketId: ticket.id, text: "@bob can you look? @everyone", mentionAgentIds: ["bob"] }, as.ada);
    await commentOnTicket(t.deps, { ticketId: ticket.id, text: "nobody named here" }, as.ada);
    await drain();
    const posts = of("POST", /^\/channels\/\d+\/messages$/).filter((p) => !p.path.startsWith("/channels/400000000000000001"));
    expect(posts).toHaveLength(2);
    // Both notes carry the same clock time, so either may be delivered first.
    const named = posts.find((p) => String(p.body.content).includes("can you look"))!;
    const plain = posts.find((p) => String(p.body.content).includes("nobody named here"))!;
    expect(String(named.body.content)).toMatch(/^📝 \*\*Ada\*\* left an internal note for <@100000000000000001>\n/);
    expect(String(named.body.content)).toContain("@\u200beveryone");
    expect(named.body.allowed_mentions).toEqual({ parse: [], users: ["100000000000000001"] });
    expect(plain.body.allowed_mentions).toEqual({ parse: [] });
  });
});
