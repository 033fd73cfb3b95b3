import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeStatus } from "../../core/tickets/change-status.js";
import { mergeTickets } from "../../core/tickets/merge-tickets.js";
import { as } from "../../test/harness.js";
import { emailTestApp, type EmailTestApp } from "./testing/app.js";
import { rawMail, type MailSpec } from "./testing/mail.js";

let e: EmailTestApp;
beforeAll(async () => {
  e = await emailTestApp();
});
afterAll(() => e.t.close());

type Answer = { ticketId: number; ticketNumber: string; created: boolean };
async function send(spec: MailSpec | Buffer): Promise<Answer> {
  const res = await e.postRaw(spec);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Answer;
}
const messages = (ticketId: number) => e.t.prisma.message.count({ where: { ticketId } });
let seq = 0;
const uniq = (tag: string) => `<${tag}-${++seq}@customer.test>`;

describe("threading", () => {
  it("joins the ticket of the message it answers (In-Reply-To, or References alone)", async () => {
    const first = uniq("first");
    const opened = await send({ messageId: first, subject: "Cannot export" });
    const reply = await send({ messageId: uniq("r"), inReplyTo: first, subject: "Re: Cannot export" });
    expect(reply).toEqual({ ...opened, created: false });
    const viaRefs = await send({ messageId: uniq("r"), references: `<unknown@elsewhere.test> ${first}`, subject: "Re: Re: Cannot export" });
    expect(viaRefs.ticketId).toBe(opened.ticketId);
    expect(await messages(opened.ticketId)).toBe(3);
  });

  it("joins by the plus-address token or the [#n] subject tag only from the ticket's own contacts", async () => {
    const opened = await send({ from: "dana@customer.test", subject: "Refund" });
    const plus = await send({ from: "Dana <DANA@customer.test>", to: `support+t${opened.ticketId}@acme.test`, subject: "more info" });
    expect(plus).toMatchObject({ ticketId: opened.ticketId, created: false });
    const tag = await send({ from: "dana@customer.test", subject: `Re: Refund [#${opened.ticketId}]` });
    expect(tag).toMatchObject({ ticketId: opened.ticketId, created: false });
    // A stranger guessing the number gets their own ticket.
    const stranger = await send({
      from: "mallory@evil.test",
      to: `support+t${opened.ticketId}@acme.test`,
      subject: `[#${opened.ticketId}] hi`,
    });
    expect(stranger.created).toBe(true);
  });

  it("lands a reply to a merged ticket on the primary", async () => {
    const a = uniq("a");
    const primary = await send({ from: "erin@customer.test", subject: "Primary" });
    const secondary = await send({ from: "erin@customer.test", messageId: a, subject: "Secondary" });
    await mergeTickets(e.t.deps, { primaryId: primary.ticketId, secondaryId: secondary.ticketId }, as.ada);
    const reply = await send({ from: "erin@customer.test", inReplyTo: a, subject: "Re: Secondary" });
    expect(reply).toMatchObject({ ticketId: primary.ticketId, created: false });
  });

  it("routes a new message by the address it was sent to", async () => {
    const ticket = (id: number) => e.t.prisma.ticket.findUniqueOrThrow({ where: { id } });
    expect(await ticket((await send({ to: "Billing <BILLING@acme.test>" })).ticketId)).toMatchObject({
      pipelineId: "billing",
      teamId: null,
    });
    expect(await ticket((await send({ to: "someone@else.test", cc: "vip@acme.test" })).ticketId)).toMatchObject({
      pipelineId: "support",
      teamId: "vip",
    });
    expect(await ticket((await send({ to: "unknown@acme.test" })).ticketId)).toMatchObject({ pipelineId: "support", teamId: null });
    const envelope = rawMail({ to: "undisclosed-recipients:;" });
    const res = await e.postRaw(envelope, { "x-envelope-to": "billing@acme.test" });
    expect(await ticket(((await res.json()) as Answer).ticketId)).toMatchObject({ pipelineId: "billing" });
  });
});

describe("redelivery", () => {
  it("answers the same ticket for the same message, with or without a Message-ID", async () => {
    for (const mail of [rawMail({ messageId: uniq("dup") }), rawMail({ messageId: null, subject: "no id" })]) {
      const first = await send(mail);
      const again = await send(mail);
      expect(again).toEqual({ ...first, created: false });
      expect(await messages(first.ticketId)).toBe(1);
    }
  });

  it("stores one message when the same mail arrives many times at once", async () => {
    const mail = rawMail({ from: "parallel@customer.test", messageId: uniq("race") });
    await send({ from: "parallel@customer.test" });
    const all = await Promise.all(Array.from({ length: 6 }, () => send(mail)));
    expect(new Set(all.map((a) => a.ticketId)).size).toBe(1);
    expect(await messages(all[0]!.ticketId)).toBe(1);
  });
});

