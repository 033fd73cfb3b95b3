import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailTestApp, type EmailTestApp } from "./testing/app.js";
import { encodeIso2022Jp, encodeShiftJis } from "./testing/legacy-encode.js";
import { basicAuth, formData, mailgunSignature, rawMail, signRaw } from "./testing/mail.js";

/** multipart/form-data built by hand, so fields can carry bytes in any charset, as SendGrid sends them. */
function multipart(fields: [string, Buffer | string][]): { body: Uint8Array<ArrayBuffer>; type: string } {
  const b = "----sgboundary42";
  const chunks = fields.flatMap(([name, value]) => [
    Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`),
    Buffer.from(value),
    Buffer.from("\r\n"),
  ]);
  return { body: new Uint8Array(Buffer.concat([...chunks, Buffer.from(`--${b}--\r\n`)])), type: `multipart/form-data; boundary=${b}` };
}

let e: EmailTestApp;
beforeAll(async () => {
  e = await emailTestApp();
});
afterAll(() => e.t.close());

const counts = async () => ({ tickets: await e.t.prisma.ticket.count(), messages: await e.t.prisma.message.count() });
const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) => e.app.request(path, { method: "POST", body, headers });
const msgOf = (ticketId: number) =>
  e.t.prisma.message.findFirstOrThrow({ where: { ticketId }, include: { refs: true, attachments: true } });

describe("raw provider", () => {
  it("stores a signed message/rfc822 body and answers with the committed ticket", async () => {
    const res = await e.postRaw({ subject: "Printer on fire", messageId: "<raw-1@customer.test>", body: "It is on fire." });
    expect(res.status).toBe(200);
    const json = (await res.json()) as { ticketId: number; ticketNumber: string; created: boolean };
    expect(json).toEqual({ ticketId: expect.any(Number), ticketNumber: `#${json.ticketId}`, created: true });
    const ticket = await e.t.prisma.ticket.findUniqueOrThrow({ where: { id: json.ticketId }, include: { contact: true } });
    expect(ticket).toMatchObject({
      subject: "Printer on fire",
      source: "email",
      contact: { email: "carol@customer.test", name: "Carol Customer" },
    });
    expect((await msgOf(json.ticketId)).refs.map((r) => r.externalId)).toEqual(["<raw-1@customer.test>"]);
  });

  it("refuses a missing, wrong or re-keyed signature with 401 and writes nothing", async () => {
    const before = await counts();
    const body = rawMail({ subject: "forged" });
    const cases: Record<string, string>[] = [
      {},
      { "x-helpdesk-signature": "sha256=" + "0".repeat(64) },
      { "x-helpdesk-signature": signRaw(body, "another-secret") },
      { "x-helpdesk-signature": signRaw(Buffer.concat([body, Buffer.from("x")])) },
    ];
    for (const headers of cases) {
      const res = await post("/raw", new Uint8Array(body), { "content-type": "message/rfc822", ...headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: "unauthorized" } });
    }
    expect(await counts()).toEqual(before);
  });

  it("answers 400 with a JSON error for a body that is not a message, and 404 for an unknown provider", async () => {
    const junk = Buffer.from("this is not an email at all");
    const res = await post("/raw", new Uint8Array(junk), { "content-type": "message/rfc822", "x-helpdesk-signature": signRaw(junk) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "malformed", message: expect.stringContaining("RFC 5322") } });
    const unknown = await post("/hotmail", "x");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "unknown_provider" } });
  });
});

