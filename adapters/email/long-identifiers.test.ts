import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailTestApp, type EmailTestApp } from "./testing/app.js";
import { rawMail, type MailSpec } from "./testing/mail.js";

// Whatever a sender writes into Message-ID or From must fit the database's unique indexes. Random
// characters, because PostgreSQL compresses a repetitive value before indexing it and would hide
// the limit (about 2.7 KB per btree entry).
const noise = (chars: number) => randomBytes(chars).toString("hex").slice(0, chars);

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

describe("identifiers longer than an index entry", () => {
  it("stores a mail with a 5 KB Message-ID once, and threads a reply through it", async () => {
    const longId = `<${noise(5000)}@customer.test>`;
    const mail = rawMail({ from: "ida@customer.test", messageId: longId, subject: "Long id" });
    const opened = await send(mail);
    expect(opened.created).toBe(true);
    // The provider retries the same delivery: still one ticket, one message.
    expect(await send(mail)).toEqual({ ...opened, created: false });
    const reply = await send({ from: "ida@customer.test", inReplyTo: longId, subject: "Re: Long id" });
    expect(reply).toEqual({ ...opened, created: false });
    const viaRefs = await send({ from: "ida@customer.test", references: `<other@customer.test> ${longId}`, subject: "Re: Re: Long id" });
    expect(viaRefs.ticketId).toBe(opened.ticketId);
    expect(await e.t.prisma.message.count({ where: { ticketId: opened.ticketId } })).toBe(3);
    const ref = await e.t.prisma.messageRef.findFirstOrThrow({
      where: { message: { ticketId: opened.ticketId }, system: "email" },
      orderBy: { id: "asc" },
    });
    expect(ref.externalId).toBe(longId);
  });

  it("stores mail from a 3 KB address (long local part, or long domain) as one contact and one company", async () => {
    for (const from of [`${noise(3000)}@customer.test`, `jo@${noise(3000)}.example`]) {
      const first = await send({ from, subject: "Long sender" });
      const again = await send({ from: from.toUpperCase(), subject: "Long sender again" });
      expect(first.created && again.created).toBe(true);
      const tickets = await e.t.prisma.ticket.findMany({
        where: { id: { in: [first.ticketId, again.ticketId] } },
        include: { contact: true, company: true },
      });
      expect(new Set(tickets.map((t) => t.contactId)).size).toBe(1);
      expect(tickets[0]!.contact!.email).toBe(from);
      const domain = from.slice(from.indexOf("@") + 1);
      expect(tickets.map((t) => t.company?.domain)).toEqual([domain, domain]);
      // A [#n] subject tag is trusted only from the ticket's own contacts: found by that address.
      const tagged = await send({ from, subject: `Re: Long sender [#${first.ticketId}]` });
      expect(tagged).toMatchObject({ ticketId: first.ticketId, created: false });
    }
  });
});
