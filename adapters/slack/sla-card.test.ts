// SLA on Slack: the card's line for the ticket's most urgent target (due, overdue, paused) in
// Slack's date tokens, in English and Japanese; an "sla.alert" row as one post in the card's
// thread; and an SLA breach told to the owner by direct message.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildCatalog, HelpdeskConfig } from "../../core/config.js";
import { silentLogger } from "../../core/log.js";
import { OutboxDispatcher } from "../../core/outbox/dispatcher.js";
import { enqueue, notifyAgents, ticketChanged } from "../../core/outbox/enqueue.js";
import { createTicket } from "../../core/tickets/create-ticket.js";
import type { SlaDue, TicketView } from "../../core/tickets/view.js";
import { as, testConfigInput, testCore, type TestCore } from "../../test/harness.js";
import { ticketView } from "../../test/ticket-view.js";
import { slackClient } from "./api.js";
import { cardBlocks } from "./card.js";
import { slackDeliveryTarget } from "./target.js";
import { fakeSlackApi, type FakeSlackApi } from "./testing/slack-api.js";

const due = new Date("2026-01-05T10:00:00Z");
const unix = due.getTime() / 1000;
const date = `<!date^${unix}^{date_short_pretty} {time}|2026-01-05 10:00 UTC>`;
const ago = `<!date^${unix}^{ago}|2026-01-05 10:00 UTC>`;
const en = buildCatalog(HelpdeskConfig.parse(testConfigInput));
const ja = buildCatalog(HelpdeskConfig.parse(testConfigInput), { locale: "ja", timeZone: "Asia/Tokyo" });

type Block = { type: string; block_id?: string; elements?: { type: string; text?: string }[] };
/** The card's SLA line, or undefined when it shows none. */
const line = (blocks: unknown) => (blocks as Block[]).find((b) => b.block_id === "card.sla")?.elements?.[0]?.text;
const card = (sla: SlaDue | null | undefined, over: Partial<TicketView> = {}, catalog = en) =>
  line(cardBlocks(ticketView({ sla, ...over }), catalog));

describe("the Slack card's SLA line", () => {
  it("says when the most urgent target falls due, in each viewer's own time zone and relative, in English and Japanese", () => {
    const sla: SlaDue = { metric: "first_response", dueAt: due, breachedAt: null, paused: false };
    expect(card(sla)).toBe(`:hourglass_flowing_sand: First response due ${date} (${ago})`);
    expect(card(sla, {}, ja)).toBe(`:hourglass_flowing_sand: 初回応答の期限: ${date}（${ago}）`);
    // Between the fields and the buttons.
    const blocks = cardBlocks(ticketView({ sla }), en) as Block[];
    expect(blocks.map((b) => b.block_id ?? b.type)).toEqual(["card.title", "card.fields", "card.sla", "card.actions.1", "context"]);
  });

  it("shows a breached target in red, since when it is overdue", () => {
    const sla: SlaDue = { metric: "resolution", dueAt: due, breachedAt: new Date("2026-01-05T10:00:03Z"), paused: false };
    expect(card(sla)).toBe(`:red_circle: Resolution overdue since ${date} (${ago})`);
    expect(card(sla, {}, ja)).toBe(`:red_circle: 解決の期限超過: ${date}（${ago}）`);
  });

  it("says a paused target is paused, and still overdue when it was breached before the pause", () => {
    expect(card({ metric: "next_response", dueAt: null, breachedAt: null, paused: true })).toBe(
      ":double_vertical_bar: Next response paused",
    );
    expect(card({ metric: "next_response", dueAt: null, breachedAt: null, paused: true }, {}, ja)).toBe(
      ":double_vertical_bar: 次回応答の期限: 一時停止中",
    );
    expect(card({ metric: "first_response", dueAt: null, breachedAt: due, paused: true })).toBe(
      `:red_circle: First response paused, overdue since ${date} (${ago})`,
    );
  });

  it("shows no line without a target, nor on a deleted ticket's card", () => {
    expect(card(null)).toBeUndefined();
    expect(card(undefined)).toBeUndefined();
    const sla: SlaDue = { metric: "resolution", dueAt: due, breachedAt: null, paused: false };
    expect(card(sla)).toContain("Resolution due");
    expect(card(sla, { deletedAt: due })).toBeUndefined();
    expect(card(sla, { mergedIntoId: 7 })).toBeUndefined();
  });
});

