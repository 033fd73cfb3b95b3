import { describe, expect, it } from "vitest";
import { parseMime } from "./mime.js";
import { toInboundInput } from "./to-inbound.js";
import { testInboxes } from "./testing/app.js";
import { encodeIso2022Jp, encodeShiftJis, encodeWindows1252 } from "./testing/legacy-encode.js";
import { rawMail, type MailSpec } from "./testing/mail.js";

async function intake(spec: MailSpec | Buffer) {
  const parsed = await parseMime(Buffer.isBuffer(spec) ? spec : rawMail(spec));
  if (!parsed.ok) throw new Error(parsed.message);
  return { email: parsed.email, ...toInboundInput(parsed.email, { provider: "raw", inboxes: testInboxes }) };
}

const b64 = (b: Buffer) => b.toString("base64");
const word = (charset: string, bytes: Buffer) => `=?${charset}?B?${b64(bytes)}?=`;

describe("MIME decoding", () => {
  it("decodes ISO-2022-JP bodies and RFC 2047 headers (the Japanese mail default)", async () => {
    const { input } = await intake({
      from: `${word("ISO-2022-JP", encodeIso2022Jp("山田太郎"))} <yamada@example.co.jp>`,
      subject: word("ISO-2022-JP", encodeIso2022Jp("ログインできません")),
      contentType: "text/plain; charset=ISO-2022-JP",
      transferEncoding: "7bit",
      body: encodeIso2022Jp("パスワードを忘れました。\r\nよろしくお願いします。"),
    });
    expect(input.from).toEqual({ email: "yamada@example.co.jp", name: "山田太郎" });
    expect(input.subject).toBe("ログインできません");
    expect(input.text).toBe("パスワードを忘れました。\nよろしくお願いします。");
  });

  it("decodes Shift_JIS in base64, and a Q-encoded Shift_JIS subject", async () => {
    const subject = encodeShiftJis("請求書について");
    const q = [...subject].map((b) => `=${b.toString(16).toUpperCase().padStart(2, "0")}`).join("");
    const { input } = await intake({
      subject: `=?Shift_JIS?Q?${q}?=`,
      contentType: "text/plain; charset=Shift_JIS",
      transferEncoding: "base64",
      body: b64(encodeShiftJis("先月の請求書が届いていません。")),
    });
    expect(input.subject).toBe("請求書について");
    expect(input.text).toBe("先月の請求書が届いていません。");
  });

  it("decodes windows-1252 quoted-printable (smart quotes, euro, accents)", async () => {
    const qp = [...encodeWindows1252("Café “menu” costs €5 – merci")]
      .map((b) => (b >= 0x80 || b === 0x3d ? `=${b.toString(16).toUpperCase()}` : String.fromCharCode(b)))
      .join("");
    const { input } = await intake({
      subject: word("windows-1252", encodeWindows1252("Réclamation – facture")),
      contentType: "text/plain; charset=windows-1252",
      transferEncoding: "quoted-printable",
      body: Buffer.from(qp + "=\r\n and a soft break", "latin1"),
    });
    expect(input.subject).toBe("Réclamation – facture");
    expect(input.text).toBe("Café “menu” costs €5 – merci and a soft break");
  });

  it("reads multipart/mixed with alternative text and HTML, and a base64 attachment", async () => {
    const body = [
      "--outer",
      "Content-Type: multipart/alternative; boundary=inner",
      "",
      "--inner",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      "Plain =E2=9C=93 version",
      "--inner",
      "Content-Type: text/html; charset=utf-8",
      "",
      `<p onclick="steal()">HTML <a href="javascript:alert(1)">x</a> <a href="https://ok.test">ok</a> version</p><img src="http://tracker.test/p.gif"><iframe src="https://evil.test"></iframe>`,
      "--inner--",
      "--outer",
      'Content-Type: image/png; name="shot.png"',
      'Content-Disposition: attachment; filename="shot.png"',
      "Content-Transfer-Encoding: base64",
      "",
      b64(Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])),
      "--outer--",
      "",
    ].join("\r\n");
    const { input } = await intake({ contentType: "multipart/mixed; boundary=outer", body });
    expect(input.text).toBe("Plain ✓ version");
    expect(input.html).toContain('<a href="https://ok.test"');
    expect(input.html).not.toMatch(/onclick|javascript:|iframe|tracker/);
    expect(input.attachments).toEqual([{ filename: "shot.png", contentType: "image/png", size: 7, content: expect.any(Uint8Array) }]);
  });

  it("renders an HTML-only message as text for chat, without its blockquoted history", async () => {
    const { input } = await intake({
      contentType: "text/html; charset=utf-8",
      body: "<div>Thanks, that fixed it!<br>Carol</div><div class=gmail_quote>On Mon, Jan 5, 2026 at 9:00 AM Acme Support &lt;support@acme.test&gt; wrote:<blockquote>Try restarting.</blockquote></div>",
    });
    expect(input.text).toBe("Thanks, that fixed it!\nCarol");
    expect(input.html).toContain("Try restarting.");
  });
});

describe("quoted history", () => {
  it("shows only the new part in chat and keeps the whole message as HTML", async () => {
    const { input } = await intake({
      body: "Still broken, see below.\n\nOn Mon, Jan 5, 2026 at 9:00 AM Acme Support <support@acme.test> wrote:\n> Did you try restarting?\n> \n> Acme",
    });
    expect(input.text).toBe("Still broken, see below.");
    expect(input.html).toContain("Did you try restarting?");
  });

  it.each([
    [
      "Outlook",
      "New text\r\n\r\n________________________________\r\nFrom: Acme Support <support@acme.test>\r\nSent: Monday, January 5, 2026 9:00 AM\r\nOld text",
    ],
    [
      "Outlook header block",
      "New text\r\n\r\nFrom: Acme Support <support@acme.test>\r\nSent: Monday, January 5, 2026 9:00 AM\r\nTo: carol@customer.test\r\nOld text",
    ],
    ["Japanese client", "New text\r\n\r\n2026年1月5日(月) 9:00 Acme Support <support@acme.test>:\r\n> Old text"],
    [
      "Gmail wrapped attribution",
      "New text\r\n\r\nOn Mon, Jan 5, 2026 at 9:00 AM Acme Support <\r\nsupport@acme.test> wrote:\r\n\r\n> Old text",
    ],
    ["bare > quote", "New text\r\n\r\n> Old text\r\n> more"],
  ])("recognises the %s style", async (_, body) => {
    const { input } = await intake({ body });
    expect(input.text).toBe("New text");
  });

  it("keeps a message that is all quote as it is", async () => {
    const { input } = await intake({ body: "> only a quote" });
    expect(input.text).toBe("> only a quote");
  });
});
