import PostalMime from "postal-mime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../../core/log.js";
import { OutboxDispatcher } from "../../../core/outbox/dispatcher.js";
import { replyToTicket } from "../../../core/tickets/reply-to-ticket.js";
import { as } from "../../../test/harness.js";
import { emailTestApp, testInboxes, type EmailTestApp } from "../testing/app.js";
import { startSmtpSink, type SmtpSink } from "../testing/smtp-sink.js";
import { smtpDeliveryTarget, smtpTransport } from "./smtp-target.js";

let e: EmailTestApp;
let sink: SmtpSink;
let dispatcher: OutboxDispatcher;
let target: ReturnType<typeof smtpDeliveryTarget>;
beforeAll(async () => {
  e = await emailTestApp();
  sink = await startSmtpSink();
  target = smtpDeliveryTarget({ deps: e.t.deps, inboxes: testInboxes, transport: smtpTransport(sink.url) });
  dispatcher = new OutboxDispatcher({ deps: e.t.deps, targets: { email: target }, log: silentLogger });
});
afterAll(async () => {
  target.close();
  await sink.close();
  await e.t.close();
});

/** A header text in RFC 2047 form, as mail clients send non-ASCII subjects. */
const mimeWord = (text: string) => `=?UTF-8?B?${Buffer.from(text).toString("base64")}?=`;

let seq = 0;
async function openTicket(spec: { to?: string; from?: string; subject?: string } = {}) {
  const messageId = `<cust-${++seq}@customer.test>`;
  const res = await e.postRaw({
    messageId,
    subject: spec.subject ?? "Password reset",
    from: spec.from ?? "Carol <carol@customer.test>",
    to: spec.to ?? "vip@acme.test",
  });
  const { ticketId } = (await res.json()) as { ticketId: number };
  return { ticketId, messageId };
}
const emailRow = (ticketId: number) => e.t.prisma.outbox.findFirstOrThrow({ where: { ticketId, target: "email" } });

