// Customers in a Slack channel, driven by Events API payloads in their documented shapes through
// the real Bolt app and receiver, the Web API answered by nock: what a customer writes opens one
// ticket, agents' replies come back to their thread, notes and the card never do, and what they
// see of the ticket follows its status.
import { describe, expect, it } from "vitest";
import { changeStatus, commentOnTicket, connectCustomerChannel, createTicket, replyToTicket } from "../../core/index.js";
import { as, type TestCore } from "../../test/harness.js";
import { SlackConfig } from "./config.js";
import { slackTestApp, type SlackTestApp } from "./testing/app.js";
import { channelCommand, memberOf, useCustomerChannelApp } from "./testing/customers.js";
import { eventCallback, teamId } from "./testing/requests.js";
import type { FakeSlackApi } from "./testing/slack-api.js";

let t: TestCore;
let s: SlackTestApp;
let api: FakeSlackApi;

useCustomerChannelApp((app) => ({ t, s, api } = app), { ticketReaction: "ticket" });

const o = () => ({ nowMs: s.nowMs() });
let seq = 0;
const nextTs = () => `1767601${String(++seq).padStart(3, "0")}.000100`;

/** @see https://api.slack.com/events/message */
const message = (user: string, text: string, extra: Record<string, unknown> = {}) => ({
  type: "message",
  channel: "CCUST",
  channel_type: "channel",
  user,
  text,
  ts: nextTs(),
  team: teamId,
  ...extra,
});

const originOf = (ts: string) => t.prisma.chatLink.findFirst({ where: { role: "origin", channelId: "CCUST", messageId: ts } });

/** A customer's top-level message, sent as an event; the ticket it opened. */
async function customerWrites(user = "U0CAROL", text = "Our invoices page is blank", extra: Record<string, unknown> = {}, email = true) {
  const profile = { real_name: "Carol", ...(email ? { email: `${user.toLowerCase()}@globex.test` } : {}) };
  api.next("users.info", [200, { ok: true, user: { id: user, team_id: extra.user_team ?? teamId, profile } }]);
  const e = message(user, text, extra);
  await s.send(eventCallback(`Ev${e.ts}`, e, o()));
  return { e, link: await originOf(e.ts) };
}

