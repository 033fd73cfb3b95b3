// Outbound mail with two dispatchers on one database, as two replicas run it, against a real
// SMTP server on loopback that is slower than the replicas' leases would survive unrenewed.
import PostalMime from "postal-mime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CoreDeps } from "../../../core/deps.js";
import { silentLogger, type Logger } from "../../../core/log.js";
import { OutboxDispatcher } from "../../../core/outbox/dispatcher.js";
import { replyToTicket } from "../../../core/tickets/reply-to-ticket.js";
import { as, until } from "../../../test/harness.js";
import { emailTestApp, testInboxes, type EmailTestApp } from "../testing/app.js";
import { startSmtpSink, type ReceivedMail, type SmtpSink } from "../testing/smtp-sink.js";
import { smtpDeliveryTarget, smtpTransport, type MailTransport } from "./smtp-target.js";

let e: EmailTestApp;
const closing: (() => unknown)[] = [];
beforeAll(async () => {
  e = await emailTestApp();
});
afterAll(async () => {
  for (const close of closing.reverse()) await close();
  await e.t.close();
});

async function sink(delayMs: number): Promise<SmtpSink> {
  const s = await startSmtpSink({ delayMs });
  closing.push(() => s.close());
  return s;
}

/** A replica's SMTP delivery target, with its own connection to the server. */
function emailTarget(url: string, transport: MailTransport = smtpTransport(url)) {
  const target = smtpDeliveryTarget({ deps: e.t.deps, inboxes: testInboxes, transport });
  closing.push(() => target.close());
  return target;
}

/** The test clock, running on in real time from now: leases run out while the SMTP server is slow. */
function liveDeps(): CoreDeps {
  const base = e.t.deps.now().getTime();
  const start = Date.now();
  return { ...e.t.deps, now: () => new Date(base + Date.now() - start) };
}

let seq = 0;
async function openTicket(): Promise<number> {
  const res = await e.postRaw({
    messageId: `<replica-${++seq}@customer.test>`,
    subject: "Where is my order?",
    from: "Dan <dan@customer.test>",
    to: "support@acme.test",
  });
  return ((await res.json()) as { ticketId: number }).ticketId;
}

/** Writes `perTicket` replies on each of `tickets` new tickets, interleaved; the outbox starts empty of other mail. */
async function replies(tickets: number, perTicket: number): Promise<Map<number, string[]>> {
  await e.t.prisma.outbox.updateMany({ where: { status: "pending" }, data: { status: "done" } });
  const ids: number[] = [];
  for (let i = 0; i < tickets; i++) ids.push(await openTicket());
  const byTicket = new Map<number, string[]>(ids.map((id) => [id, []]));
  for (let k = 0; k < perTicket; k++) {
    for (const id of ids)
      byTicket.get(id)!.push((await replyToTicket(e.t.deps, { ticketId: id, text: `Update ${k + 1}` }, as.ada)).messageId);
  }
  // Only the email rows: no chat surface is configured here.
  await e.t.prisma.outbox.updateMany({ where: { status: "pending", target: { not: "email" } }, data: { status: "done" } });
  return byTicket;
}

/** Waits for the replicas to work the outbox empty (a shared machine can make that slow). */
async function drained(smtp: SmtpSink, count: number): Promise<void> {
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    if (smtp.received.length >= count && (await emailRows()).length === 0) return;
  }
  throw new Error(`timed out: ${smtp.received.length} of ${count} sent`);
}

const messageIdOf = async (m: ReceivedMail) => (await PostalMime.parse(m.raw)).messageId!;
const emailRows = () => e.t.prisma.outbox.findMany({ where: { target: "email", status: "pending" } });