describe("auto-replies and bounces", () => {
  const created = async (ticketId: number) =>
    JSON.parse((await e.t.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId }, orderBy: { createdAt: "asc" } })).data) as Record<
      string,
      unknown
    >;

  const autoReplies = [
    ["Auto-Submitted: auto-replied", { headers: { "Auto-Submitted": "auto-replied" } }],
    ["Precedence: bulk", { headers: { Precedence: "bulk" } }],
    ["Precedence: auto_reply", { headers: { Precedence: "auto_reply" } }],
    ["X-Autoreply", { headers: { "X-Autoreply": "yes" } }],
    ["mailer-daemon", { from: "Mail Delivery System <MAILER-DAEMON@mx.customer.test>" }],
    ["Return-Path: <>", { headers: { "Return-Path": "<>" } }],
  ] as [string, MailSpec][];

  it.each(autoReplies)("stores %s marked as automatic", async (_, spec) => {
    const r = await send({ ...spec, subject: "Out of office" });
    expect(await created(r.ticketId)).toMatchObject({ autoSubmitted: true });
  });

  // A status change or a new contact on the ticket is what would make an auto-reply answer an
  // auto-reply: both must stay as they were.
  const waitingTicket = async (tag: string) => {
    const original = uniq(tag);
    const opened = await send({ from: "gil@customer.test", messageId: original, subject: "Waiting" });
    await changeStatus(e.t.deps, { ticketId: opened.ticketId, statusId: "waiting_on_customer" }, as.ada);
    return { original, ticketId: opened.ticketId };
  };
  const state = async (ticketId: number) => ({
    status: (await e.t.prisma.ticket.findUniqueOrThrow({ where: { id: ticketId } })).statusId,
    contacts: await e.t.prisma.ticketContact.count({ where: { ticketId } }),
  });

  it.each(autoReplies)("leaves a waiting ticket's status and contacts alone on %s", async (_, spec) => {
    const { original, ticketId } = await waitingTicket("wait");
    const auto = await send({ from: "ooo-robot@customer.test", ...spec, inReplyTo: original, subject: "Automatic reply: Waiting" });
    expect(auto).toMatchObject({ ticketId, created: false });
    expect(await state(ticketId)).toEqual({ status: "waiting_on_customer", contacts: 1 });
  });

  it("moves the same waiting ticket and adds the new sender when the reply is a person's", async () => {
    const { original, ticketId } = await waitingTicket("wait-human");
    await send({ from: "colleague@customer.test", inReplyTo: original, subject: "Re: Waiting" });
    expect(await state(ticketId)).toEqual({ status: "in_progress", contacts: 2 });
  });

  it("does not mark Auto-Submitted: no", async () => {
    const r = await send({ headers: { "Auto-Submitted": "no" } });
    expect(await created(r.ticketId)).not.toHaveProperty("autoSubmitted");
  });

  it("records a delivery report on the ticket whose mail bounced", async () => {
    const original = uniq("orig");
    const opened = await send({ from: "frank@customer.test", messageId: original, subject: "Help" });
    const report = [
      "--rep",
      "Content-Type: text/plain; charset=us-ascii",
      "",
      "Delivery to frank@customer.test failed permanently.",
      "--rep",
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; mx.acme.test",
      "",
      "Final-Recipient: rfc822; frank@customer.test",
      "Action: failed",
      "Status: 5.1.1",
      "--rep",
      "Content-Type: text/rfc822-headers",
      "",
      "From: Acme Support <support@acme.test>",
      "To: frank@customer.test",
      "Subject: Re: Help",
      `Message-ID: <reply-x@acme.test>`,
      `In-Reply-To: ${original}`,
      "--rep--",
      "",
    ].join("\r\n");
    const bounce = await send({
      from: "Mail Delivery System <MAILER-DAEMON@mx.acme.test>",
      subject: "Undelivered Mail Returned to Sender",
      headers: { "Return-Path": "<>" },
      contentType: 'multipart/report; report-type=delivery-status; boundary="rep"',
      body: report,
    });
    expect(bounce).toMatchObject({ ticketId: opened.ticketId, created: false });
    const ev = await e.t.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: opened.ticketId, type: "message.received" } });
    expect(JSON.parse(ev.data)).toMatchObject({ autoSubmitted: true });
  });

  it("treats a bare multipart/report (no report-type, ordinary sender) as a bounce of the mail it returns", async () => {
    const { original, ticketId } = await waitingTicket("bare");
    const body = [
      "--b",
      "Content-Type: text/plain; charset=us-ascii",
      "",
      "Your message could not be delivered.",
      "--b",
      "Content-Type: text/rfc822-headers",
      "",
      "From: gil@customer.test",
      "Subject: Waiting",
      `Message-ID: ${original}`,
      "--b--",
      "",
    ].join("\r\n");
    const r = await send({
      from: "Gateway <gateway@relay.customer.test>",
      subject: "Delivery problem",
      contentType: 'multipart/report; boundary="b"',
      body,
    });
    expect(r).toMatchObject({ ticketId, created: false });
    const ev = await e.t.prisma.timelineEvent.findFirstOrThrow({
      where: { ticketId, type: "message.received" },
      orderBy: { createdAt: "desc" },
    });
    expect(JSON.parse(ev.data)).toMatchObject({ autoSubmitted: true });
    expect(await state(ticketId)).toEqual({ status: "waiting_on_customer", contacts: 1 });
  });
});