describe("a customer channel", () => {
  it("makes one ticket of a customer's message, however often the event comes", async () => {
    const { e, link } = await customerWrites();
    expect(link).not.toBeNull();
    await s.send(eventCallback(`Ev${e.ts}`, e, { ...o(), headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } }));
    await s.send(eventCallback(`EvOther${e.ts}`, e, o()));
    expect(await t.prisma.chatLink.count({ where: { role: "origin", messageId: e.ts } })).toBe(1);
    const ticket = await t.prisma.ticket.findUniqueOrThrow({
      where: { id: link!.ticketId },
      include: { contact: true, company: true, messages: true },
    });
    expect(ticket).toMatchObject({ source: "slack", subject: "Our invoices page is blank" });
    expect(ticket.contact).toMatchObject({ name: "Carol", email: "u0carol@globex.test" });
    expect(ticket.company).toMatchObject({ domain: "globex.test" });
    expect(ticket.messages).toEqual([expect.objectContaining({ kind: "INBOUND", authorContactId: ticket.contactId })]);
    await s.dispatcher.runOnce();
  });

  it("posts the card in the triage channel only, and shows the customer a reaction and one acknowledgement", async () => {
    const { e, link } = await customerWrites("U0DAN", "Can we get SSO?");
    await s.dispatcher.runOnce();
    const posts = api.of("chat.postMessage");
    expect(posts.filter((c) => c.body.channel === "CTRIAGE" && !c.body.thread_ts)).toHaveLength(1);
    const here = posts.filter((c) => c.body.channel === "CCUST");
    expect(here).toEqual([expect.objectContaining({ body: expect.objectContaining({ thread_ts: e.ts }) })]);
    expect(String(here[0]!.body.text)).toContain(`#${link!.ticketId}`);
    expect(here[0]!.body.blocks).toBeUndefined();
    expect(api.of("reactions.add").map((c) => c.body)).toEqual([
      expect.objectContaining({ channel: "CCUST", timestamp: e.ts, name: "eyes" }),
    ]);
    // A later change of the ticket does not acknowledge again.
    await changeStatus(t.deps, { ticketId: link!.ticketId, statusId: "in_progress" }, as.bob);
    api.calls.length = 0;
    await s.dispatcher.runOnce();
    expect(api.of("reactions.add").map((c) => c.body.name)).toEqual(["eyes"]);
    expect(api.of("chat.postMessage").filter((c) => c.body.channel === "CCUST")).toHaveLength(0);
  });

  it("acknowledges a Japanese customer in Japanese", async () => {
    const { link } = await customerWrites("U0KEN", "請求書のページが表示されません");
    await s.dispatcher.runOnce();
    const ack = api.of("chat.postMessage").find((c) => c.body.channel === "CCUST");
    expect(String(ack?.body.text)).toContain(`チケット #${link!.ticketId}`);
  });

  it("takes the customer's thread reply into the ticket, and sends agents' replies (never notes) to their thread", async () => {
    const { e, link } = await customerWrites("U0ERIN", "Login fails");
    const id = link!.ticketId;
    await s.dispatcher.runOnce();
    const reply = message("U0ERIN", "It says error 500", { thread_ts: e.ts });
    await s.send(eventCallback(`Ev${reply.ts}`, reply, o()));
    expect(await t.prisma.message.count({ where: { ticketId: id, kind: "INBOUND" } })).toBe(2);
    api.calls.length = 0;
    await commentOnTicket(t.deps, { ticketId: id, text: "internal: looks like the auth outage" }, as.bob);
    await replyToTicket(t.deps, { ticketId: id, text: "We fixed it, please try again" }, as.bob);
    await s.dispatcher.runOnce();
    const here = api.of("chat.postMessage").filter((c) => c.body.channel === "CCUST");
    expect(here.map((c) => c.body.text)).toEqual(["We fixed it, please try again"]);
    expect(here[0]!.body.thread_ts).toBe(e.ts);
  });

  it("keeps two accounts with one address apart (a contact has one account per surface)", async () => {
    const first = await customerWrites("U0SAM", "First");
    api.next("users.info", [200, { ok: true, user: { id: "U0SAL", team_id: teamId, profile: { email: "u0sam@globex.test" } } }]);
    const e = message("U0SAL", "Second");
    await s.send(eventCallback(`Ev${e.ts}`, e, o()));
    const second = await originOf(e.ts);
    const [a, b] = await Promise.all([first.link, second].map((l) => t.prisma.ticket.findUniqueOrThrow({ where: { id: l!.ticketId } })));
    expect(a!.contactId).not.toBe(b!.contactId);
    await s.dispatcher.runOnce();
  });

  it("opens no ticket for an agent's message", async () => {
    const e = message("U0BOB", "Hi all, we are looking into it");
    await s.send(eventCallback(`Ev${e.ts}`, e, o()));
    expect(await originOf(e.ts)).toBeNull();
  });

  it("treats a Slack Connect user as a customer of their organisation's company, whatever their id", async () => {
    api.next("team.info", [200, { ok: true, team: { id: "T0ACME", name: "Acme Corp", domain: "acme", email_domain: "acme.io" } }]);
    // Even an id an agent has at home is a customer when it writes from another workspace.
    const { link } = await customerWrites("U0BOB", "Export is broken", { user_team: "T0ACME", source_team: "T0ACME" }, false);
    expect(link).not.toBeNull();
    const ticket = await t.prisma.ticket.findUniqueOrThrow({ where: { id: link!.ticketId }, include: { company: true } });
    expect(ticket.company).toMatchObject({ domain: "acme.io", name: "Acme Corp" });
    expect(api.of("team.info")[0]?.body).toMatchObject({ team: "T0ACME" });
  });

  it("moves the reaction with the status", async () => {
    const { e, link } = await customerWrites("U0FAY", "Refund please");
    await s.dispatcher.runOnce();
    api.calls.length = 0;
    await changeStatus(t.deps, { ticketId: link!.ticketId, statusId: "closed" }, as.ada);
    await s.dispatcher.runOnce();
    expect(api.of("reactions.add").map((c) => c.body)).toEqual([expect.objectContaining({ timestamp: e.ts, name: "white_check_mark" })]);
    expect(api.of("reactions.remove").map((c) => c.body)).toEqual([expect.objectContaining({ timestamp: e.ts, name: "eyes" })]);
  });
});

