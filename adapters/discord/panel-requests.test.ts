// The support panel's form submitted more than once, through the real client: the same interaction
// delivered twice, a double click (two interactions at once) and a second try within the repeat
// window open one ticket, the later ones pointed at it (en/ja); after the window, or once that ticket
// is closed, the customer opens another. And the panel's team and pipeline route its tickets.
import { describe, expect, it } from "vitest";
import { holdChatRequest } from "../../core/index.js";
import type { TestCore } from "../../test/harness.js";
import type { DiscordTestClient } from "./testing/client.js";
import type { FakeDiscordApi } from "./testing/discord-api.js";
import { FORUM, GENERAL, type Who } from "./testing/payloads.js";
import { panelSuite } from "./testing/panel.js";

/** The VIP team's forum: panel tickets belong to that team, so their cards go there. */
const VIP_FORUM = "200000000000000077";
/** A channel whose panel routes its tickets to Tier 1 in the default pipeline instead. */
const TIER1_DESK = "200000000000000078";

let t: TestCore;
let d: DiscordTestClient;
let api: FakeDiscordApi;
const panel = panelSuite((s) => ({ t, d, api } = s), {
  forums: [FORUM, VIP_FORUM],
  settings: { forums: [{ channel: FORUM }, { channel: VIP_FORUM, teamId: "vip" }] },
  panel: { teamId: "vip", pipelineId: "billing", repeatWindowSeconds: 120, channels: [{ channel: TIER1_DESK, teamId: "tier1" }] },
});

let n = 0;
/** A customer of their own for each test, so one test's window never reaches another. */
const customer = (): Who => ({ id: `6000000000000001${String(++n).padStart(2, "0")}`, name: `Customer ${n}` });
const ticketsNamed = (subject: string) => t.prisma.ticket.findMany({ where: { subject }, orderBy: { id: "asc" } });
const threadsStarted = () => api.of("POST", `/channels/${GENERAL}/threads`);

