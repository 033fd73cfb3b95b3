// Agents in a customer channel, driven by Events API payloads and slash commands in their
// documented shapes, the Web API answered by nock: an agent's reaction in a ticket's thread makes
// no second ticket, a user of another workspace never acts as an agent (whatever their id at
// home), and an agent answering in the customer's thread has replied to the customer.
import { describe, expect, it } from "vitest";
import { Formats, msg, render } from "../../core/index.js";
import type { TestCore } from "../../test/harness.js";
import type { SlackTestApp } from "./testing/app.js";
import { channelCommand, channelMessage, memberOf, reactionAdded, useCustomerChannelApp } from "./testing/customers.js";
import { eventCallback, teamId } from "./testing/requests.js";
import type { FakeSlackApi } from "./testing/slack-api.js";

let t: TestCore;
let s: SlackTestApp;
let api: FakeSlackApi;

useCustomerChannelApp((app) => ({ t, s, api } = app), { ticketReaction: "ticket" });

const o = () => ({ nowMs: s.nowMs() });
const origins = () => t.prisma.chatLink.findMany({ where: { role: "origin", channelId: "CCUST" }, orderBy: { createdAt: "asc" } });

/** A customer's top-level message, sent as an event, and the ticket it opened. */
async function customerWrites(user: string, text: string) {
  memberOf(api, user, teamId, { real_name: user, email: `${user.toLowerCase()}@globex.test` });
  const e = channelMessage("CCUST", user, text);
  await s.send(eventCallback(`Ev${e.ts}`, e, o()));
  const link = await t.prisma.chatLink.findFirstOrThrow({ where: { role: "origin", channelId: "CCUST", messageId: e.ts } });
  return { e, ticketId: link.ticketId };
}

describe("the ticket reaction in a ticket's thread", () => {
  it("makes no second ticket: it puts a message of the thread on the ticket, and tells the agent privately in the thread", async () => {
    const { e, ticketId } = await customerWrites("U0CAROL", "The export times out");
    // A colleague of the requester's answers in the thread, then the requester: both join.
    const colleague = channelMessage("CCUST", "U0FRED", "Same for us on the CSV page", { thread_ts: e.ts });
    const own = channelMessage("CCUST", "U0CAROL", "Still failing", { thread_ts: e.ts });
    for (const m of [colleague, own]) await s.send(eventCallback(`Ev${m.ts}`, m, o()));
    expect(await t.prisma.message.count({ where: { ticketId, kind: "INBOUND" } })).toBe(3);
    // A customer's message whose event never came (Slack gave up on it): only the reaction brings it.
    const missed = channelMessage("CCUST", "U0GWEN", "And the PDF export too", { thread_ts: e.ts });
    const before = (await origins()).length;
    for (const m of [colleague, own, missed]) {
      api.next("conversations.history", [200, { ok: true, messages: [] }]);
      api.next("conversations.replies", [200, { ok: true, messages: [m] }]);
      memberOf(api, "U0BOB");
      if (m === missed) memberOf(api, "U0GWEN", teamId, { real_name: "Gwen", email: "gwen@globex.test" });
      await s.send(eventCallback(`EvReact${m.ts}`, reactionAdded("U0BOB", "CCUST", m.ts), o()));
    }
    expect(await origins()).toHaveLength(before);
    const told = api.of("chat.postEphemeral");
    expect(told.map((c) => c.body)).toEqual(
      [1, 2, 3].map(() => expect.objectContaining({ channel: "CCUST", user: "U0BOB", thread_ts: e.ts })),
    );
    expect(told.map((c) => String(c.body.text))).toEqual([
      expect.stringContaining(`That message is on ticket #${ticketId} already`),
      expect.stringContaining(`That message is on ticket #${ticketId} already`),
      expect.stringContaining(`Added that message to ticket #${ticketId}`),
    ]);
    const gwen = await t.prisma.message.findFirstOrThrow({ where: { ticketId, text: "And the PDF export too" } });
    expect(gwen).toMatchObject({ kind: "INBOUND" });
    const contacts = await t.prisma.ticketContact.findMany({ where: { ticketId }, include: { contact: true } });
    expect(contacts.map((c) => [c.role, c.contact.email ?? c.contact.name]).sort()).toEqual([
      ["cc", null],
      ["cc", "gwen@globex.test"],
      ["requester", "u0carol@globex.test"],
    ]);
    await s.dispatcher.runOnce();
  });

  it("says so in Japanese too", () => {
    expect(render(msg("customers.threadIsTicket", { id: 7 }), new Formats("ja"))).toContain("すでにチケット #7");
  });
});

