import { describe, expect, it } from "vitest";
import { headersToUtf8 } from "./legacy-headers.js";
import { parseMime } from "./mime.js";
import { toInboundInput } from "./to-inbound.js";
import { emailTestApp, testInboxes } from "./testing/app.js";
import { encodeEucJp, encodeIso2022Jp, encodeShiftJis, encodeWindows1252 } from "./testing/legacy-encode.js";
import { basicAuth } from "./testing/mail.js";

/** A message whose header values are the given bytes, exactly as a legacy client sends them. */
function rawBytesMail(opts: {
  subject: Buffer;
  fromName?: Buffer;
  contentType?: string;
  body?: Buffer;
  extra?: [string, Buffer][];
}): Buffer {
  const line = (name: string, value: Buffer | string) =>
    Buffer.concat([Buffer.from(`${name}: `, "latin1"), Buffer.isBuffer(value) ? value : Buffer.from(value, "latin1"), Buffer.from("\r\n")]);
  return Buffer.concat([
    opts.fromName
      ? Buffer.concat([Buffer.from("From: "), opts.fromName, Buffer.from(" <sender@customer.test>\r\n")])
      : line("From", "sender@customer.test"),
    line("To", "support@acme.test"),
    line("Subject", opts.subject),
    line("Message-ID", `<legacy-${Math.random().toString(36).slice(2)}@customer.test>`),
    ...(opts.extra ?? []).map(([k, v]) => line(k, v)),
    line("MIME-Version", "1.0"),
    line("Content-Type", opts.contentType ?? "text/plain"),
    Buffer.from("\r\n"),
    opts.body ?? Buffer.from("Hello\r\n"),
  ]);
}

async function parsed(mail: Buffer) {
  const r = await parseMime(mail);
  if (!r.ok) throw new Error(r.message);
  return r.email;
}

const ja = "ログインできません";
const kanjiOnly = "請求書";
const encoders = { Shift_JIS: encodeShiftJis, "EUC-JP": encodeEucJp, "ISO-2022-JP": encodeIso2022Jp };

