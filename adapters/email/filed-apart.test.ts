// Auto-replies and bounces that answer no ticket: stored (nothing lost) but filed apart, out of
// the agents' queues and out of chat, until an agent takes one up.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeStatus } from "../../core/tickets/change-status.js";
import { claimTicket } from "../../core/tickets/claim-ticket.js";
import { commentOnTicket } from "../../core/tickets/comment-on-ticket.js";
import { findTickets } from "../../core/tickets/find-tickets.js";
import { followTicket } from "../../core/tickets/follow-ticket.js";
import { listTickets, type Queue } from "../../core/tickets/list-tickets.js";
import { mergeTickets } from "../../core/tickets/merge-tickets.js";
import { replyToTicket } from "../../core/tickets/reply-to-ticket.js";
import { as } from "../../test/harness.js";
import { emailTestApp, type EmailTestApp } from "./testing/app.js";
import type { MailSpec } from "./testing/mail.js";

let e: EmailTestApp;
beforeAll(async () => {
  e = await emailTestApp();
});
afterAll(() => e.t.close());

type Answer = { ticketId: number; ticketNumber: string; created: boolean };
async function send(spec: MailSpec): Promise<Answer> {
  const res = await e.postRaw(spec);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Answer;
}
let seq = 0;
const uniq = (tag: string) => `<${tag}-${++seq}@customer.test>`;

/** A delivery report for a message we never stored, as a mail server sends it. */
const unmatchedBounce = (): MailSpec => ({
  from: "Mail Delivery System <MAILER-DAEMON@mx.elsewhere.test>",
  subject: "Undelivered Mail Returned to Sender",
  headers: { "Return-Path": "<>" },
  contentType: 'multipart/report; report-type=delivery-status; boundary="rep"',
  body: [
    "--rep",
    "Content-Type: text/plain",
    "",
    "Delivery to nobody@elsewhere.test failed.",
    "--rep",
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; mx.elsewhere.test",
    "",
    "Final-Recipient: rfc822; nobody@elsewhere.test",
    "Action: failed",
    "Status: 5.1.1",
    "--rep",
    "Content-Type: text/rfc822-headers",
    "",
    "From: someone@spoofed.test",
    "Subject: spam",
    `Message-ID: ${uniq("never-ours")}`,
    "--rep--",
    "",
  ].join("\r\n"),
});
const unmatchedAutoReply = (): MailSpec => ({
  from: "hal@customer.test",
  subject: "Automatic reply: newsletter",
  headers: { "Auto-Submitted": "auto-replied" },
  inReplyTo: uniq("newsletter"),
});

const chatRows = (ticketId: number) =>
  e.t.prisma.outbox.findMany({ where: { ticketId, target: { not: "email" } }, orderBy: { id: "asc" } });
const ids = async (queue: Queue) => (await listTickets(e.t.deps, { queue, limit: 100 }, as.ada)).tickets.map((t) => t.id);
const quarantined = async (id: number) => (await e.t.prisma.ticket.findUniqueOrThrow({ where: { id } })).quarantined;