describe("postmark", () => {
  const payload = (over: Record<string, unknown> = {}) => ({
    FromName: "Pat Postmark",
    MessageStream: "inbound",
    From: "pat@postmark-customer.test",
    FromFull: { Email: "pat@postmark-customer.test", Name: "Pat Postmark", MailboxHash: "" },
    To: "vip@acme.test",
    ToFull: [{ Email: "vip@acme.test", Name: "", MailboxHash: "" }],
    Cc: "",
    CcFull: [],
    OriginalRecipient: "vip@acme.test",
    Subject: "Invoice question",
    MessageID: "73e6d360-66eb-11e1-8e72-a8904824019b",
    Date: "Fri, 1 Aug 2025 16:45:32 -04:00",
    MailboxHash: "",
    TextBody: "Where is my invoice?",
    HtmlBody: "<p>Where is my <b>invoice</b>?</p><script>alert(1)</script>",
    StrippedTextReply: "",
    Tag: "",
    Headers: [
      { Name: "X-Spam-Status", Value: "No" },
      { Name: "Message-ID", Value: "<pm-1@postmark-customer.test>" },
    ],
    Attachments: [
      { Name: "invoice.pdf", Content: Buffer.from("%PDF-1.4 fake").toString("base64"), ContentType: "application/pdf", ContentLength: 13 },
    ],
    ...over,
  });

  it("stores the inbound JSON, routed by the receiving address, with the attachment and sanitized HTML", async () => {
    const res = await post("/postmark", JSON.stringify(payload()), { "content-type": "application/json", authorization: basicAuth() });
    expect(res.status).toBe(200);
    const { ticketId } = (await res.json()) as { ticketId: number };
    expect(await e.t.prisma.ticket.findUniqueOrThrow({ where: { id: ticketId } })).toMatchObject({
      teamId: "vip",
      subject: "Invoice question",
    });
    const m = await msgOf(ticketId);
    expect(m.text).toBe("Where is my invoice?");
    expect(m.html).toContain("<b>invoice</b>");
    expect(m.html).not.toContain("script");
    expect(m.refs.map((r) => r.externalId)).toEqual(["<pm-1@postmark-customer.test>"]);
    expect(m.attachments.map((a) => [a.filename, a.contentType, a.size, Buffer.from(a.content!).toString()])).toEqual([
      ["invoice.pdf", "application/pdf", 13, "%PDF-1.4 fake"],
    ]);
  });

  it("refuses wrong basic auth with 401 and a non-Postmark body with 400", async () => {
    const before = await counts();
    expect((await post("/postmark", JSON.stringify(payload()), { authorization: basicAuth("inbound:wrong") })).status).toBe(401);
    expect((await post("/postmark", JSON.stringify(payload()))).status).toBe(401);
    const bad = await post("/postmark", JSON.stringify({ ToFull: "nope" }), { authorization: basicAuth() });
    expect(bad.status).toBe(400);
    expect(await counts()).toEqual(before);
  });
});

describe("sendgrid", () => {
  it("accepts the parsed form with headers, envelope and attachment files", async () => {
    const headers = [
      "From: Sam Grid <sam@grid-customer.test>",
      "To: billing@acme.test",
      "Subject: =?UTF-8?B?UmVmdW5kIOKCrDEw?=",
      "Message-ID: <sg-1@grid-customer.test>",
      "Date: Mon, 05 Jan 2026 09:00:00 +0000",
    ].join("\n");
    const form = formData(
      {
        headers,
        from: "Sam Grid <sam@grid-customer.test>",
        to: "billing@acme.test",
        subject: "Refund €10",
        text: "Please refund me.",
        envelope: JSON.stringify({ to: ["billing@acme.test"], from: "sam@grid-customer.test" }),
        attachments: "1",
        "attachment-info": JSON.stringify({ attachment1: { filename: "receipt.txt", name: "receipt.txt", type: "text/plain" } }),
        charsets: JSON.stringify({ to: "UTF-8", subject: "UTF-8", text: "UTF-8", from: "UTF-8" }),
      },
      [{ field: "attachment1", name: "receipt.txt", type: "text/plain", content: Buffer.from("paid 10") }],
    );
    const res = await post("/sendgrid", form, { authorization: basicAuth() });
    expect(res.status).toBe(200);
    const { ticketId } = (await res.json()) as { ticketId: number };
    expect(await e.t.prisma.ticket.findUniqueOrThrow({ where: { id: ticketId } })).toMatchObject({
      subject: "Refund €10",
      pipelineId: "billing",
    });
    const m = await msgOf(ticketId);
    expect(m.text).toBe("Please refund me.");
    expect(m.attachments.map((a) => [a.filename, a.size])).toEqual([["receipt.txt", 7]]);
  });

  it('accepts the raw ("send raw") form and refuses bad credentials', async () => {
    const email = rawMail({ subject: "Raw via SendGrid", messageId: "<sg-raw@grid-customer.test>" }).toString("utf8");
    const form = () =>
      formData({ email, envelope: JSON.stringify({ to: ["support@acme.test"], from: "carol@customer.test" }), to: "support@acme.test" });
    const before = await counts();
    expect((await post("/sendgrid", form(), { authorization: basicAuth("x:y") })).status).toBe(401);
    expect(await counts()).toEqual(before);
    const res = await post("/sendgrid", form(), { authorization: basicAuth() });
    expect(res.status).toBe(200);
    const { ticketId } = (await res.json()) as { ticketId: number };
    expect((await msgOf(ticketId)).refs[0]?.externalId).toBe("<sg-raw@grid-customer.test>");
  });
});

