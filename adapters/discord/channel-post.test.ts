// A workflow's post in a configured Discord channel ("chat.post" rows), delivered by the Discord target.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../core/log.js";
import { OutboxDispatcher } from "../../core/outbox/dispatcher.js";
import { enqueue } from "../../core/outbox/enqueue.js";
import { deleteTicket } from "../../core/tickets/delete-ticket.js";
import { ingestInbound } from "../../core/tickets/ingest-inbound.js";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { limits } from "./escape.js";
import { discordRest } from "./rest.js";
import { discordDeliveryTarget } from "./target.js";
import { fakeDiscordApi, testRest, type FakeDiscordApi } from "./testing/discord-api.js";
import { FORUM, GUILD } from "./testing/payloads.js";

const NEWS = "200000000000000077";
let t: TestCore;
let api: FakeDiscordApi;

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
  api.channels.set(NEWS, { id: NEWS, type: 0, name: "new-tickets" });
});

/** Runs the outbox with a fresh REST client (discord.js remembers rate limits per client). */
async function drain(opts: { guildId?: string | undefined; passes?: number } = { guildId: GUILD }) {
  const target = discordDeliveryTarget({
    deps: t.deps,
    rest: discordRest("t", testRest),
    forums: [{ channel: FORUM }],
    guildId: opts.guildId,
  });
  const d = new OutboxDispatcher({ deps: t.deps, targets: { discord: target }, log: silentLogger, backoffBaseMs: 1 });
  for (let i = 0; i < (opts.passes ?? 5); i++) await d.runOnce();
}

/** A ticket whose forum post is up, and its card link. */
async function carded(subject: string, extra: Partial<Parameters<typeof ingestInbound>[1]> = {}) {
  const { ticket } = await ingestInbound(t.deps, {
    channel: "email",
    from: { email: "carol@customer.test" },
    subject,
    text: "hi",
    ...extra,
  });
  await drain();
  const link = await t.prisma.chatLink.findFirst({ where: { ticketId: ticket.id, surface: "discord", role: "card" } });
  api.calls.length = 0;
  return { ticket, link };
}

/** Writes a "chat.post" row as a workflow does. */
const postRow = (ticketId: number, text: string, channelId = NEWS) =>
  t.deps.db
    .transaction()
    .execute((tx) => enqueue(tx, t.deps.now(), { target: "discord", topic: "chat.post", payload: { ticketId, channelId, text } }));

const rowOf = (ticketId: number) => t.prisma.outbox.findFirstOrThrow({ where: { ticketId, topic: "chat.post" } });
const postsIn = (channel: string) => api.of("POST", `/channels/${channel}/messages`);

