// A panel ticket's two conversations through the real client: the customer's private thread and the
// ticket's forum post (its card). What an agent types in the private thread is their reply (first
// response set, mirrored to the card, not echoed); their notes on the card never reach the customer;
// their replies from the card do; the customer's messages join the ticket; the Close button closes it
// for its requester or an agent; a ticket closed from the card is reopened by the customer writing
// again; and the survey and the KPIs count the ticket as Discord's.
import { describe, expect, it } from "vitest";
import { changeStatus, deleteTicket, readKpis } from "../../core/index.js";
import { replyToTicket } from "../../core/tickets/reply-to-ticket.js";
import { as, type TestCore } from "../../test/harness.js";
import type { DiscordTestClient } from "./testing/client.js";
import type { FakeDiscordApi } from "./testing/discord-api.js";
import { Routes } from "discord.js";
import { button, FORUM, GENERAL, messageCreate, modalSubmit, rawMessage, type Who } from "./testing/payloads.js";
import { panelSuite } from "./testing/panel.js";

let t: TestCore;
let d: DiscordTestClient;
let api: FakeDiscordApi;
const panel = panelSuite((s) => ({ t, d, api } = s), { surveyOnClose: true });

const bob: Who = { id: "100000000000000001", name: "Bob" }; // an agent of tier1
const dave: Who = { id: "600000000000000212", name: "Dave" }; // another customer
let n = 0;
const customer = (): Who => ({ id: `6000000000000002${String(++n).padStart(2, "0")}`, name: `Customer ${n}` });

/** A panel ticket with its card posted in the forum: the ticket, the customer's thread, the card's thread. */
async function panelTicket(subject: string, who = customer()) {
  const { thread } = await panel.submit(who, subject);
  const ticket = await t.prisma.ticket.findFirstOrThrow({ where: { subject } });
  await d.drain();
  const card = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: ticket.id, surface: "discord", role: "card" } });
  d.addThread(card.threadId!, FORUM);
  const origin = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: ticket.id, role: "origin" } });
  return { who, ticket, thread: thread!, cardThread: card.threadId!, firstMessageId: origin.messageId! };
}

