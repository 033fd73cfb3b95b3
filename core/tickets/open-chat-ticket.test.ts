import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testCore, type TestCore } from "../../test/harness.js";
import { isHelpdeskError } from "../errors.js";
import { openChatTicket, type OpenChatTicketInput } from "./open-chat-ticket.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

let n = 0;
const request = (over: Partial<OpenChatTicketInput> = {}): OpenChatTicketInput => {
  n++;
  return {
    surface: "discord",
    userId: "300000000000000001",
    name: "Carol",
    locale: "ja",
    subject: "  Cannot   log in ",
    text: "Since this morning.",
    origin: { channelId: `40000000000000000${n}`, messageId: `41000000000000000${n}` },
    requestId: `42000000000000000${n}`,
    ...over,
  };
};

describe("openChatTicket", () => {
  it("opens a ticket as the customer: source the surface, the chat contact as requester, their words first, the thread as origin", async () => {
    const input = request();
    const { ticket, created } = await openChatTicket(t.deps, input);
    expect(created).toBe(true);
    expect(ticket).toMatchObject({ subject: "Cannot log in", source: "discord", status: { id: "new" }, owner: null });
    const msgs = await t.prisma.message.findMany({ where: { ticketId: ticket.id } });
    expect(msgs).toMatchObject([
      { kind: "INBOUND", text: "Since this morning.", authorContactId: ticket.contact!.id, authorAgentId: null },
    ]);
    const identity = await t.prisma.chatIdentity.findFirstOrThrow({
      where: { surface: "discord", externalId: input.userId, kind: "contact" },
    });
    expect(identity.contactId).toBe(ticket.contact!.id);
    const contact = await t.prisma.contact.findUniqueOrThrow({ where: { id: ticket.contact!.id } });
    expect(contact).toMatchObject({ name: "Carol", locale: "ja" });
    const origin = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: ticket.id, role: "origin" } });
    expect(origin).toMatchObject({ surface: "discord", channelId: input.origin.channelId, messageId: input.origin.messageId });
    const events = await t.prisma.timelineEvent.findMany({ where: { ticketId: ticket.id, type: "ticket.created" } });
    expect(events.map((e) => [e.actorType, e.actorId])).toEqual([["contact", ticket.contact!.id]]);
  });

  it("makes one ticket of the same request twice", async () => {
    const input = request();
    const first = await openChatTicket(t.deps, input);
    const again = await openChatTicket(t.deps, { ...input, origin: { channelId: "499999999999999999", messageId: "499999999999999998" } });
    expect(again).toMatchObject({ created: false, ticket: { id: first.ticket.id } });
    expect(await t.prisma.ticket.count({ where: { subject: "Cannot log in", contactId: first.ticket.contact!.id } })).toBeGreaterThan(0);
    expect(await t.prisma.chatLink.count({ where: { channelId: "499999999999999999" } })).toBe(0);
  });

  it("refuses an agent's own account: agents open tickets for customers another way", async () => {
    const e = await openChatTicket(t.deps, request({ userId: "100000000000000001" })).catch((x: unknown) => x);
    expect(isHelpdeskError(e) && e.code).toBe("forbidden");
  });

  it("refuses a request without a subject", async () => {
    const e = await openChatTicket(t.deps, request({ subject: "   " })).catch((x: unknown) => x);
    expect(isHelpdeskError(e) && e.code).toBe("invalid");
  });
});
