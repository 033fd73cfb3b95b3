// The Discord target beyond the everyday card: a post that archived itself, a forum whose tags
// another worker is changing, an agent who takes no direct messages, and replies to a requester
// who wrote in Discord.
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { silentLogger } from "../../core/log.js";
import { OutboxDispatcher } from "../../core/outbox/dispatcher.js";
import { claimTicket } from "../../core/tickets/claim-ticket.js";
import { commentOnTicket } from "../../core/tickets/comment-on-ticket.js";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { replyToTicket } from "../../core/tickets/reply-to-ticket.js";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { tagLockName } from "./forum-tags.js";
import { discordRest } from "./rest.js";
import { discordDeliveryTarget } from "./target.js";
import { fakeDiscordApi, testRest, type FakeDiscordApi } from "./testing/discord-api.js";
import { FORUM } from "./testing/payloads.js";

let t: TestCore;
let api: FakeDiscordApi;
const target = () => discordDeliveryTarget({ deps: t.deps, rest: discordRest("t", testRest), forums: [{ channel: FORUM }] });
const dispatcher = () => new OutboxDispatcher({ deps: t.deps, targets: { discord: target() }, log: silentLogger, backoffBaseMs: 1 });

beforeAll(async () => {
  t = await testCore();
});
afterAll(async () => {
  api.done();
  await t.close();
});
beforeEach(() => {
  api?.done();
  api = fakeDiscordApi({ forums: [FORUM] });
});

async function drain() {
  const d = dispatcher();
  for (let i = 0; i < 5; i++) await d.runOnce();
}
async function posted(subject: string) {
  const ticket = await createTicket(t.deps, { subject, text: "It broke.", requester: { email: "c@customer.test" } }, as.ada);
  await drain();
  return { ticket, link: await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: ticket.id, surface: "discord", role: "card" } }) };
}

it("reopens a post that archived itself before editing its card, and starts posts with the longest auto-archive", async () => {
  const { ticket, link } = await posted("idle");
  expect(api.of("POST", `/channels/${FORUM}/threads`).at(-1)!.body.auto_archive_duration).toBe(10080);
  api.archive(link.threadId!);
  api.calls.length = 0;
  await claimTicket(t.deps, { ticketId: ticket.id }, as.cy);
  await drain();
  const patches = api.calls.filter((x) => x.method === "PATCH" && x.path.startsWith(`/channels/${link.threadId}`));
  expect(patches[0]).toMatchObject({ path: `/channels/${link.threadId}`, body: { archived: false } });
  expect(patches[1]!.path).toBe(`/channels/${link.threadId}/messages/${link.messageId}`);
  expect(JSON.stringify(patches[1]!.body)).toContain("Cy");
  expect(await t.prisma.outbox.count({ where: { ticketId: ticket.id, status: "failed" } })).toBe(0);
});

it("lets one worker at a time add a forum's tags, and tells the others to come back", async () => {
  const { ticket } = await posted("locked");
  await t.prisma.ticket.update({ where: { id: ticket.id }, data: { statusId: "waiting_on_customer" } });
  await t.prisma.lease.create({
    data: { name: tagLockName(FORUM), holder: "someone-else", expiresAt: new Date(t.deps.now().getTime() + 10_000) },
  });
  const one = target();
  api.calls.length = 0;
  await expect(one.syncCard(ticket.id)).rejects.toMatchObject({ opts: { retryAfterMs: 1_000 } });
  expect(api.of("PATCH", `/channels/${FORUM}`)).toHaveLength(0);
  // The holder's lease runs out (it crashed): the tag is added once.
  t.advance(16_000);
  await one.syncCard(ticket.id);
  expect(api.of("PATCH", `/channels/${FORUM}`)).toHaveLength(1);
  expect(await t.prisma.lease.count({ where: { name: tagLockName(FORUM) } })).toBe(0);
});

