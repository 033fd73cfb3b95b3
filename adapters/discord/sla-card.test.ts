// SLA on Discord: the card's line for the ticket's most urgent target (due, overdue, paused) in
// Discord's timestamps, in English and Japanese; an "sla.alert" row as one message in the post's
// thread; and an SLA breach told to the owner by direct message.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildCatalog, HelpdeskConfig } from "../../core/config.js";
import { silentLogger } from "../../core/log.js";
import { OutboxDispatcher } from "../../core/outbox/dispatcher.js";
import { enqueue, notifyAgents, ticketChanged } from "../../core/outbox/enqueue.js";
import { createTicket } from "../../core/tickets/create-ticket.js";
import type { SlaDue, TicketView } from "../../core/tickets/view.js";
import { as, testConfigInput, testCore, type TestCore } from "../../test/harness.js";
import { ticketView } from "../../test/ticket-view.js";
import { cardEmbed } from "./card.js";
import { discordRest } from "./rest.js";
import { discordDeliveryTarget } from "./target.js";
import { fakeDiscordApi, testRest, type FakeDiscordApi } from "./testing/discord-api.js";
import { FORUM } from "./testing/payloads.js";

const due = new Date("2026-01-05T10:00:00Z");
const unix = due.getTime() / 1000;
const en = buildCatalog(HelpdeskConfig.parse(testConfigInput));
const ja = buildCatalog(HelpdeskConfig.parse(testConfigInput), { locale: "ja", timeZone: "Asia/Tokyo" });

/** The card's SLA line (its embed's description), or undefined when it shows none. */
const card = (sla: SlaDue | null | undefined, over: Partial<TicketView> = {}, catalog = en) =>
  cardEmbed(ticketView({ sla, ...over }), catalog).description;

describe("the Discord card's SLA line", () => {
  it("says when the most urgent target falls due, in each viewer's own time zone and relative, in English and Japanese", () => {
    const sla: SlaDue = { metric: "first_response", dueAt: due, breachedAt: null, paused: false };
    expect(card(sla)).toBe(`⏳ First response due <t:${unix}:f> (<t:${unix}:R>)`);
    expect(card(sla, {}, ja)).toBe(`⏳ 初回応答の期限: <t:${unix}:f>（<t:${unix}:R>）`);
  });

  it("shows a breached target in red, since when it is overdue", () => {
    const sla: SlaDue = { metric: "resolution", dueAt: due, breachedAt: new Date("2026-01-05T10:00:03Z"), paused: false };
    expect(card(sla)).toBe(`🔴 Resolution overdue since <t:${unix}:f> (<t:${unix}:R>)`);
    expect(card(sla, {}, ja)).toBe(`🔴 解決の期限超過: <t:${unix}:f>（<t:${unix}:R>）`);
  });

  it("says a paused target is paused, and still overdue when it was breached before the pause", () => {
    expect(card({ metric: "next_response", dueAt: null, breachedAt: null, paused: true })).toBe("⏸️ Next response paused");
    expect(card({ metric: "next_response", dueAt: null, breachedAt: null, paused: true }, {}, ja)).toBe("⏸️ 次回応答の期限: 一時停止中");
    expect(card({ metric: "first_response", dueAt: null, breachedAt: due, paused: true })).toBe(
      `🔴 First response paused, overdue since <t:${unix}:f> (<t:${unix}:R>)`,
    );
  });

  it("shows no line without a target; a deleted ticket's card says it was deleted instead", () => {
    expect(card(null)).toBeUndefined();
    expect(card(undefined)).toBeUndefined();
    const sla: SlaDue = { metric: "resolution", dueAt: due, breachedAt: null, paused: false };
    expect(card(sla)).toContain("Resolution due");
    expect(card(sla, { deletedAt: due })).toMatch(/^🗑️ Deleted/);
    expect(card(sla, { mergedIntoId: 7 })).toBe("🔀 Merged into #7.");
  });
});

describe("SLA rows on Discord", () => {
  let t: TestCore;
  let api: FakeDiscordApi;
  async function drain(catalog = t.deps.catalog) {
    const target = discordDeliveryTarget({ deps: { ...t.deps, catalog }, rest: discordRest("t", testRest), forums: [{ channel: FORUM }] });
    const d = new OutboxDispatcher({ deps: t.deps, targets: { discord: target }, log: silentLogger, backoffBaseMs: 1 });
    for (let i = 0; i < 4; i++) await d.runOnce();
  }
  /** A ticket with its forum post up; the post's thread (also its card message's id). */
  async function posted(subject: string) {
    const ticket = await createTicket(t.deps, { subject, requester: { email: "c@customer.test" }, ownerId: "bob" }, as.ada);
    await drain();
    const link = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: ticket.id, surface: "discord", role: "card" } });
    api.calls.length = 0;
    return { id: ticket.id, thread: link.threadId!, message: link.messageId! };
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
  afterAll(async () => {
    api.done();
    await t.close();
  });
  beforeEach(() => {
    api?.done();
    api = fakeDiscordApi({ forums: [FORUM] });
  });

  it("posts the alert once in the post's thread, redraws the card overdue, and tells the owner", async () => {
    const { id, thread, message } = await posted("breached");
    await breach(id);
    await drain();

    const said = api.of("POST", `/channels/${thread}/messages`);
    expect(said.map((c) => c.body.content)).toEqual(["⚙️ **System**\n🚨 SLA breached: first response was due Jan 5, 2026, 10:00 AM"]);

    const edits = api.of("PATCH", `/channels/${thread}/messages/${message}`);
    expect(edits).toHaveLength(1);
    const embed = (edits[0]!.body.embeds as { description?: string }[])[0]!;
    expect(embed.description).toBe(`🔴 First response overdue since <t:${unix}:f> (<t:${unix}:R>)`);

    const dm = api.of("POST", "/users/@me/channels");
    expect(dm.map((c) => c.body.recipient_id)).toEqual(["100000000000000001"]);
    const dmText = api
      .of("POST", /^\/channels\/\d+\/messages$/)
      .map((c) => String(c.body.content))
      .filter((c) => c.startsWith("An SLA target"));
    expect(dmText).toEqual([`An SLA target was breached on **#${id}** breached`]);
    expect(await t.prisma.outbox.count({ where: { ticketId: id, status: { not: "done" } } })).toBe(0);
  });

  it("says the alert in the help desk's language and time zone", async () => {
    const { id, thread } = await posted("japanese");
    await breach(id);
    await drain(ja);
    const said = api.of("POST", `/channels/${thread}/messages`);
    expect(said.map((c) => c.body.content)).toEqual(["⚙️ **システム**\n🚨 SLA 違反: 初回応答の期限（2026/01/05 19:00）を過ぎました"]);
  });
});