describe("raw 8-bit header bytes", () => {
  it.each([
    ["declared windows-1252", "text/plain; charset=windows-1252"],
    ["no declared charset", "text/plain"],
    ["declared us-ascii", "text/plain; charset=us-ascii"],
  ])("reads Outlook's windows-1252 apostrophe (0x92) with %s", async (_, contentType) => {
    const email = await parsed(rawBytesMail({ subject: encodeWindows1252("Can’t log in – “urgent”"), contentType }));
    expect(email.subject).toBe("Can’t log in – “urgent”");
  });

  it.each([
    ["Shift_JIS", "text/plain; charset=Shift_JIS"],
    ["Shift_JIS", "text/plain"],
    ["Shift_JIS", "text/plain; charset=utf-8"],
    ["EUC-JP", "text/plain; charset=EUC-JP"],
    ["EUC-JP", "text/plain"],
    ["ISO-2022-JP", "text/plain; charset=ISO-2022-JP"],
    ["ISO-2022-JP", "text/plain"],
  ] as const)("reads a raw %s subject and display name (body: %s)", async (charset, contentType) => {
    const encode = encoders[charset];
    const email = await parsed(rawBytesMail({ subject: encode(`Re: ${ja}`), fromName: encode("山田太郎"), contentType }));
    expect(email.subject).toBe(`Re: ${ja}`);
    expect(email.from).toEqual({ address: "sender@customer.test", name: "山田太郎" });
  });

  it.each(["Shift_JIS", "EUC-JP"] as const)("reads a short all-kanji %s subject without any declared charset", async (charset) => {
    expect((await parsed(rawBytesMail({ subject: encoders[charset](kanjiOnly) }))).subject).toBe(kanjiOnly);
  });

  // Detection without a declared charset, on text where the candidates could be confused: an
  // apostrophe before a letter is also a valid Shift_JIS pair, and Shift_JIS pairs may end in ASCII.
  it.each([
    ["windows-1252", "I don’t think it’s fixed"],
    ["windows-1252", "Grüße aus Köln"],
    ["windows-1252", "Réclamation – facture n° 12 (€40)"],
    ["Shift_JIS", "ソフト表示の不具合"],
    ["Shift_JIS", "Re: 表示されない [#12]"],
    ["EUC-JP", "ソフト表示の不具合"],
  ] as const)("tells %s from the others: %s", async (charset, text) => {
    const encode = charset === "windows-1252" ? encodeWindows1252 : encoders[charset];
    expect((await parsed(rawBytesMail({ subject: encode(text) }))).subject).toBe(text);
  });

  it("reads the other text headers too, and a part's raw file name", async () => {
    const body = Buffer.concat([
      Buffer.from("--b\r\nContent-Type: text/plain; charset=Shift_JIS\r\n\r\n"),
      encodeShiftJis("添付します。"),
      Buffer.from('\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="'),
      encodeShiftJis("見積書.pdf"),
      Buffer.from('"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b--\r\n'),
    ]);
    const email = await parsed(
      rawBytesMail({
        subject: encodeShiftJis("見積もり"),
        contentType: 'multipart/mixed; boundary="b"',
        body,
        extra: [["Organization", encodeShiftJis("株式会社サンプル")]],
      }),
    );
    expect(email.subject).toBe("見積もり");
    expect(email.headers.find((h) => h.key === "organization")?.value).toBe("株式会社サンプル");
    expect(email.text?.trim()).toBe("添付します。");
    expect(email.attachments.map((a) => a.filename)).toEqual(["見積書.pdf"]);
  });

  it("leaves valid UTF-8 headers as they are, whatever the body declares", async () => {
    const subject = Buffer.from("Café ✓ ログイン — naïve", "utf8");
    const mail = rawBytesMail({ subject, fromName: Buffer.from("Zoë", "utf8"), contentType: "text/plain; charset=Shift_JIS" });
    expect(headersToUtf8(mail)).toBe(mail);
    const email = await parsed(mail);
    expect([email.subject, email.from.name]).toEqual(["Café ✓ ログイン — naïve", "Zoë"]);
  });

  it("never stores U+FFFD for bytes the customer wrote, and keeps the body's bytes as they were", async () => {
    // Bytes no Japanese charset reads (an 0x81 alone is undefined in windows-1252 too).
    const mail = rawBytesMail({ subject: Buffer.from([0x41, 0x81, 0xff, 0x42]), body: Buffer.from([0x48, 0x69, 0x0d, 0x0a]) });
    const email = await parsed(mail);
    expect(email.subject).not.toContain("\ufffd");
    expect(email.subject).toBe("A\u0081ÿB");
    const rewritten = Buffer.from(headersToUtf8(mail));
    expect(rewritten.subarray(rewritten.length - 4)).toEqual(Buffer.from([0x48, 0x69, 0x0d, 0x0a]));
  });

  it("stores the decoded subject on the ticket and threads the same message once", async () => {
    const e = await emailTestApp();
    try {
      const mail = rawBytesMail({ subject: encodeWindows1252("Can’t pay my invoice") });
      const first = (await (await e.postRaw(mail)).json()) as { ticketId: number };
      const again = (await (await e.postRaw(mail)).json()) as { ticketId: number; created: boolean };
      expect(again).toMatchObject({ ticketId: first.ticketId, created: false });
      expect((await e.t.prisma.ticket.findUniqueOrThrow({ where: { id: first.ticketId } })).subject).toBe("Can’t pay my invoice");
      const { input } = toInboundInput(await parsed(mail), { provider: "raw", inboxes: testInboxes });
      expect(input.subject).toBe("Can’t pay my invoice");
    } finally {
      await e.t.close();
    }
  });
});

describe("raw 8-bit header bytes from SendGrid's parsed fields", () => {
  it("decodes a Shift_JIS subject in `headers` that SendGrid calls UTF-8", async () => {
    const e = await emailTestApp();
    try {
      const b = "----sgboundary";
      const field = (name: string, value: Buffer | string) => [
        Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`),
        Buffer.from(value),
        Buffer.from("\r\n"),
      ];
      const headers = Buffer.concat([
        Buffer.from("From: kenji@sg-jp.test\nTo: support@acme.test\nSubject: "),
        encodeShiftJis(ja),
        Buffer.from("\nMessage-ID: <sg-raw-head@sg-jp.test>"),
      ]);
      const body = Buffer.concat([
        ...field("headers", headers),
        ...field("text", "本文"),
        ...field("charsets", JSON.stringify({ text: "UTF-8", headers: "UTF-8" })),
        ...field("envelope", JSON.stringify({ to: ["support@acme.test"], from: "kenji@sg-jp.test" })),
        Buffer.from(`--${b}--\r\n`),
      ]);
      const res = await e.app.request("/sendgrid", {
        method: "POST",
        body: new Uint8Array(body),
        headers: { "content-type": `multipart/form-data; boundary=${b}`, authorization: basicAuth() },
      });
      expect(res.status).toBe(200);
      const { ticketId } = (await res.json()) as { ticketId: number };
      expect((await e.t.prisma.ticket.findUniqueOrThrow({ where: { id: ticketId } })).subject).toBe(ja);
    } finally {
      await e.t.close();
    }
  });
});
