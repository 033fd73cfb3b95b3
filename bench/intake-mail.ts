// Realistic inbound mail for `npm run bench:intake`: new requests and threaded replies, in the
// charsets and encodings customers send (UTF-8, ISO-2022-JP, Shift_JIS, windows-1252; QP,
// base64, multipart/alternative with HTML, the odd attachment, quoted history under replies).
import { encodeIso2022Jp, encodeShiftJis, encodeWindows1252 } from "../adapters/email/testing/legacy-encode.js";

export interface BenchMail {
  messageId: string;
  raw: Buffer;
}

const word = (charset: string, bytes: Buffer) => `=?${charset}?B?${bytes.toString("base64")}?=`;
const qp = (bytes: Buffer) =>
  [...bytes]
    .map((b) => (b >= 0x80 || b === 0x3d ? `=${b.toString(16).toUpperCase().padStart(2, "0")}` : String.fromCharCode(b)))
    .join("")
    .replace(/(.{70})/g, "$1=\r\n");

function assemble(headers: string[], body: Buffer | string): Buffer {
  return Buffer.concat([
    Buffer.from(`${headers.join("\r\n")}\r\nMIME-Version: 1.0\r\n`, "latin1"),
    typeof body === "string" ? Buffer.from(body, "latin1") : body,
  ]);
}

/** Body variants, chosen round-robin: [Content-Type/encoding headers + blank line + body]. */
const variants: ((n: number, quote: string) => { subject: string; part: Buffer | string })[] = [
  (n, quote) => ({
    subject: `Cannot log in to my account (${n})`,
    part: `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nHi, I keep getting "invalid password" since this morning. Order #${n}.\r\nThanks, Carol\r\n${quote}`,
  }),
  (n, quote) => ({
    subject: word("ISO-2022-JP", encodeIso2022Jp(`ログインできません ${n}`)),
    part: Buffer.concat([
      Buffer.from("Content-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit\r\n\r\n", "latin1"),
      encodeIso2022Jp(`お世話になっております。パスワードを再設定できません。\r\nよろしくお願いいたします。\r\n${quote}`),
    ]),
  }),
  (n, quote) => ({
    subject: word("Shift_JIS", encodeShiftJis(`請求書について ${n}`)),
    part: `Content-Type: text/plain; charset=Shift_JIS\r\nContent-Transfer-Encoding: base64\r\n\r\n${encodeShiftJis(
      `先月の請求書がまだ届いていません。確認をお願いします。\r\n${quote}`,
    )
      .toString("base64")
      .replace(/(.{76})/g, "$1\r\n")}\r\n`,
  }),
  (n, quote) => ({
    subject: word("windows-1252", encodeWindows1252(`Réclamation – commande ${n}`)),
    part: `Content-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${qp(encodeWindows1252(`Bonjour, la “commande” n’est pas arrivée – 25 € payés.\r\n${quote}`))}\r\n`,
  }),
  (n, quote) => ({
    subject: `Export to CSV fails (${n})`,
    part: [
      "Content-Type: multipart/mixed; boundary=mix",
      "",
      "--mix",
      "Content-Type: multipart/alternative; boundary=alt",
      "",
      "--alt",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      `The export button spins forever =E2=80=94 see the log attached.\r\n${quote}`,
      "--alt",
      "Content-Type: text/html; charset=utf-8",
      "",
      `<div>The export button spins forever &mdash; see the <b>log</b> attached.</div><blockquote>${quote}</blockquote>`,
      "--alt--",
      "--mix",
      'Content-Type: text/plain; name="export.log"',
      'Content-Disposition: attachment; filename="export.log"',
      "Content-Transfer-Encoding: base64",
      "",
      Buffer.from(`ERROR export timed out after 30s (job ${n})\n`.repeat(20))
        .toString("base64")
        .replace(/(.{76})/g, "$1\r\n"),
      "--mix--",
      "",
    ].join("\r\n"),
  }),
];

/** The n-th mail; a reply when `answers` names an earlier acknowledged message. */
export function benchMail(n: number, run: string, answers?: { messageId: string; from: string }): BenchMail & { from: string } {
  const from = answers?.from ?? `customer${n}@company${n % 97}.example`;
  const messageId = `<bench-${run}-${n}@${from.split("@")[1]}>`;
  const quote = answers
    ? "\r\nOn Mon, Jan 5, 2026 at 9:00 AM Support <support@acme.example> wrote:\r\n> Could you send more details?\r\n"
    : "";
  const v = variants[n % variants.length]!(n, quote);
  const headers = [
    `From: Customer ${n} <${from}>`,
    "To: Support <support@acme.example>",
    `Subject: ${answers ? "Re: " : ""}${v.subject}`,
    "Date: Mon, 05 Jan 2026 09:00:00 +0000",
    `Message-ID: ${messageId}`,
    ...(answers ? [`In-Reply-To: ${answers.messageId}`, `References: ${answers.messageId}`] : []),
  ];
  return { messageId, from, raw: assemble(headers, v.part) };
}