describe("an auto-reply or bounce that matches no ticket", () => {
  it.each([
    ["bounce", unmatchedBounce],
    ["auto-reply", unmatchedAutoReply],
  ])(
    "is stored as a ticket filed apart: no chat row, not in the agents' queues, in the auto queue and found by search (%s)",
    async (_, mail) => {
      const r = await send(mail());
      expect(r.created).toBe(true);
      expect(await e.t.prisma.message.count({ where: { ticketId: r.ticketId } })).toBe(1);
      expect(await e.t.prisma.outbox.count({ where: { ticketId: r.ticketId } })).toBe(0);
      expect(await ids("unassigned")).not.toContain(r.ticketId);
      expect(await ids("all_open")).not.toContain(r.ticketId);
      expect(await ids("auto")).toContain(r.ticketId);
      expect((await findTickets(e.t.deps, { text: `#${r.ticketId}` }, as.bob)).map((t) => t.id)).toEqual([r.ticketId]);
      const created = await e.t.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: r.ticketId, type: "ticket.created" } });
      expect(JSON.parse(created.data)).toMatchObject({ autoSubmitted: true, quarantined: true });
    },
  );

  it("stays apart when another robot writes on it, and when an agent notes or closes it", async () => {
    const auto = unmatchedAutoReply();
    const ownId = uniq("ooo");
    const first = await send({ ...auto, messageId: ownId });
    // The same robot answering again (its own thread): stored, still apart, still silent.
    const again = await send({ ...auto, inReplyTo: ownId, subject: "Automatic reply: again" });
    expect(again).toMatchObject({ ticketId: first.ticketId, created: false });
    await commentOnTicket(e.t.deps, { ticketId: first.ticketId, text: "Just an out-of-office, @cy" }, as.bob);
    await changeStatus(e.t.deps, { ticketId: first.ticketId, statusId: "closed" }, as.bob);
    expect(await quarantined(first.ticketId)).toBe(true);
    // No card, no thread; the agent mentioned in the note is still told, privately.
    expect((await chatRows(first.ticketId)).map((o) => o.topic)).toEqual(["agents.notify"]);
    expect(await ids("auto")).not.toContain(first.ticketId);
  });

  it("tells a note's mentioned agents but not the ticket's followers", async () => {
    const comment = commentOnTicket;
    const r = await send(unmatchedAutoReply());
    for (const a of [as.ada, as.cy]) await followTicket(e.t.deps, { ticketId: r.ticketId }, a);
    const note = await comment(e.t.deps, { ticketId: r.ticketId, text: "Only an out-of-office, @cy" }, as.bob);
    expect(await quarantined(r.ticketId)).toBe(true);
    expect((await chatRows(r.ticketId)).map((o) => JSON.parse(o.payload))).toEqual([
      { ticketId: r.ticketId, agentIds: ["cy"], reason: "mention", messageId: note.messageId },
    ]);
  });

  it("joins the normal flow when it is closed with an owner set: the card is posted before the owner is told", async () => {
    const r = await send(unmatchedAutoReply());
    const [message] = await e.t.prisma.message.findMany({ where: { ticketId: r.ticketId } });
    await changeStatus(e.t.deps, { ticketId: r.ticketId, statusId: "closed", ownerId: "cy" }, as.bob);
    expect(await quarantined(r.ticketId)).toBe(false);
    const rows = (await chatRows(r.ticketId)).map((o) => [o.topic, JSON.parse(o.payload)]);
    expect(rows.slice(0, 2)).toEqual([
      ["ticket.changed", { ticketId: r.ticketId, change: "unquarantined" }],
      ["message.posted", { ticketId: r.ticketId, messageId: message!.id }],
    ]);
    expect(rows).toContainEqual(["agents.notify", { ticketId: r.ticketId, agentIds: ["cy"], reason: "assigned" }]);
  });

  it.each([
    ["claims it", (id: number) => claimTicket(e.t.deps, { ticketId: id }, as.bob)],
    ["replies", (id: number) => replyToTicket(e.t.deps, { ticketId: id, text: "Is this about your order?" }, as.bob)],
    ["moves it on to an open status", (id: number) => changeStatus(e.t.deps, { ticketId: id, statusId: "in_progress" }, as.bob)],
  ])("joins the normal flow when an agent %s: its card and its thread are posted then", async (_, act) => {
    const r = await send(unmatchedAutoReply());
    const [message] = await e.t.prisma.message.findMany({ where: { ticketId: r.ticketId } });
    await act(r.ticketId);
    expect(await quarantined(r.ticketId)).toBe(false);
    const rows = await chatRows(r.ticketId);
    expect(rows.slice(0, 2).map((o) => [o.topic, JSON.parse(o.payload)])).toEqual([
      ["ticket.changed", { ticketId: r.ticketId, change: "unquarantined" }],
      ["message.posted", { ticketId: r.ticketId, messageId: message!.id }],
    ]);
    expect(await ids("all_open")).toContain(r.ticketId);
    expect(await ids("auto")).not.toContain(r.ticketId);
  });
});