describe("the support panel submitted more than once", () => {
  it("makes one ticket and one thread of the same interaction delivered twice, at once or later", async () => {
    const who = customer();
    panel.knowGeneral();
    const raw = panel.submission(who, "Delivered twice");
    await Promise.all([d.interact(raw), d.interact(raw)]);
    await d.interact(raw);
    expect(await ticketsNamed("Delivered twice")).toHaveLength(1);
    expect(threadsStarted()).toHaveLength(1);
  });

  it("opens one ticket for a double click (two interactions at once), the second given the link once the first has opened it", async () => {
    const who = customer();
    panel.knowGeneral();
    const first = panel.submission(who, "Double click");
    const second = panel.submission(who, "Double click");
    await Promise.all([d.interact(first), d.interact(second)]);
    const tickets = await ticketsNamed("Double click");
    expect(tickets).toHaveLength(1);
    expect(threadsStarted()).toHaveLength(1);
    const answers = [panel.answered(first), panel.answered(second)];
    const thread = panel.threadsNamed("Double click")[0];
    expect(answers.filter((a) => a.includes(`Your ticket #${tickets[0]!.id} is open`))).toHaveLength(1);
    expect(answers.filter((a) => a.includes(`You already have an open ticket, #${tickets[0]!.id}: <#${thread}>`))).toHaveLength(1);
  });

  it("points a second submission within the window at the open ticket's thread, in the customer's language", async () => {
    const who = customer();
    const first = await panel.submit(who, "Second try");
    const [ticket] = await ticketsNamed("Second try");
    t.advance(60_000);
    const again = await panel.submit(who, "Second try, other words");
    expect(panel.answered(again.raw)).toContain(`You already have an open ticket, #${ticket!.id}: <#${first.thread}>`);
    const ja = await panel.submit(who, "二度目", { locale: "ja" });
    expect(panel.answered(ja.raw)).toContain(`すでにチケット #${ticket!.id} が開いています: <#${first.thread}>`);
    expect(threadsStarted()).toHaveLength(1);
    expect(await t.prisma.ticket.count({ where: { contactId: ticket!.contactId } })).toBe(1);

    // Someone else at the same panel is not held up by it.
    const other = await panel.submit(customer(), "Someone else");
    expect(other.thread).not.toBeNull();
    expect(await ticketsNamed("Someone else")).toHaveLength(1);
  });

  it("opens a new ticket once the window has passed, or once the first ticket is closed", async () => {
    const who = customer();
    await panel.submit(who, "First request");
    t.advance(121_000);
    const later = await panel.submit(who, "Later request");
    expect(later.thread).not.toBeNull();
    const [ticket] = await ticketsNamed("Later request");
    expect(ticket).toBeDefined();

    // Closed with its thread's button: the customer's next request is a new ticket at once.
    const first = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: ticket!.id, role: "origin" } });
    await d.interact(panel.closeClick(who, later.thread!, first.messageId!));
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket!.id } })).open).toBe(false);
    const next = await panel.submit(who, "Another matter");
    expect(next.thread).not.toBeNull();
    expect(await ticketsNamed("Another matter")).toHaveLength(1);
  });

  it("lets the customer open a ticket a minute after a submission that never settled its hold (it crashed)", async () => {
    const who = customer();
    // What a submission leaves when its process dies between holding the place and settling it.
    await holdChatRequest(t.deps, { surface: "discord", placeId: GENERAL, userId: who.id }, "699999999999999999", 120_000);
    // A minute on: the window (120 s) still runs, but a hold in flight that long is taken for gone.
    t.advance(60_000);
    const next = await panel.submit(who, "After a crash");
    expect(next.thread).not.toBeNull();
    expect(await ticketsNamed("After a crash")).toHaveLength(1);
  });

  it("settles a submission's hold even when the first try fails, so the next one is pointed at its ticket", async () => {
    const who = customer();
    const deps = d.ctx.deps;
    let failed = 0;
    // The database refuses the hold's first settle (a connection dropped for a moment).
    const db = new Proxy(deps.db, {
      get(target, key) {
        const v = Reflect.get(target, key, target) as unknown;
        if (typeof v !== "function") return v;
        return (...args: unknown[]) => {
          if (key === "updateTable" && args[0] === "ExpiringKey" && failed++ === 0) throw new Error("connection reset");
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    d.ctx.deps = { ...deps, db };
    const first = await panel.submit(who, "Settled on retry").finally(() => (d.ctx.deps = deps));
    expect(failed).toBeGreaterThan(1);
    const [ticket] = await ticketsNamed("Settled on retry");
    const again = await panel.submit(who, "Settled on retry, again");
    expect(panel.answered(again.raw)).toContain(`You already have an open ticket, #${ticket!.id}: <#${first.thread}>`);
  });

  it("keeps the customer's place on the ticket opened when Discord fails to show its confirmation", async () => {
    const who = customer();
    panel.knowGeneral();
    // The interaction's token is gone by the time the ticket is open: the confirmation is refused.
    api.next("PATCH", /^\/webhooks\/[^/]+\/[^/]+\/messages\/(@|%40)original$/, 404, { message: "Unknown Webhook", code: 10015 });
    const first = await panel.submit(who, "Confirmation lost");
    const [ticket] = await ticketsNamed("Confirmation lost");
    expect(ticket).toBeDefined();
    const again = await panel.submit(who, "Confirmation lost, again");
    expect(panel.answered(again.raw)).toContain(`You already have an open ticket, #${ticket!.id}: <#${first.thread}>`);
    expect(await ticketsNamed("Confirmation lost, again")).toHaveLength(0);
  });

  it("frees the customer's place at once when their submission opened nothing", async () => {
    const who = customer();
    panel.knowGeneral();
    api.next("POST", new RegExp(`^/channels/${GENERAL}/threads$`), 403, { message: "Missing Permissions", code: 50013 });
    const refused = await panel.submit(who, "Refused first");
    expect(panel.answered(refused.raw)).toContain("could not open a private thread");
    const retry = await panel.submit(who, "Retried");
    expect(retry.thread).not.toBeNull();
    expect(await ticketsNamed("Retried")).toHaveLength(1);
  });
});

describe("the support panel's routing", () => {
  it("opens its tickets in its pipeline and team, so their cards go to the team's forum", async () => {
    const { thread } = await panel.submit(customer(), "Routed request");
    const [ticket] = await ticketsNamed("Routed request");
    expect(ticket).toMatchObject({ pipelineId: "billing", statusId: "open", teamId: "vip", source: "discord" });
    await d.drain();
    const card = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: ticket!.id, surface: "discord", role: "card" } });
    expect(card.channelId).toBe(VIP_FORUM);
    const posted = api.of("POST", `/channels/${VIP_FORUM}/threads`).filter((c) => JSON.stringify(c.body).includes("Routed request"));
    expect(posted).toHaveLength(1);
    expect(thread).not.toBeNull();
  });

  it("routes a panel in a channel of its own the way that channel's entry says", async () => {
    const { thread } = await panel.submit(customer(), "Tier 1 request", { channel: TIER1_DESK });
    expect(thread).not.toBeNull();
    const [ticket] = await ticketsNamed("Tier 1 request");
    expect(ticket).toMatchObject({ pipelineId: "support", statusId: "new", teamId: "tier1" });
    await d.drain();
    const card = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: ticket!.id, surface: "discord", role: "card" } });
    expect(card.channelId).toBe(FORUM);
  });
});
