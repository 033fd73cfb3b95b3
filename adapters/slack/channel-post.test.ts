// A workflow's post in a configured Slack channel ("chat.post" rows), delivered by the Slack target.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../core/log.js";
import { OutboxDispatcher } from "../../core/outbox/dispatcher.js";
import { enqueue } from "../../core/outbox/enqueue.js";
import { deleteTicket } from "../../core/tickets/delete-ticket.js";
import { ingestInbound } from "../../core/tickets/ingest-inbound.js";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { slackClient } from "./api.js";
import { limits } from "./escape.js";
import { slackDeliveryTarget } from "./target.js";
import { fakeSlackApi, type FakeSlackApi } from "./testing/slack-api.js";

let t: TestCore;
let api: FakeSlackApi;
let dispatcher: OutboxDispatcher;
const NEWS = "CNEWS";

beforeAll(async () => {
  t = await testCore();
  const target = slackDeliveryTarget({ deps: t.deps, client: slackClient("xoxb-test"), triageChannels: [{ channel: "CTRIAGE" }] });
  dispatcher = new OutboxDispatcher({ deps: t.deps, targets: { slack: target }, log: silentLogger, backoffBaseMs: 1 });
});
afterAll(() => t.close());
beforeEach(() => {
  api = fakeSlackApi();
});
afterEach(() => api.done());

async function drain() {
  for (let i = 0; i < 5; i++) await dispatcher.runOnce();
}

/** A ticket whose card is up in the triage channel, and its card link. */
async function carded(subject: string, extra: Partial<Parameters<typeof ingestInbound>[1]> = {}) {
  const { ticket } = await ingestInbound(t.deps, {
    channel: "email",
    from: { email: "carol@customer.test" },
    subject,
    text: "hi",
    ...extra,
  });
  await drain();
  const link = await t.prisma.chatLink.findFirst({ where: { ticketId: ticket.id, surface: "slack", role: "card" } });
  api.calls.length = 0;
  return { ticket, link };
}

/** Writes a "chat.post" row as a workflow does. */
const postRow = (ticketId: number, text: string, channelId = NEWS) =>
  t.deps.db
    .transaction()
    .execute((tx) => enqueue(tx, t.deps.now(), { target: "slack", topic: "chat.post", payload: { ticketId, channelId, text } }));

const rowOf = (ticketId: number) => t.prisma.outbox.findFirstOrThrow({ where: { ticketId, topic: "chat.post" } });
const postsIn = (channel: string) => api.of("chat.postMessage").filter((c) => c.body.channel === channel);
type Block = { type: string; text?: { text: string }; elements?: { text: string }[] };
const blocksOf = (body: Record<string, unknown>) => body.blocks as Block[];
const permalinkOf = (channel: string, ts: string) => `https://helpdesk-test.slack.com/archives/${channel}/p${ts.replace(".", "")}`;