describe("the ticket reaction", () => {
  /** @see https://api.slack.com/events/reaction_added */
  const reaction = (user: string, ts: string, name = "ticket") => ({
    type: "reaction_added",
    user,
    reaction: name,
    item_user: "U0GIL",
    item: { type: "message", channel: "CCUST", ts },
    event_ts: nextTs(),
  });

  it("turns a message into a ticket when an agent reacts, and only then", async () => {
    const ts = nextTs();
    // Slack's answer for a message by an agent is not a request; Gil writes in a thread Bob answers.
    const history = {
      ok: true,
      messages: [{ type: "message", user: "U0GIL", text: "Also the CSV export", ts, thread_ts: "1767600999.000100" }],
    };
    await s.send(eventCallback("EvR1", reaction("U0GIL", ts), o()));
    await s.send(eventCallback("EvR2", reaction("U0BOB", ts, "eyes"), o()));
    expect(await originOf(ts)).toBeNull();
    api.next("conversations.history", [200, { ok: true, messages: [] }]);
    api.next("conversations.replies", [200, history]);
    memberOf(api, "U0BOB");
    await s.send(eventCallback("EvR3", reaction("U0BOB", ts), o()));
    const link = await originOf(ts);
    expect(link).toMatchObject({ threadId: "1767600999.000100" });
    expect(api.of("chat.postEphemeral")[0]?.body).toMatchObject({ channel: "CCUST", user: "U0BOB" });
  });

  it("never turns an agent's own message into a customer's ticket", async () => {
    const ts = nextTs();
    api.next("conversations.history", [200, { ok: true, messages: [{ type: "message", user: "U0BOB", text: "We are on it", ts }] }]);
    memberOf(api, "U0BOB");
    await s.send(eventCallback("EvR4", reaction("U0BOB", ts), o()));
    expect(await originOf(ts)).toBeNull();
    expect(String(api.of("chat.postEphemeral").at(-1)?.body.text)).toContain("an agent's");
  });
});

describe("/ticket connect", () => {
  it("is for admins, never in a triage channel, and makes a channel a customer channel", async () => {
    memberOf(api, "U0BOB");
    await s.send(channelCommand(s, "U0BOB", "CNEW", "connect initech.test"));
    expect(String(api.responses.at(-1)?.body.text)).toContain("Only admins");
    memberOf(api, "U0ADA");
    await s.send(channelCommand(s, "U0ADA", "CTRIAGE", "connect"));
    expect(String(api.responses.at(-1)?.body.text)).toContain("triage channel");
    expect(await t.prisma.customerChannel.count()).toBe(0);
    memberOf(api, "U0ADA");
    await s.send(channelCommand(s, "U0ADA", "CNEW", "connect initech.test"));
    expect(await t.prisma.customerChannel.findMany()).toEqual([
      expect.objectContaining({ surface: "slack", channelId: "CNEW", company: "initech.test", connectedBy: "ada" }),
    ]);
    api.next("users.info", [200, { ok: true, user: { id: "U0HAL", team_id: teamId, profile: { real_name: "Hal" } } }]);
    const e = message("U0HAL", "Printer on fire", { channel: "CNEW" });
    await s.send(eventCallback(`Ev${e.ts}`, e, o()));
    const link = await t.prisma.chatLink.findFirstOrThrow({ where: { role: "origin", channelId: "CNEW" } });
    const ticket = await t.prisma.ticket.findUniqueOrThrow({ where: { id: link.ticketId }, include: { company: true } });
    expect(ticket.company).toMatchObject({ domain: "initech.test" });
    memberOf(api, "U0ADA");
    await s.send(channelCommand(s, "U0ADA", "CNEW", "disconnect"));
    expect(await t.prisma.customerChannel.count()).toBe(0);
    // Other subcommands still reach the router.
    await s.send(channelCommand(s, "U0ADA", "CNEW", "help"));
    expect(api.responses.at(-1)?.body.text ?? api.responses.at(-1)?.body.blocks).toBeDefined();
  });
});

describe("a connected customer channel later made a triage channel", () => {
  it("never gets a card", async () => {
    await s.dispatcher.runOnce();
    await connectCustomerChannel(t.deps, { surface: "slack", channelId: "CLATER" }, as.ada);
    const mixedUp = slackTestApp(t, { triageChannels: [{ channel: "CLATER" }] });
    const ticket = await createTicket(t.deps, { subject: "Internal only", requester: { email: "ivy@globex.test" } }, as.ada);
    await mixedUp.dispatcher.runOnce();
    expect(api.of("chat.postMessage").filter((c) => c.body.channel === "CLATER")).toHaveLength(0);
    expect(await t.prisma.chatLink.count({ where: { ticketId: ticket.id, role: "card" } })).toBe(0);
  });
});

describe("slack.customerChannels", () => {
  it("refuses a channel that is a triage channel too, or listed twice", () => {
    const parsed = SlackConfig.safeParse({
      slack: {
        triageChannels: [{ channel: "CTRIAGE" }],
        customerChannels: [{ channel: "CTRIAGE" }, { channel: "CA1" }, { channel: "CA1" }],
      },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual([
      "slack.customerChannels.0.channel",
      "slack.customerChannels.2.channel",
    ]);
    const ok = SlackConfig.parse({
      slack: { triageChannels: [{ channel: "CTRIAGE" }], customerChannels: [{ channel: "CA1" }], ticketReaction: ":raising_hand:" },
    });
    expect(ok.slack.ticketReaction).toBe("raising_hand");
  });
});
