// Texts the help desk stores in place of words nobody wrote: a customer's message with no text, a
// ticket without a subject, a split ticket's subject. They are in the customer's language where
// they stand for the customer's words, else the help desk's, and never make a customer Japanese.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testConfigInput, testCore, type TestCore } from "../../test/harness.js";
import { buildCatalog, HelpdeskConfig } from "../config.js";
import type { CoreDeps } from "../deps.js";
import { ingestInbound } from "./ingest-inbound.js";
import { splitTicket } from "./split-ticket.js";

let t: TestCore;
/** The same database, the help desk speaking Japanese. */
let ja: CoreDeps;
beforeAll(async () => {
  t = await testCore();
  ja = { ...t.deps, catalog: buildCatalog(HelpdeskConfig.parse(testConfigInput), { locale: "ja", timeZone: "Asia/Tokyo" }) };
});
afterAll(() => t.close());

const file = (name: string) => ({ filename: name, contentType: "text/plain", size: 1, content: new Uint8Array([1]) });
const firstMessage = (ticketId: number) => t.prisma.message.findFirstOrThrow({ where: { ticketId }, orderBy: { createdAt: "asc" } });
const contactOf = (email: string) => t.prisma.contact.findFirstOrThrow({ where: { email } });

describe("a customer's message without text", () => {
  it("is stored with a placeholder in the help desk's language, and does not make the customer Japanese", async () => {
    const r = await ingestInbound(ja, { channel: "email", from: { email: "blank@x.test" }, text: "  ", externalId: "<p1@x.test>" });
    expect(r.ticket.subject).toBe("（件名なし）");
    expect((await firstMessage(r.ticket.id)).text).toBe("（本文なし）");
    expect((await contactOf("blank@x.test")).locale).toBeNull();
  });

  it("counts its attachments, in the language its charset shows", async () => {
    const r = await ingestInbound(t.deps, {
      channel: "email",
      from: { email: "tanaka@x.test" },
      charset: "ISO-2022-JP",
      text: "",
      attachments: [file("a.pdf"), file("b.pdf")],
      externalId: "<p2@x.test>",
    });
    expect(r.ticket.subject).toBe("（件名なし）");
    expect((await firstMessage(r.ticket.id)).text).toBe("（添付ファイル 2 件、本文なし）");
  });

  it("follows the customer's known language when the message says none, on a new ticket and on a reply", async () => {
    const first = await ingestInbound(ja, {
      channel: "email",
      from: { email: "sam@x.test" },
      subject: "Invoice",
      text: "",
      attachments: [file("invoice.pdf")],
      externalId: "<p3@x.test>",
    });
    expect((await firstMessage(first.ticket.id)).text).toBe("（添付ファイル 1 件、本文なし）");
    await t.prisma.contact.update({ where: { id: (await contactOf("sam@x.test")).id }, data: { locale: "en" } });
    const again = await ingestInbound(ja, {
      channel: "email",
      from: { email: "sam@x.test" },
      text: "",
      threadKeys: { messageIds: ["<p3@x.test>"] },
      externalId: "<p4@x.test>",
    });
    expect(again.created).toBe(false);
    const reply = await t.prisma.message.findFirstOrThrow({ where: { ticketId: first.ticket.id }, orderBy: { createdAt: "desc" } });
    expect(reply.text).toBe("(no text)");
    const alone = await ingestInbound(ja, { channel: "email", from: { email: "sam@x.test" }, text: "", externalId: "<p5@x.test>" });
    expect(alone.ticket.subject).toBe("(no subject)");
  });

  it("keeps a subject from the text's first line", async () => {
    const r = await ingestInbound(ja, {
      channel: "email",
      from: { email: "line@x.test" },
      text: "\nPrinter jam\nmore",
      externalId: "<p6@x.test>",
    });
    expect(r.ticket.subject).toBe("Printer jam");
  });
});

describe("a split ticket's subject", () => {
  it("marks the original's subject in the help desk's language", async () => {
    const r = await ingestInbound(ja, {
      channel: "email",
      from: { email: "split@x.test" },
      subject: "請求書",
      text: "一通目",
      externalId: "<s1@x.test>",
    });
    const second = await ingestInbound(ja, {
      channel: "email",
      from: { email: "split@x.test" },
      text: "二通目",
      threadKeys: { messageIds: ["<s1@x.test>"] },
      externalId: "<s2@x.test>",
    });
    const { created } = await splitTicket(ja, { ticketId: r.ticket.id, messageIds: [second.messageId] }, as.ada);
    expect(created.subject).toBe("請求書（分割）");
  });
});