describe("Slack chat.post", () => {
  it("posts the text in the named channel, pinging nobody, with unfurls off and a link to the ticket's card", async () => {
    const { ticket, link } = await carded("Printer on fire");
    await postRow(
      ticket.id,
      `New ticket #${ticket.id} from carol@customer.test: Printer <!here> on fire, @channel & <@U999> <https://x.test|look>`,
    );
    await drain();

    expect(api.of("chat.getPermalink").map((c) => c.body)).toEqual([{ channel: "CTRIAGE", message_ts: link!.messageId }]);
    const posts = postsIn(NEWS);
    expect(posts).toHaveLength(1);
    const body = posts[0]!.body;
    expect(body.thread_ts).toBeUndefined();
    expect([body.unfurl_links, body.unfurl_media, body.link_names].map(String)).toEqual(["false", "false", "false"]);
    const said = `New ticket #${ticket.id} from carol@customer.test: Printer &lt;!here&gt; on fire, @\u2060channel &amp; &lt;@\u2060U999&gt; &lt;https://x.test|look&gt;`;
    expect(body.text).toBe(said);
    expect(blocksOf(body)).toEqual([
      { type: "section", text: { type: "mrkdwn", text: said } },
      { type: "context", elements: [{ type: "mrkdwn", text: `:ticket: <${permalinkOf("CTRIAGE", link!.messageId!)}|#${ticket.id}>` }] },
    ]);
    expect(JSON.stringify(body)).not.toMatch(/<!here>|<@U999>|<https:\/\/x\.test|@channel/);
    expect((await rowOf(ticket.id)).status).toBe("done");
  });

  it("still posts for a deleted ticket; without a card (none on Slack, or deleted in Slack) it posts no link", async () => {
    const deleted = await carded("deleted");
    await deleteTicket(t.deps, { ticketId: deleted.ticket.id }, as.ada);
    await drain();
    api.calls.length = 0;
    await postRow(deleted.ticket.id, "Deleted, but the workflow ran first");
    await drain();
    expect(postsIn(NEWS)).toHaveLength(1);
    expect(JSON.stringify(postsIn(NEWS)[0]!.body.blocks)).toContain(permalinkOf("CTRIAGE", deleted.link!.messageId!));

    // An auto-reply is filed apart and gets no card; the card of another was deleted in Slack.
    const apart = await carded("Out of office", { autoSubmitted: true, autoKind: "auto_reply" });
    expect(apart.link).toBeNull();
    const gone = await carded("card gone");
    api.next("chat.getPermalink", [200, { ok: false, error: "message_not_found" }]);
    await postRow(apart.ticket.id, "Filed apart");
    await postRow(gone.ticket.id, "Card gone");
    await drain();
    expect(postsIn(NEWS).map((p) => blocksOf(p.body).map((b) => b.type))).toEqual([["section"], ["section"]]);
    expect(api.of("chat.getPermalink")).toHaveLength(1);
    for (const id of [deleted.ticket.id, apart.ticket.id, gone.ticket.id]) expect((await rowOf(id)).status).toBe("done");
  });

  it("cuts a long text within Slack's limits, never splitting an escaped character", async () => {
    const { ticket } = await carded("long");
    // Escaped, "&" becomes "&amp;": five times as long.
    await postRow(ticket.id, `Summary: ${"R&D ".repeat(2000)}end`);
    await drain();
    const body = postsIn(NEWS)[0]!.body;
    const section = blocksOf(body)[0]!.text!.text;
    expect(section.length).toBeLessThanOrEqual(limits.sectionText);
    expect(section).toMatch(/^Summary: R&amp;D /);
    expect(section).toMatch(/(&amp;|R|D| )…$/);
    expect(String(body.text).length).toBeLessThanOrEqual(limits.messageText);
    expect(String(body.text)).toMatch(/(&amp;|R|D| )…$/);
    expect(blocksOf(body)[1]!.type).toBe("context");
  });

  it("honours a 429's Retry-After and retries an outage, posting once; a channel closed to the bot fails at once", async () => {
    const rl = await carded("rate limited");
    api.next("chat.postMessage", [429, { ok: false, error: "ratelimited" }, { "retry-after": "30" }], { channel: NEWS });
    await postRow(rl.ticket.id, "Rate limited");
    await dispatcher.runOnce();
    const delayed = await rowOf(rl.ticket.id);
    expect(delayed).toMatchObject({ status: "pending", lastError: expect.stringContaining("rate limited") });
    expect(delayed.nextAttemptAt.getTime() - t.deps.now().getTime()).toBeGreaterThanOrEqual(30_000);
    t.advance(31_000);
    await drain();
    // The refused attempt and the one that went through.
    expect(postsIn(NEWS)).toHaveLength(2);
    expect((await rowOf(rl.ticket.id)).status).toBe("done");

    // Slack down while looking up the card's link: nothing posted, and the row is tried again.
    const down = await carded("slack down");
    api.next("chat.getPermalink", [500, { ok: false, error: "internal_error" }]);
    await postRow(down.ticket.id, "Slack down");
    await dispatcher.runOnce();
    expect(postsIn(NEWS)).toHaveLength(0);
    expect(await rowOf(down.ticket.id)).toMatchObject({ status: "pending", lastError: expect.stringContaining("HTTP 500") });
    t.advance(60_000);
    await drain();
    expect(postsIn(NEWS)).toHaveLength(1);
    expect(JSON.stringify(postsIn(NEWS)[0]!.body.blocks)).toContain(permalinkOf("CTRIAGE", down.link!.messageId!));

    const closed = await carded("not in channel");
    api.next("chat.postMessage", [200, { ok: false, error: "not_in_channel" }], { channel: "CPRIVATE" });
    await postRow(closed.ticket.id, "Nobody invited the bot", "CPRIVATE");
    await drain();
    expect(postsIn("CPRIVATE")).toHaveLength(1);
    const failed = await rowOf(closed.ticket.id);
    expect(failed.status).toBe("failed");
    expect(failed.lastError).toContain("not_in_channel");
    expect(failed.lastError).toContain("CPRIVATE");

    // A workflow's text filled from nothing: no post can carry it.
    const blank = await carded("blank");
    await postRow(blank.ticket.id, " \n ");
    await drain();
    expect(postsIn(NEWS)).toHaveLength(0);
    expect(await rowOf(blank.ticket.id)).toMatchObject({
      status: "failed",
      lastError: expect.stringContaining("no text to post in CNEWS"),
    });
  });
});