const postedIn = (channel: string) => api.of("POST", `/channels/${channel}/messages`).map((c) => String(c.body.content));
const row = (id: number) => t.prisma.ticket.findUniqueOrThrow({ where: { id } });
const messages = (ticketId: number) => t.prisma.message.findMany({ where: { ticketId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });

describe("a panel ticket's private thread and its card", () => {
  it("records an agent's message in the private thread as their reply, mirrored to the card, not echoed", async () => {
    const p = await panelTicket("Agent in thread");
    const typed = messageCreate(bob, p.thread, "Hello, I am looking at it.");
    await d.message(typed);
    // The same gateway message again (a resumed session) is the same reply.
    await d.message(typed);
    const reply = (await messages(p.ticket.id)).find((m) => m.kind === "REPLY");
    expect(reply).toMatchObject({ text: "Hello, I am looking at it.", authorAgentId: "bob", channel: "discord" });
    expect((await row(p.ticket.id)).firstResponseAt).not.toBeNull();
    const before = postedIn(p.thread).length;
    await d.drain();
    expect(postedIn(p.cardThread).join("\n")).toContain("Hello, I am looking at it.");
    expect(postedIn(p.thread)).toHaveLength(before);
    expect((await messages(p.ticket.id)).filter((m) => m.kind === "REPLY")).toHaveLength(1);
  });

  it("never shows the customer a note typed in the card's post, and brings a reply from the card to the thread", async () => {
    const p = await panelTicket("Note and reply");
    await d.message(messageCreate(bob, p.cardThread, "Internal: check the billing system"));
    expect((await messages(p.ticket.id)).map((m) => m.kind)).toEqual(["INBOUND", "COMMENT"]);
    const where = { channelId: p.cardThread, parentId: FORUM };
    const raw = JSON.parse(
      JSON.stringify(modalSubmit(bob, `modal:reply:${p.ticket.id}`, { text: "Fixed on our side.", cc: "", bcc: "" }, where)),
    );
    await d.interact(raw);
    await d.drain();
    const thread = postedIn(p.thread).join("\n");
    expect(thread).toContain("Fixed on our side.");
    expect(thread).not.toContain("Internal");
    expect((await messages(p.ticket.id)).map((m) => m.kind)).toEqual(["INBOUND", "COMMENT", "REPLY"]);
  });

  it("takes the customer's messages in the thread as theirs, and no one else's", async () => {
    const p = await panelTicket("Customer writes");
    await d.message(messageCreate(p.who, p.thread, "Here is more detail."));
    await d.message(messageCreate(dave, p.thread, "I am not the requester"));
    const inbound = (await messages(p.ticket.id)).filter((m) => m.kind === "INBOUND").map((m) => m.text);
    expect(inbound).toEqual(["My invoice is wrong.", "Here is more detail."]);
  });

  it("lets an agent close it with the thread's button as themselves, and refuses anyone else", async () => {
    const p = await panelTicket("Agent closes");
    const byDave = panel.closeClick(dave, p.thread, p.firstMessageId);
    await d.interact(byDave);
    expect(panel.answered(byDave)).toMatch(/Only the person who opened this ticket/);
    expect((await row(p.ticket.id)).open).toBe(true);
    const byBob = panel.closeClick(bob, p.thread, p.firstMessageId);
    await d.interact(byBob);
    expect(await row(p.ticket.id)).toMatchObject({ open: false, statusId: "closed" });
    const event = await t.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: p.ticket.id, type: "ticket.status_changed" } });
    expect([event.actorType, event.actorId]).toEqual(["agent", "bob"]);
    expect(postedIn(p.thread).at(-1)).toContain(`#${p.ticket.id} is closed`);
    expect(api.of("PATCH", `/channels/${p.thread}`).map((c) => c.body)).toEqual([{ archived: true }]);
  });

  it("leaves the thread writable and its Close button working when an agent reopens from the card what the customer closed", async () => {
    const p = await panelTicket("Closed, reopened from the card");
    await d.interact(panel.closeClick(p.who, p.thread, p.firstMessageId));
    expect(await row(p.ticket.id)).toMatchObject({ open: false });
    await changeStatus(t.deps, { ticketId: p.ticket.id, statusId: "in_progress" }, as.bob);
    await d.drain();
    // What the customer's Discord lets them do in the thread now.
    expect(api.usableByMember(p.thread)).toBe(true);
    await d.message(messageCreate(p.who, p.thread, "Still broken, thanks for looking."));
    expect((await messages(p.ticket.id)).at(-1)).toMatchObject({ kind: "INBOUND", text: "Still broken, thanks for looking." });
    const again = panel.closeClick(p.who, p.thread, p.firstMessageId);
    await d.interact(again);
    expect(await row(p.ticket.id)).toMatchObject({ open: false, statusId: "closed" });
    expect(postedIn(p.thread).at(-1)).toContain(`#${p.ticket.id} is closed`);
  });

  it("opens a locked thread of a closed ticket again for an agent's later reply, so the customer's answer reopens the ticket", async () => {
    const p = await panelTicket("Closed, then asked");
    await d.interact(panel.closeClick(p.who, p.thread, p.firstMessageId));
    // Locked by a moderator (or closed before closing stopped locking): the customer can do nothing there.
    api.channels.get(p.thread)!.thread_metadata = { archived: true, locked: true };
    await replyToTicket(t.deps, { ticketId: p.ticket.id, text: "One more question: which invoice?" }, as.bob);
    await d.drain();
    expect(api.channels.get(p.thread)?.thread_metadata).toMatchObject({ archived: false, locked: false });
    const reopened = api.calls.findIndex((c) => c.method === "PATCH" && c.path === `/channels/${p.thread}` && c.body.locked === false);
    const reply = api.calls.findIndex(
      (c) => c.method === "POST" && c.path === `/channels/${p.thread}/messages` && String(c.body.content).includes("which invoice"),
    );
    expect(reopened).toBeGreaterThan(-1);
    expect(reply).toBeGreaterThan(reopened);
    await d.message(messageCreate(p.who, p.thread, "Invoice 42."));
    expect(await row(p.ticket.id)).toMatchObject({ open: true, statusId: "in_progress" });
  });

  it("reopens a ticket closed from the card when the customer writes again in its thread", async () => {
    const p = await panelTicket("Reopened by customer");
    await changeStatus(t.deps, { ticketId: p.ticket.id, statusId: "closed" }, as.bob);
    await d.message(messageCreate(p.who, p.thread, "Sorry, it is broken again."));
    expect(await row(p.ticket.id)).toMatchObject({ open: true, statusId: "in_progress" });
    expect((await messages(p.ticket.id)).at(-1)).toMatchObject({ kind: "INBOUND", text: "Sorry, it is broken again." });
  });
});