describe("sendgrid charsets", () => {
  it("decodes parsed fields in the charset SendGrid names, and raw 8-bit Shift_JIS mail as bytes", async () => {
    const parsed = multipart([
      [
        "headers",
        "From: kenji@sg-jp.test\nTo: support@acme.test\nSubject: =?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?=\nMessage-ID: <sg-jp@sg-jp.test>",
      ],
      ["text", encodeIso2022Jp("返信をお待ちしています。")],
      ["charsets", JSON.stringify({ text: "iso-2022-jp", headers: "UTF-8" })],
      ["envelope", JSON.stringify({ to: ["support@acme.test"], from: "kenji@sg-jp.test" })],
    ]);
    const res = await post("/sendgrid", parsed.body, { "content-type": parsed.type, authorization: basicAuth() });
    expect(res.status).toBe(200);
    const m = await msgOf(((await res.json()) as { ticketId: number }).ticketId);
    expect(m.text).toBe("返信をお待ちしています。");
    const raw = rawMail({
      contentType: "text/plain; charset=Shift_JIS",
      transferEncoding: "8bit",
      body: encodeShiftJis("8ビットの本文です。"),
    });
    const rawForm = multipart([
      ["email", raw],
      ["envelope", JSON.stringify({ to: ["support@acme.test"], from: "carol@customer.test" })],
    ]);
    const res2 = await post("/sendgrid", rawForm.body, { "content-type": rawForm.type, authorization: basicAuth() });
    expect((await msgOf(((await res2.json()) as { ticketId: number }).ticketId)).text).toBe("8ビットの本文です。");
  });
});

describe("mailgun", () => {
  const now = () => e.t.deps.now().getTime();

  it("accepts the parsed forward with a valid signature and message-headers", async () => {
    const form = formData(
      {
        ...mailgunSignature(now()),
        recipient: "support@acme.test",
        sender: "gun@mg-customer.test",
        from: "Gun Customer <gun@mg-customer.test>",
        subject: "Mailgun hello",
        "body-plain": "Hi from Mailgun",
        "message-headers": JSON.stringify([
          ["From", "Gun Customer <gun@mg-customer.test>"],
          ["To", "support@acme.test"],
          ["Subject", "Mailgun hello"],
          ["Message-Id", "<mg-1@mg-customer.test>"],
        ]),
        "attachment-count": "1",
      },
      [{ field: "attachment-1", name: "log.txt", type: "text/plain", content: Buffer.from("trace") }],
    );
    const res = await post("/mailgun", form);
    expect(res.status).toBe(200);
    const { ticketId } = (await res.json()) as { ticketId: number };
    const m = await msgOf(ticketId);
    expect(m).toMatchObject({ text: "Hi from Mailgun" });
    expect(m.refs[0]?.externalId).toBe("<mg-1@mg-customer.test>");
    expect(m.attachments.map((a) => a.filename)).toEqual(["log.txt"]);
    const urlencoded = new URLSearchParams({
      ...mailgunSignature(now()),
      recipient: "billing@acme.test",
      "body-plain": "Urlencoded forward",
      "message-headers": JSON.stringify([
        ["From", "gun@mg-customer.test"],
        ["Subject", "Form-encoded"],
        ["Message-Id", "<mg-2@mg-customer.test>"],
      ]),
    });
    const res2 = await post("/mailgun", urlencoded.toString(), { "content-type": "application/x-www-form-urlencoded" });
    expect(res2.status).toBe(200);
    const t2 = await e.t.prisma.ticket.findUniqueOrThrow({ where: { id: ((await res2.json()) as { ticketId: number }).ticketId } });
    expect(t2).toMatchObject({ subject: "Form-encoded", pipelineId: "billing" });
  });

  it("accepts body-mime, and refuses a bad signature or one outside the replay window", async () => {
    const mime = rawMail({ subject: "Mailgun MIME", messageId: "<mg-mime@mg-customer.test>" }).toString("utf8");
    const before = await counts();
    const forged = { ...mailgunSignature(now()), signature: "a".repeat(64) };
    expect((await post("/mailgun", formData({ ...forged, "body-mime": mime }))).status).toBe(401);
    const stale = mailgunSignature(now() - 10 * 60_000);
    expect((await post("/mailgun", formData({ ...stale, "body-mime": mime }))).status).toBe(401);
    expect((await post("/mailgun", formData({ "body-mime": mime }))).status).toBe(401);
    expect(await counts()).toEqual(before);
    const ok = await post("/mailgun", formData({ ...mailgunSignature(now()), recipient: "support@acme.test", "body-mime": mime }));
    expect(ok.status).toBe(200);
    const { ticketId } = (await ok.json()) as { ticketId: number };
    expect((await msgOf(ticketId)).refs[0]?.externalId).toBe("<mg-mime@mg-customer.test>");
  });
});