describe("outbound email from two replicas", () => {
  it("sends each of 60 replies exactly once through a slow SMTP server, each ticket's in order, a bounded number at a time", async () => {
    const byTicket = await replies(20, 3);
    const slow = await sink(200);
    const deps = liveDeps();
    // A lease of 2.5 sends: a batch claimed at once and sent one by one would run out under it.
    const replica = (workerId: string) =>
      new OutboxDispatcher({
        deps,
        targets: { email: emailTarget(slow.url) },
        log: silentLogger,
        workerId,
        pollMs: 20,
        leaseMs: 500,
        concurrency: 4,
      });
    const a = replica("a");
    const b = replica("b");
    a.start();
    b.start();
    try {
      await drained(slow, 60);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    const sent = await Promise.all(slow.received.map(messageIdOf));
    const expected = new Map([...byTicket].map(([id, messages]) => [id, messages.map((m) => `<reply.${m}@acme.test>`)]));
    expect(sent).toHaveLength(60);
    expect(new Set(sent).size).toBe(60);
    for (const [, ids] of expected) expect(sent.filter((s) => ids.includes(s))).toEqual(ids);
    expect(slow.maxInFlight).toBeGreaterThan(1);
    expect(slow.maxInFlight).toBeLessThanOrEqual(8);
    const rows = await e.t.prisma.outbox.findMany({ where: { target: "email", ticketId: { in: [...byTicket.keys()] } } });
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(rows.map(() => ["done", 1]));
  }, 60_000);

  it("keeps a send that outlasts its lease: its holder renews the lease, so the other replica does not send it again", async () => {
    await replies(3, 1);
    const slower = await sink(700);
    const deps = liveDeps();
    const replica = (workerId: string) =>
      new OutboxDispatcher({ deps, targets: { email: emailTarget(slower.url) }, log: silentLogger, workerId, pollMs: 20, leaseMs: 240 });
    const a = replica("a");
    const b = replica("b");
    a.start();
    b.start();
    try {
      await drained(slower, 3);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    const sent = await Promise.all(slower.received.map(messageIdOf));
    expect(sent).toHaveLength(3);
    expect(new Set(sent).size).toBe(3);
  });

  it("a reply sent again after a crash mid-send carries the same Message-ID, so mail clients fold the two", async () => {
    const byTicket = await replies(1, 1);
    const [[ticketId, [messageId]]] = [...byTicket] as [[number, [string]]];
    const smtp = await sink(0);
    // Replica a hands the mail to the server and then never gets to record it (it "crashed").
    const hung = new Promise<never>(() => {});
    const real = smtpTransport(smtp.url);
    const crashing: MailTransport = {
      async sendMail(mail) {
        await real.sendMail(mail);
        return hung;
      },
      close: () => real.close(),
    };
    const lines: string[] = [];
    const log: Logger = { ...silentLogger, warn: (msg) => void lines.push(msg), child: () => log };
    const a = new OutboxDispatcher({
      deps: e.t.deps,
      targets: { email: emailTarget(smtp.url, crashing) },
      log: silentLogger,
      workerId: "a",
      leaseMs: 60_000,
    });
    const b = new OutboxDispatcher({ deps: e.t.deps, targets: { email: emailTarget(smtp.url) }, log, workerId: "b", leaseMs: 60_000 });
    void a.runOnce();
    await until(() => smtp.received.length === 1, "a's send");
    expect(await b.runOnce()).toBe(0); // a's lease still runs
    expect((await emailRows())[0]).toMatchObject({ ticketId, attempts: 1 });

    e.t.advance(61_000);
    expect(await b.runOnce()).toBe(1);
    expect(lines).toContainEqual(expect.stringMatching(/claimed again after its lease ran out/));
    const [first, second] = await Promise.all(smtp.received.map(messageIdOf));
    const stored = await e.t.prisma.messageRef.findFirstOrThrow({ where: { messageId, system: "email" } });
    expect(first).toBe(stored.externalId);
    expect(second).toBe(first);
    expect(await e.t.prisma.outbox.findFirstOrThrow({ where: { ticketId, target: "email" } })).toMatchObject({
      status: "done",
      attempts: 2,
    });
  });

  it("a reply retried after an SMTP 4xx carries the Message-ID stored before the first attempt", async () => {
    const byTicket = await replies(1, 1);
    const [[ticketId, [messageId]]] = [...byTicket] as [[number, [string]]];
    const smtp = await sink(0);
    const d = new OutboxDispatcher({ deps: e.t.deps, targets: { email: emailTarget(smtp.url) }, log: silentLogger });
    smtp.refuseWith({ code: 451, message: "4.3.0 try later" });
    expect(await d.runOnce()).toBe(0);
    const stored = await e.t.prisma.messageRef.findFirstOrThrow({ where: { messageId, system: "email" } });
    // The ticket moves to another team's inbox meanwhile: the retry still keeps the stored id.
    await e.t.prisma.ticket.update({ where: { id: ticketId }, data: { teamId: "vip" } });
    smtp.refuseWith(null);
    e.t.advance(60_000);
    expect(await d.runOnce()).toBe(1);
    const mail = await PostalMime.parse(smtp.received[0]!.raw);
    expect(mail.from).toEqual({ name: "Acme VIP", address: "vip@acme.test" });
    expect(mail.messageId).toBe(stored.externalId);
    expect(stored.externalId).toBe(`<reply.${messageId}@acme.test>`);
  });
});