describe("SLA rows on Slack", () => {
  let t: TestCore;
  let api: FakeSlackApi;
  const target = (catalog = t.deps.catalog) =>
    slackDeliveryTarget({ deps: { ...t.deps, catalog }, client: slackClient("xoxb-test"), triageChannels: [{ channel: "CTRIAGE" }] });
  async function drain(catalog = t.deps.catalog) {
    const d = new OutboxDispatcher({ deps: t.deps, targets: { slack: target(catalog) }, log: silentLogger, backoffBaseMs: 1 });
    for (let i = 0; i < 4; i++) await d.runOnce();
  }
  /** A ticket with its card up in CTRIAGE; the card's ts. */
  async function posted(subject: string) {
    const ticket = await createTicket(t.deps, { subject, requester: { email: "c@customer.test" }, ownerId: "bob" }, as.ada);
    await drain();
    const link = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: ticket.id, surface: "slack", role: "card" } });
    api.calls.length = 0;
    return { id: ticket.id, ts: link.messageId! };
  }
  /** What the SLA clocks write when the first response is breached (core/sla): the clock, and the rows. */
  async function breach(ticketId: number) {
    await t.prisma.slaClock.create({
      data: {
        ticketId,
        metric: "first_response",
        policy: "standard",
        startedAt: new Date("2026-01-05T09:00:00Z"),
        targetSec: 3600,
        warnSec: 2700,
        usedSec: 0,
        runningSince: new Date("2026-01-05T09:00:00Z"),
        dueAt: due,
        breachedAt: due,
        state: "running",
      },
    });
    await t.deps.db.transaction().execute((tx) =>
      enqueue(
        tx,
        t.deps.now(),
        ticketChanged(ticketId, "sla.breach"),
        {
          target: "chat",
          topic: "sla.alert",
          payload: { ticketId, metric: "first_response", kind: "breach", dueAt: due.toISOString(), at: due.toISOString() },
        },
        ...notifyAgents(ticketId, ["bob"], "sla_breach"),
      ),
    );
  }

  beforeAll(async () => {
    t = await testCore();
  });
  afterAll(() => t.close());
  beforeEach(() => {
    api = fakeSlackApi();
  });
  afterEach(() => api.done());

  it("posts the alert once in the card's thread, redraws the card overdue, and tells the owner", async () => {
    const { id, ts } = await posted("breached");
    await breach(id);
    await drain();

    const thread = api.of("chat.postMessage").filter((p) => p.body.thread_ts);
    expect(thread).toHaveLength(1);
    expect(thread[0]!.body).toMatchObject({ channel: "CTRIAGE", thread_ts: ts });
    expect(JSON.stringify(thread[0]!.body.blocks)).toContain("🚨 SLA breached: first response was due Jan 5, 2026, 10:00 AM");
    expect(thread[0]!.body.text).toBe("⚙️ System: 🚨 SLA breached: first response was due Jan 5, 2026, 10:00 AM");

    const update = api.of("chat.update");
    expect(update).toHaveLength(1);
    expect(update[0]!.body).toMatchObject({ channel: "CTRIAGE", ts });
    expect(line(update[0]!.body.blocks)).toBe(`:red_circle: First response overdue since ${date} (${ago})`);

    const dm = api.of("chat.postMessage").filter((p) => p.body.channel === "U0BOB");
    expect(dm).toHaveLength(1);
    expect(dm[0]!.body.text).toBe(`An SLA target was breached on #${id} breached`);
    expect(await t.prisma.outbox.count({ where: { ticketId: id, status: { not: "done" } } })).toBe(0);
  });

  it("says the alert in the help desk's language and time zone", async () => {
    const { id, ts } = await posted("japanese");
    await breach(id);
    await drain(ja);
    const thread = api.of("chat.postMessage").filter((p) => p.body.thread_ts === ts);
    expect(thread.map((p) => p.body.text)).toEqual(["⚙️ システム: 🚨 SLA 違反: 初回応答の期限（2026/01/05 19:00）を過ぎました"]);
  });
});