describe("outbound email over SMTP", () => {
  it("sends the reply from the ticket's inbox, threaded, with cc and bcc, and stores its Message-ID", async () => {
    const { ticketId, messageId } = await openTicket();
    const reply = await replyToTicket(
      e.t.deps,
      {
        ticketId,
        text: "Use the reset link.",
        html: "<p>Use the <b>reset</b> link.</p>",
        cc: ["boss@customer.test"],
        bcc: ["audit@acme.test"],
      },
      as.ada,
    );
    expect(await dispatcher.runOnce()).toBeGreaterThanOrEqual(1);
    expect(sink.received).toHaveLength(1);
    const got = sink.received[0]!;
    expect(got.rcptTo.sort()).toEqual(["audit@acme.test", "boss@customer.test", "carol@customer.test"]);
    const mail = await PostalMime.parse(got.raw);
    expect(mail.from).toEqual({ name: "Acme VIP", address: "vip@acme.test" });
    expect(mail.replyTo).toEqual([{ name: "", address: `vip+t${ticketId}@acme.test` }]);
    expect(mail.to).toEqual([{ name: "Carol", address: "carol@customer.test" }]);
    expect(mail.cc).toEqual([{ name: "", address: "boss@customer.test" }]);
    expect(mail.bcc).toBeUndefined();
    expect(mail.subject).toBe(`Re: Password reset [#${ticketId}]`);
    expect(mail.inReplyTo).toBe(messageId);
    expect(mail.references).toBe(messageId);
    // The reply, then the footer under the signature separator, in the customer's language.
    expect(mail.text?.trim()).toBe(`Use the reset link.\n\n-- \nReply to this email to add to your request [#${ticketId}].`);
    expect(mail.html).toContain("<b>reset</b>");
    expect(mail.html).toContain(`Reply to this email to add to your request [#${ticketId}].`);
    const refs = await e.t.prisma.messageRef.findMany({ where: { messageId: reply.messageId } });
    expect(refs.map((r) => [r.system, r.externalId])).toEqual([["email", mail.messageId]]);
    expect((await emailRow(ticketId)).status).toBe("done");

    // The customer's answer to that mail threads by its Message-ID alone.
    const answer = await e.postRaw({
      messageId: `<cust-answer@customer.test>`,
      inReplyTo: mail.messageId!,
      subject: "Re: Password reset",
      to: "vip@acme.test",
      from: "carol@customer.test",
    });
    expect(await answer.json()).toMatchObject({ ticketId, created: false });
  });

  it("writes to a customer who wrote in Japanese in Japanese, and keeps a language stored on the contact", async () => {
    const { ticketId } = await openTicket({ from: "Hanako <hanako@customer.test>", subject: mimeWord("パスワードを再設定できません") });
    await replyToTicket(e.t.deps, { ticketId, text: "再設定用のリンクをお送りします。" }, as.ada);
    await dispatcher.runOnce();
    const mail = await PostalMime.parse(sink.received.at(-1)!.raw);
    expect(mail.subject).toBe(`Re: パスワードを再設定できません [#${ticketId}]`);
    expect(mail.text?.trim()).toBe(
      `再設定用のリンクをお送りします。\n\n-- \nこのメールに返信すると、お問い合わせ [#${ticketId}] に追記されます。`,
    );
    // A language stored on the contact wins over what the message looks like.
    await e.t.database.db.updateTable("Contact").set({ locale: "en" }).where("email", "=", "hanako@customer.test").execute();
    await replyToTicket(e.t.deps, { ticketId, text: "Sent again." }, as.ada);
    await dispatcher.runOnce();
    expect((await PostalMime.parse(sink.received.at(-1)!.raw)).text).toContain("Reply to this email to add to your request");
  });

  it("keeps a Japanese charset on the contact as its language, though the text is plain ASCII", async () => {
    const res = await e.postRaw({
      messageId: "<jis-1@customer.test>",
      subject: "Invoice",
      from: "Taro <taro@customer.test>",
      to: "vip@acme.test",
      contentType: "text/plain; charset=ISO-2022-JP",
      body: "Please resend the invoice.",
    });
    const { ticketId } = (await res.json()) as { ticketId: number };
    expect((await e.t.prisma.contact.findFirstOrThrow({ where: { email: "taro@customer.test" } })).locale).toBe("ja");
    await replyToTicket(e.t.deps, { ticketId, text: "Attached." }, as.ada);
    await dispatcher.runOnce();
    expect((await PostalMime.parse(sink.received.at(-1)!.raw)).text).toContain(
      `このメールに返信すると、お問い合わせ [#${ticketId}] に追記されます。`,
    );
  });

  it("takes no language from other headers: a Japanese name in To or a charset in List-Unsubscribe", async () => {
    await e.postRaw({
      messageId: "<jis-2@customer.test>",
      subject: "Invoice",
      from: "Jim <jim@customer.test>",
      to: `${mimeWord("山田")} <vip@acme.test>`.replace("UTF-8", "ISO-2022-JP"),
      headers: { "List-Unsubscribe": "<https://news.example/u?charset=Shift_JIS>" },
      body: "Please resend the invoice.",
    });
    expect((await e.t.prisma.contact.findFirstOrThrow({ where: { email: "jim@customer.test" } })).locale).toBeNull();
  });

  it("threads a reply to a specific earlier message under it", async () => {
    const { ticketId, messageId: first } = await openTicket();
    const second = `<cust-second-${seq}@customer.test>`;
    await e.postRaw({
      messageId: second,
      inReplyTo: first,
      subject: "Re: Password reset",
      to: "vip@acme.test",
      from: "carol@customer.test",
    });
    const firstMessage = await e.t.prisma.messageRef.findFirstOrThrow({ where: { externalId: first } });
    await replyToTicket(e.t.deps, { ticketId, text: "About your first mail…", inReplyToMessageId: firstMessage.messageId }, as.ada);
    sink.received.length = 0;
    await dispatcher.runOnce();
    const mail = await PostalMime.parse(sink.received[0]!.raw);
    expect(mail.inReplyTo).toBe(first);
    expect(mail.references).toBe(first);
  });

  it("retries after an SMTP 4xx and gives up at once on a 5xx, showing it on the ticket", async () => {
    const temp = await openTicket({ to: "support@acme.test" });
    await replyToTicket(e.t.deps, { ticketId: temp.ticketId, text: "Try again later" }, as.ada);
    sink.refuseWith({ code: 451, message: "4.3.0 Mailbox busy, try later" });
    await dispatcher.runOnce();
    const retried = await emailRow(temp.ticketId);
    expect(retried).toMatchObject({ status: "pending", attempts: 1 });
    expect(retried.lastError).toMatch(/451/);
    expect(retried.nextAttemptAt.getTime()).toBeGreaterThan(e.t.deps.now().getTime());

    sink.refuseWith({ code: 550, message: "5.1.1 No such user" });
    e.t.advance(60_000);
    await dispatcher.runOnce();
    const failed = await emailRow(temp.ticketId);
    expect(failed).toMatchObject({ status: "failed", attempts: 2 });
    const ev = await e.t.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: temp.ticketId, type: "delivery.failed" } });
    expect(JSON.parse(ev.data)).toMatchObject({ target: "email", error: expect.stringContaining("5.1.1") });

    sink.refuseWith(null);
    sink.received.length = 0;
    const later = await openTicket({ to: "billing@acme.test" });
    await replyToTicket(e.t.deps, { ticketId: later.ticketId, text: "Fine now" }, as.ada);
    await dispatcher.runOnce();
    const mail = await PostalMime.parse(sink.received.at(-1)!.raw);
    expect(mail.from).toEqual({ name: "Acme Billing", address: "billing@acme.test" });
  });

  it("retries while the SMTP server cannot be reached", async () => {
    const down = smtpDeliveryTarget({ deps: e.t.deps, inboxes: testInboxes, transport: smtpTransport("smtp://127.0.0.1:1") });
    const { ticketId } = await openTicket();
    const { messageId } = await replyToTicket(e.t.deps, { ticketId, text: "hello" }, as.ada);
    const row = await emailRow(ticketId);
    await expect(
      down.deliver({ id: row.id, ticketId, target: "email", topic: "email.reply", payload: { ticketId, messageId }, attempts: 0 }),
    ).rejects.toMatchObject({
      name: "DeliveryError",
      opts: {},
    });
    down.close();
  });
  it("sends a reply's HTML cleaned: no script, handler, form or frame goes out in our name; its images stay", async () => {
    const { ticketId } = await openTicket();
    const sent = sink.received.length;
    await replyToTicket(
      e.t.deps,
      {
        ticketId,
        text: "See the logo.",
        html: '<p onclick="steal()">See <a href="javascript:steal()">this</a><script>steal()</script><img src="https://cdn.example/logo.png" alt="logo"></p><form action="https://evil.example"><input name="pw"></form><iframe src="https://evil.example"></iframe>',
      },
      as.ada,
    );
    expect(await dispatcher.runOnce()).toBeGreaterThanOrEqual(1);
    const mails = await Promise.all(sink.received.slice(sent).map((m) => PostalMime.parse(m.raw)));
    const html = mails.find((m) => m.text?.startsWith("See the logo."))?.html;
    expect(html).toContain('<img src="https://cdn.example/logo.png" alt="logo" />');
    for (const gone of ["onclick", "<script", "steal()", "<form", "<input", "<iframe", "javascript:"]) expect(html).not.toContain(gone);
  });
});