describe("Discord chat.post", () => {
  it("posts the text in the named text channel, pinging nobody, with a link to the ticket's card", async () => {
    const { ticket, link } = await carded("Printer on fire");
    await postRow(
      ticket.id,
      `New ticket #${ticket.id} from carol@customer.test: Printer @everyone on <@100000000000000001> **fire** [x](https://x.test)`,
    );
    await drain();

    // The channel is looked at before anything is posted in it.
    expect(api.calls.map((c) => `${c.method} ${c.path}`)).toEqual([`GET /channels/${NEWS}`, `POST /channels/${NEWS}/messages`]);
    const posts = postsIn(NEWS);
    expect(posts).toHaveLength(1);
    const row = await rowOf(ticket.id);
    expect(posts[0]!.body).toEqual({
      content:
        `New ticket #${ticket.id} from carol@customer.test: Printer @\u200beveryone on <\u200b@100000000000000001> \\*\\*fire\\*\\* \\[x](https://x.test)` +
        `\n🎫 https://discord.com/channels/${GUILD}/${link!.threadId}/${link!.messageId}`,
      allowed_mentions: { parse: [] },
      // Discord answers a repeat of the same nonce (a row sent again after a crash) with the first message.
      nonce: row.id,
      enforce_nonce: true,
    });
    expect(row.status).toBe("done");
  });

  it("still posts for a deleted ticket, links the post by mention without a guild, and posts no link without a card", async () => {
    const deleted = await carded("deleted");
    await deleteTicket(t.deps, { ticketId: deleted.ticket.id }, as.ada);
    await drain();
    api.calls.length = 0;
    await postRow(deleted.ticket.id, "Deleted, but the workflow ran first");
    await drain({ guildId: undefined });
    expect(postsIn(NEWS).map((c) => c.body.content)).toEqual([`Deleted, but the workflow ran first\n🎫 <#${deleted.link!.threadId}>`]);

    // An auto-reply is filed apart and gets no forum post.
    const apart = await carded("Out of office", { autoSubmitted: true, autoKind: "auto_reply" });
    expect(apart.link).toBeNull();
    await postRow(apart.ticket.id, "Filed apart");
    await drain();
    expect(postsIn(NEWS).map((c) => c.body.content)).toEqual(["Filed apart"]);
    for (const id of [deleted.ticket.id, apart.ticket.id]) expect((await rowOf(id)).status).toBe("done");
  });

  it("cuts a long text within Discord's 2,000 characters and keeps the link", async () => {
    const { ticket, link } = await carded("long");
    // Made safe, "*" becomes "\*": twice as long.
    await postRow(ticket.id, `Summary: ${"a*b ".repeat(1000)}end`);
    await drain();
    const content = String(postsIn(NEWS)[0]!.body.content);
    expect(content.length).toBeLessThanOrEqual(limits.messageContent);
    const [text, linkLine] = content.split("\n");
    expect(text).toMatch(/^Summary: a\\\*b /);
    // Cut with an ellipsis, never after a lone escaping backslash.
    expect(text).toMatch(/[^\\](\\\\)*…$/);
    expect(linkLine).toBe(`🎫 https://discord.com/channels/${GUILD}/${link!.threadId}/${link!.messageId}`);
  });

  it("refuses a forum channel for good, naming it, and posts nothing in it", async () => {
    const { ticket } = await carded("to a forum");
    await postRow(ticket.id, "Forums take posts, not messages", FORUM);
    await drain();
    expect(api.calls.filter((c) => c.method !== "GET" && c.path.startsWith(`/channels/${FORUM}`))).toEqual([]);
    const row = await rowOf(ticket.id);
    expect(row.status).toBe("failed");
    expect(row.attempts).toBe(1);
    expect(row.lastError).toContain(`Discord channel ${FORUM} is a forum channel`);
  });

  it("honours a 429's Retry-After; a missing permission or an unknown channel fails at once", async () => {
    const rl = await carded("rate limited");
    api.next(
      "POST",
      new RegExp(`^/channels/${NEWS}/messages$`),
      429,
      { message: "You are being rate limited.", retry_after: 30, global: false },
      {
        "retry-after": "30",
      },
    );
    await postRow(rl.ticket.id, "Rate limited");
    await drain({ guildId: GUILD, passes: 1 });
    const delayed = await rowOf(rl.ticket.id);
    expect(delayed).toMatchObject({ status: "pending", lastError: expect.stringContaining("rate limited") });
    expect(delayed.nextAttemptAt.getTime() - t.deps.now().getTime()).toBeGreaterThanOrEqual(30_000);
    t.advance(31_000);
    await drain();
    expect(postsIn(NEWS)).toHaveLength(2);
    expect((await rowOf(rl.ticket.id)).status).toBe("done");

    const denied = await carded("denied");
    api.next("POST", new RegExp(`^/channels/${NEWS}/messages$`), 403, { message: "Missing Permissions", code: 50013 });
    await postRow(denied.ticket.id, "Denied");
    await drain();
    expect(postsIn(NEWS)).toHaveLength(1);
    expect(await rowOf(denied.ticket.id)).toMatchObject({ status: "failed", attempts: 1, lastError: expect.stringContaining("403") });

    const unknown = await carded("unknown channel");
    await postRow(unknown.ticket.id, "Nowhere", "200000000000000099");
    await drain();
    expect(postsIn("200000000000000099")).toHaveLength(0);
    const failed = await rowOf(unknown.ticket.id);
    expect(failed).toMatchObject({ status: "failed", attempts: 1 });
    expect(failed.lastError).toContain("Discord channel 200000000000000099 does not exist");

    // A workflow's text filled from nothing: no message can carry it.
    const blank = await carded("blank");
    await postRow(blank.ticket.id, " \n ");
    await drain();
    expect(api.calls).toEqual([]);
    expect(await rowOf(blank.ticket.id)).toMatchObject({
      status: "failed",
      lastError: expect.stringContaining(`no text to post in ${NEWS}`),
    });
  });
});
