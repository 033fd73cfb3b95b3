// A mail with no words of its own (only attachments, or nothing): the ticket gets the core's
// placeholder, in the language the mail shows (its charset), not an English one from the adapter.
import { afterAll, beforeAll, expect, it } from "vitest";
import { emailTestApp, type EmailTestApp } from "./testing/app.js";
import { encodeIso2022Jp } from "./testing/legacy-encode.js";

let e: EmailTestApp;
beforeAll(async () => {
  e = await emailTestApp();
});
afterAll(() => e.t.close());

async function send(from: string, subject: string, body: string[]): Promise<number> {
  const res = await e.postRaw({
    from,
    subject,
    contentType: "multipart/mixed; boundary=outer",
    body: [...body, "--outer--", ""].join("\r\n"),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { ticketId: number }).ticketId;
}
const attachment = (name: string) => [
  "--outer",
  `Content-Type: application/pdf; name="${name}"`,
  `Content-Disposition: attachment; filename="${name}"`,
  "Content-Transfer-Encoding: base64",
  "",
  Buffer.from("%PDF").toString("base64"),
];
const textOf = async (ticketId: number) => (await e.t.prisma.message.findFirstOrThrow({ where: { ticketId } })).text;

it("stores a Japanese mail's attachments without text under a Japanese placeholder", async () => {
  const subject = `=?ISO-2022-JP?B?${encodeIso2022Jp("見積書").toString("base64")}?=`;
  const id = await send("yamada@example.co.jp", subject, [...attachment("a.pdf"), ...attachment("b.pdf")]);
  expect(await textOf(id)).toBe("（添付ファイル 2 件、本文なし）");
});

it("stores an English-looking one under the help desk's placeholder", async () => {
  const id = await send("sam@customer.test", "Scan", [...attachment("scan.pdf")]);
  expect(await textOf(id)).toBe("(1 attachment, no text)");
});