it("adds a forum's tag once while posting several cards at once, without telling itself to come back", async () => {
  const a = await createTicket(t.deps, { subject: "first at once" }, as.ada);
  const b = await createTicket(t.deps, { subject: "second at once" }, as.ada);
  const one = target();
  api.calls.length = 0;
  await Promise.all([one.syncCard(a.id), one.syncCard(b.id)]);
  expect(api.of("PATCH", `/channels/${FORUM}`)).toHaveLength(1);
  expect(await t.prisma.chatLink.count({ where: { ticketId: { in: [a.id, b.id] }, surface: "discord", role: "card" } })).toBe(2);
});

it("skips an agent who takes no direct messages and still tells the others", async () => {
  const { ticket } = await posted("closed dms");
  await t.prisma.chatIdentity.create({ data: { surface: "discord", externalId: "100000000000000003", kind: "agent", agentId: "cy" } });
  // Bob (asked first) does not take DMs from the server's members.
  api.next("POST", /^\/users\/@me\/channels$/, 403, { message: "Cannot send messages to this user", code: 50007 });
  api.calls.length = 0;
  await commentOnTicket(t.deps, { ticketId: ticket.id, text: "@bob @cy look", mentionAgentIds: ["bob", "cy"] }, as.ada);
  await drain();
  expect(api.of("POST", "/users/@me/channels").map((c) => c.body.recipient_id)).toEqual(["100000000000000001", "100000000000000003"]);
  expect(api.of("POST", /^\/channels\/\d+\/messages$/).filter((c) => String(c.body.content).startsWith("You were mentioned"))).toHaveLength(
    1,
  );
  expect(await t.prisma.outbox.count({ where: { ticketId: ticket.id, status: "failed" } })).toBe(0);
});

it("sends a reply to a requester who wrote in Discord back where they wrote, answering their message, once", async () => {
  const origin = { surface: "discord" as const, channelId: "200000000000000009", messageId: "300000000000009999" };
  const ticket = await createTicket(
    t.deps,
    {
      subject: "From chat",
      text: "My <@&1> login fails",
      requester: { surface: "discord", userId: "100000000000000042", name: "Carol" },
      origin,
    },
    as.ada,
  );
  await replyToTicket(t.deps, { ticketId: ticket.id, text: "Try again now @here" }, as.ada);
  await drain();
  const replies = api.of("POST", `/channels/${origin.channelId}/messages`);
  expect(replies).toHaveLength(1);
  expect(replies[0]!.body).toEqual({
    content: "Try again now @\u200bhere",
    allowed_mentions: { parse: [] },
    message_reference: { message_id: origin.messageId, fail_if_not_exists: false },
  });
  // Run again (a retried row): the parts already posted are not posted twice.
  await t.prisma.outbox.updateMany({ where: { ticketId: ticket.id, topic: "chat.reply" }, data: { status: "pending" } });
  await drain();
  expect(api.of("POST", `/channels/${origin.channelId}/messages`)).toHaveLength(1);
});

it("posts the rest of a long Discord message after a rate limit cut its mirror short, without posting any part twice", async () => {
  const text = Array.from({ length: 3 }, (_, i) => `${"word ".repeat(350)}part ${i + 1}`).join("\n");
  const origin = { surface: "discord" as const, channelId: "200000000000000009", messageId: "300000000000008888" };
  const ticket = await createTicket(
    t.deps,
    { subject: "Long one", text, requester: { surface: "discord", userId: "100000000000000043", name: "Dan" }, origin },
    as.ada,
  );
  // The first part goes through; the second is refused with a 429.
  api.next(
    "POST",
    /^\/channels\/\d+\/messages$/,
    429,
    { message: "You are being rate limited.", retry_after: 1, global: false },
    { "retry-after": "1" },
    1,
  );
  await drain();
  t.advance(5_000);
  await drain();
  const link = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: ticket.id, surface: "discord", role: "card" } });
  const parts = api.of("POST", `/channels/${link.threadId}/messages`).filter((c) => String(c.body.content).includes("word"));
  // Part 2 was sent twice: refused, then posted on the retry; part 1 was not sent again.
  expect(parts.map((c) => /part \d/.exec(String(c.body.content))?.[0] ?? "cut")).toEqual(["part 1", "part 2", "part 2", "part 3"]);
  expect(await t.prisma.messageRef.count({ where: { system: "discord.mirror", message: { ticketId: ticket.id } } })).toBe(3);
});