describe("a customer's message in a panel ticket's thread that the ticket does not take", () => {
  it("answers under it, pinging nobody, asking to send it again when it could not be saved", async () => {
    const p = await panelTicket("Database away");
    const deps = d.ctx.deps;
    // The database refuses every write: the message cannot be added.
    const db = new Proxy(deps.db, {
      get(target, key) {
        if (key === "transaction") return () => ({ execute: () => Promise.reject(new Error("connection terminated")) });
        const v = Reflect.get(target, key, target) as unknown;
        return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    d.ctx.deps = { ...deps, db };
    const typed = messageCreate(p.who, p.thread, "Here is the order number: 77.");
    const seen = await d.logged(() => d.message(typed)).finally(() => (d.ctx.deps = deps));
    expect(seen.error).toContain("discord message not saved");
    const answer = api.of("POST", `/channels/${p.thread}/messages`).at(-1)!;
    expect(String(answer.body.content)).toContain("Please send it again");
    expect(answer.body.message_reference).toMatchObject({ message_id: typed.id });
    expect(answer.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect((await messages(p.ticket.id)).map((m) => m.text)).not.toContain("Here is the order number: 77.");
  });

  it("tells its writer once when the thread's ticket no longer takes their messages (deleted)", async () => {
    const p = await panelTicket("Deleted under them");
    await deleteTicket(t.deps, { ticketId: p.ticket.id }, as.ada);
    const before = postedIn(p.thread).length;
    await d.message(messageCreate(p.who, p.thread, "Hello?"));
    await d.message(messageCreate(p.who, p.thread, "Anyone?"));
    const told = postedIn(p.thread).slice(before);
    expect(told).toHaveLength(1);
    expect(told[0]).toContain("open a new ticket from the support panel");
  });

  it("never answers an agent's message there, even one the ticket does not take", async () => {
    const p = await panelTicket("Deleted, agent writes");
    await deleteTicket(t.deps, { ticketId: p.ticket.id }, as.ada);
    const before = postedIn(p.thread).length;
    await d.message(messageCreate(bob, p.thread, "Checking on this."));
    expect(postedIn(p.thread).slice(before)).toEqual([]);
  });
});

describe("a panel ticket's survey and KPIs", () => {
  it("puts the survey in the customer's private thread when they take no direct messages, and takes their rating there", async () => {
    const p = await panelTicket("Closed DMs");
    const dm = (await d.client.rest.post(Routes.userChannels(), { body: { recipient_id: p.who.id } })) as { id: string };
    const closedDms = { message: "Cannot send messages to this user", code: 50007 };
    api.next("POST", new RegExp(`^/channels/${dm.id}/messages$`), 403, closedDms);
    await d.interact(panel.closeClick(p.who, p.thread, p.firstMessageId));
    await d.drain();
    const survey = api.of("POST", `/channels/${p.thread}/messages`).find((c) => JSON.stringify(c.body).includes("csat:rate:"));
    expect(survey?.body.content).toContain(`#${p.ticket.id}`);
    expect(await t.prisma.outbox.count({ where: { ticketId: p.ticket.id, topic: "csat.chat", status: "pending" } })).toBe(0);
    // Discord disables buttons in a locked thread: the customer must still be able to press these.
    expect(api.usableByMember(p.thread)).toBe(true);
    const rate = (score: number) => JSON.stringify(survey!.body).match(new RegExp(`csat:rate:[^"]+:${score}`))![0];
    const where = { channelId: p.thread, parentId: GENERAL };
    // Only the requester's click counts, in the thread as in a DM: Dave's 2 is refused and not kept.
    const byDave = JSON.parse(JSON.stringify(button(dave, rate(2), where, rawMessage(p.thread))));
    await d.interact(byDave);
    expect(panel.answered(byDave)).toContain("This survey was sent to someone else.");
    expect((await t.prisma.csatSurvey.findFirstOrThrow({ where: { ticketId: p.ticket.id } })).score).toBeNull();
    await d.interact(JSON.parse(JSON.stringify(button(p.who, rate(4), where, rawMessage(p.thread)))));
    const answer = await t.prisma.csatSurvey.findFirstOrThrow({ where: { ticketId: p.ticket.id } });
    expect(answer.score).toBe(4);
  });

  it("sends the survey to the requester who closed it, takes their rating, and counts it under source discord", async () => {
    const period = { from: new Date("2026-01-01T00:00:00Z"), to: new Date("2026-01-31T00:00:00Z") };
    const before = await readKpis(t.deps, as.ada, { ...period, source: "discord" });
    const p = await panelTicket("Rated ticket");
    await d.message(messageCreate(bob, p.thread, "Done, please check."));
    await d.interact(panel.closeClick(p.who, p.thread, p.firstMessageId));
    await d.drain();
    // (A survey of an earlier test's ticket may go out in the same run: this one is found by its number.)
    expect(api.of("POST", "/users/@me/channels").filter((c) => c.body.recipient_id === p.who.id)).toHaveLength(1);
    const survey = api
      .of("POST", /^\/channels\/\d+\/messages$/)
      .find((c) => JSON.stringify(c.body).includes("csat:rate:") && String(c.body.content).includes(`#${p.ticket.id}`))!;
    const rate = JSON.stringify(survey.body).match(/csat:rate:[^"]+:5/)![0];
    await d.interact(
      JSON.parse(JSON.stringify(button(p.who, rate, { channelId: survey.path.split("/")[2]! }, rawMessage(survey.path.split("/")[2]!)))),
    );
    const discord = await readKpis(t.deps, as.ada, { ...period, source: "discord" });
    expect(discord.created).toBe(before.created + 1);
    expect(discord.firstResponse.count).toBe(before.firstResponse.count + 1);
    expect([discord.csat.responses, discord.csat.scores[4]]).toEqual([before.csat.responses + 1, before.csat.scores[4] + 1]);
    const slack = await readKpis(t.deps, as.ada, { ...period, source: "slack" });
    expect([slack.created, slack.csat.responses]).toEqual([0, 0]);
  });
});
