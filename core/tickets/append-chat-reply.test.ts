import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { appendChatReply } from "./append-chat-reply.js";
import { changeStatus } from "./change-status.js";
import { claimTicket } from "./claim-ticket.js";
import { createTicket } from "./create-ticket.js";
import { mergeTickets } from "./merge-tickets.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

const carol = "200000000000000123";
const fromChat = (subject: string, messageId: string) =>
  createTicket(
    t.deps,
    {
      subject,
      text: "Login fails",
      requester: { surface: "discord", userId: carol, name: "Carol" },
      origin: { surface: "discord", channelId: "200000000000000009", messageId },
    },
    as.bob,
  );

describe("a chat requester writing again", () => {
  it("joins the ticket as the customer's message, moves the status on and tells the owner, once", async () => {
    const ticket = await fromChat("Chat login", "300000000000000501");
    await claimTicket(t.deps, { ticketId: ticket.id }, as.bob);
    await changeStatus(t.deps, { ticketId: ticket.id, statusId: "waiting_on_customer" }, as.bob);
    const input = {
      ticketId: ticket.id,
      surface: "discord" as const,
      userId: carol,
      text: "Still failing, sorry",
      externalId: "200000000000000009:300000000000000502",
    };
    const r = await appendChatReply(t.deps, input);
    expect(r).toMatchObject({ created: false, duplicate: false, ticket: { id: ticket.id, status: { id: "in_progress" } } });
    const m = await t.prisma.message.findUniqueOrThrow({ where: { id: r!.messageId } });
    const author = await t.prisma.contact.findFirstOrThrow({ where: { identities: { some: { surface: "discord", externalId: carol } } } });
    expect(m).toMatchObject({ kind: "INBOUND", channel: "discord", text: "Still failing, sorry", authorContactId: author.id });
    const told = await t.prisma.outbox.findMany({ where: { ticketId: ticket.id, topic: "agents.notify" } });
    expect(told.map((o) => JSON.parse(o.payload))).toContainEqual(
      expect.objectContaining({ agentIds: ["bob"], reason: "inbound", messageId: m.id }),
    );
    expect(await appendChatReply(t.deps, input)).toMatchObject({ duplicate: true, messageId: m.id });
    expect(await t.prisma.message.count({ where: { ticketId: ticket.id, kind: "INBOUND" } })).toBe(2);
  });

  it("takes nothing from someone who is not the ticket's contact, unless where everyone is a customer (then a cc contact)", async () => {
    const ticket = await fromChat("Chat stranger", "300000000000000601");
    const r = await appendChatReply(t.deps, {
      ticketId: ticket.id,
      surface: "discord",
      userId: "200000000000000999",
      text: "me too!",
      externalId: "c:300000000000000602",
    });
    expect(r).toBeNull();
    expect(await t.prisma.message.count({ where: { ticketId: ticket.id } })).toBe(1);
    const joined = await appendChatReply(t.deps, {
      ticketId: ticket.id,
      surface: "discord",
      userId: "200000000000000999",
      text: "me too!",
      externalId: "c:300000000000000603",
      attachments: [{ filename: "log.txt", contentType: "text/plain", size: 2, content: new Uint8Array([104, 105]) }],
      newcomer: { name: "Dee", email: "dee@initech.test" },
    });
    const dee = await t.prisma.contact.findFirstOrThrow({ where: { email: "dee@initech.test" }, include: { company: true } });
    expect(dee).toMatchObject({ name: "Dee", company: { domain: "initech.test" } });
    expect(await t.prisma.ticketContact.findMany({ where: { ticketId: ticket.id, contactId: dee.id } })).toEqual([
      expect.objectContaining({ role: "cc" }),
    ]);
    const m = await t.prisma.message.findUniqueOrThrow({ where: { id: joined!.messageId }, include: { attachments: true } });
    expect(m).toMatchObject({ kind: "INBOUND", text: "me too!", authorContactId: dee.id });
    expect(m.attachments.map((a) => a.filename)).toEqual(["log.txt"]);
  });

  it("lands on the primary when the ticket was merged", async () => {
    const secondary = await fromChat("Chat secondary", "300000000000000701");
    const primary = await createTicket(t.deps, { subject: "Primary", requester: { email: "p@x.test" } }, as.bob);
    await mergeTickets(t.deps, { primaryId: primary.id, secondaryId: secondary.id }, as.bob);
    const r = await appendChatReply(t.deps, {
      ticketId: secondary.id,
      surface: "discord",
      userId: carol,
      text: "any news?",
      externalId: "c:300000000000000702",
    });
    expect(r?.ticket.id).toBe(primary.id);
  });
});