describe("a user of another workspace", () => {
  it("never makes a ticket by reaction, even with an agent's id at home", async () => {
    const ts = channelMessage("CCUST", "U0GIL", "x").ts;
    // Slack says U0BOB is of Acme's workspace here: a Slack Connect guest, not our Bob.
    memberOf(api, "U0BOB", "T0ACME");
    await s.send(eventCallback("EvGuestReaction", reactionAdded("U0BOB", "CCUST", ts), o()));
    // The payload says another workspace while Slack says ours: not taken for an agent either.
    memberOf(api, "U0BOB");
    await s.send(eventCallback("EvGuestReaction2", reactionAdded("U0BOB", "CCUST", ts, { user_team: "T0ACME" }), o()));
    expect(api.of("conversations.history")).toHaveLength(0);
    expect(api.of("chat.postEphemeral")).toHaveLength(0);
    expect((await origins()).filter((l) => l.messageId === ts)).toHaveLength(0);
  });

  it("cannot connect or disconnect a channel, even with an admin's id at home", async () => {
    // A command from another workspace.
    memberOf(api, "U0ADA", "T0ACME");
    await s.send(channelCommand(s, "U0ADA", "CSHARED", "connect acme.test", "T0ACME"));
    // A command through ours by a user Slack says is of another workspace.
    memberOf(api, "U0ADA", "T0ACME");
    await s.send(channelCommand(s, "U0ADA", "CSHARED", "connect acme.test"));
    expect(api.responses.map((r) => String(r.body.text))).toEqual([
      expect.stringContaining("Only help desk agents"),
      expect.stringContaining("Only help desk agents"),
    ]);
    expect(await t.prisma.customerChannel.count()).toBe(0);
    // Our admin, as Slack tells, connects it.
    memberOf(api, "U0ADA");
    await s.send(channelCommand(s, "U0ADA", "CSHARED", "connect acme.test"));
    expect(await t.prisma.customerChannel.count()).toBe(1);
    memberOf(api, "U0ADA", "T0ACME");
    await s.send(channelCommand(s, "U0ADA", "CSHARED", "disconnect", "T0ACME"));
    expect(await t.prisma.customerChannel.count()).toBe(1);
  });
});

describe("/ticket from another workspace", () => {
  it("is refused, even for an agent's id at home", async () => {
    await s.send(channelCommand(s, "U0BOB", "CSHARED", "queue mine", "T0ACME"));
    await s.send(channelCommand(s, "U0BOB", "CSHARED", "queue mine"));
    const [guest, bob] = api.responses.map((r) => String(r.body.text));
    expect(guest).toContain("Only help desk agents");
    expect(bob).not.toContain("Only help desk agents");
  });
});

describe("an agent writing in the customer's thread", () => {
  it("has replied: recorded once as their reply with the first response, mirrored to the card, not sent again", async () => {
    const { e, ticketId } = await customerWrites("U0DORA", "Our SSO login loops");
    await s.dispatcher.runOnce();
    const card = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId, role: "card" } });
    api.calls.length = 0;
    const answer = channelMessage("CCUST", "U0BOB", "Looking at it now, <@U0DORA>", { thread_ts: e.ts, user_team: teamId });
    await s.send(eventCallback(`Ev${answer.ts}`, answer, o()));
    await s.send(
      eventCallback(`Ev${answer.ts}`, answer, { ...o(), headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } }),
    );
    const replies = await t.prisma.message.findMany({ where: { ticketId, kind: "REPLY" }, include: { refs: true } });
    expect(replies).toEqual([expect.objectContaining({ authorAgentId: "bob", channel: "slack", text: "Looking at it now, @U0DORA" })]);
    expect(replies[0]!.refs).toEqual([expect.objectContaining({ system: "slack", externalId: `CCUST:${answer.ts}` })]);
    const ticket = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticketId } });
    expect(ticket.firstResponseAt?.getTime()).toBe(t.deps.now().getTime());
    await s.dispatcher.runOnce();
    const posts = api.of("chat.postMessage");
    expect(posts.filter((c) => c.body.channel === "CCUST")).toHaveLength(0);
    const mirrored = posts.filter((c) => c.body.channel === card.channelId && c.body.thread_ts === card.threadId);
    expect(mirrored).toHaveLength(1);
    expect(String(mirrored[0]!.body.text)).toContain("Looking at it now");
  });

  it("is a customer's colleague when of another workspace, whose message is not a reply", async () => {
    const { e, ticketId } = await customerWrites("U0ELLA", "Invoices missing");
    const guest = channelMessage("CCUST", "U0BOB", "Same here", { thread_ts: e.ts, user_team: "T0ACME" });
    await s.send(eventCallback(`Ev${guest.ts}`, guest, o()));
    expect(await t.prisma.message.count({ where: { ticketId, kind: "REPLY" } })).toBe(0);
    await s.dispatcher.runOnce();
  });
});