describe("a live ticket merged into a ticket filed apart", () => {
  it("takes it up, posting the apart ticket's own messages and not re-posting the live ticket's", async () => {
    const apart = await send(unmatchedAutoReply());
    const [own] = await e.t.prisma.message.findMany({ where: { ticketId: apart.ticketId } });
    const live = await send({ from: "lee@customer.test", messageId: uniq("live"), subject: "About that newsletter" });
    const [theirs] = await e.t.prisma.message.findMany({ where: { ticketId: live.ticketId } });
    await mergeTickets(e.t.deps, { primaryId: apart.ticketId, secondaryId: live.ticketId }, as.bob);
    expect(await quarantined(apart.ticketId)).toBe(false);
    const posted = (await chatRows(apart.ticketId)).filter((o) => o.topic === "message.posted").map((o) => JSON.parse(o.payload).messageId);
    expect(posted).toEqual([own!.id]);
    expect(posted).not.toContain(theirs!.id);
  });
});

describe("list, bulk and auto-generated mail that matches no ticket", () => {
  // A customer writing to support@ run as a Google Group arrives with Precedence: list; a web
  // form's or a shop's notification with Auto-Submitted: auto-generated. Both carry a request.
  it.each([
    ["Precedence: list", { Precedence: "list", "List-Id": "<support.acme.test>" }],
    ["Precedence: bulk", { Precedence: "bulk" }],
    ["Auto-Submitted: auto-generated", { "Auto-Submitted": "auto-generated" }],
  ])("opens a ticket in the agents' queues with its card, still marked as automatic (%s)", async (_, headers) => {
    const r = await send({ from: "Kim <kim@customer.test>", subject: "My order never arrived", headers, messageId: uniq("list") });
    expect(r.created).toBe(true);
    expect(await quarantined(r.ticketId)).toBe(false);
    expect((await chatRows(r.ticketId)).map((o) => [o.topic, JSON.parse(o.payload).change])).toEqual(
      expect.arrayContaining([
        ["ticket.changed", "created"],
        ["message.posted", undefined],
      ]),
    );
    expect(await ids("unassigned")).toContain(r.ticketId);
    expect(await ids("auto")).not.toContain(r.ticketId);
    const created = await e.t.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: r.ticketId, type: "ticket.created" } });
    expect(JSON.parse(created.data)).toMatchObject({ autoSubmitted: true });
    expect(JSON.parse(created.data)).not.toHaveProperty("quarantined");
  });

  it("is still filed apart when it is an out-of-office sent through a list", async () => {
    const r = await send({ ...unmatchedAutoReply(), headers: { Precedence: "list", "X-Autoreply": "yes" } });
    expect(await quarantined(r.ticketId)).toBe(true);
  });
});

describe("a bounce that matches a ticket", () => {
  it("lands on that ticket as today, in its thread", async () => {
    const original = uniq("orig");
    const opened = await send({ from: "ivy@customer.test", messageId: original, subject: "Help" });
    const bounce = unmatchedBounce();
    const r = await send({
      ...bounce,
      body: String(bounce.body).replace(/Message-ID: <never-ours-\d+@customer.test>/, `Message-ID: ${original}`),
    });
    expect(r).toMatchObject({ ticketId: opened.ticketId, created: false });
    expect(await quarantined(opened.ticketId)).toBe(false);
    const last = await e.t.prisma.message.findFirstOrThrow({
      where: { ticketId: opened.ticketId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
    const posted = (await chatRows(opened.ticketId))
      .filter((o) => o.topic === "message.posted")
      .map((o) => JSON.parse(o.payload).messageId);
    expect(posted).toContain(last.id);
  });

  it("can be merged into its ticket from where it was filed: its message joins the thread, its sender does not join the contacts", async () => {
    const opened = await send({ from: "jo@customer.test", messageId: uniq("orig"), subject: "Where is my parcel" });
    const apart = await send(unmatchedBounce());
    const primary = await mergeTickets(e.t.deps, { primaryId: opened.ticketId, secondaryId: apart.ticketId }, as.bob);
    const contacts = await e.t.prisma.ticketContact.findMany({ where: { ticketId: primary.id }, include: { contact: true } });
    expect(contacts.map((c) => c.contact.email)).toEqual(["jo@customer.test"]);
    const [moved] = await e.t.prisma.message.findMany({
      where: { ticketId: primary.id, authorContactId: { not: contacts[0]!.contactId } },
    });
    const posted = (await chatRows(primary.id)).filter((o) => o.topic === "message.posted").map((o) => JSON.parse(o.payload).messageId);
    expect(posted).toContain(moved!.id);
    expect(await chatRows(apart.ticketId)).toEqual([]);
  });
});
