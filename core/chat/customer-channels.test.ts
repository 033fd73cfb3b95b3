// Customer channels in the core, on a real database: who may connect one, and how a customer's
// chat message becomes a ticket (its contact, company and origin, once).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { systemActor } from "../deps.js";
import { isHelpdeskError } from "../errors.js";
import { ingestInbound } from "../tickets/ingest-inbound.js";
import { connectCustomerChannel, connectedCustomerChannel, customerOriginOf, disconnectCustomerChannel } from "./customer-channels.js";
import { openChannelTicket, type OpenChannelTicketInput } from "./open-channel-ticket.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (isHelpdeskError(e) ? e.code : String(e)),
  );

let n = 0;
const request = (extra: Partial<OpenChannelTicketInput> = {}): OpenChannelTicketInput => {
  const ts = `1767700${String(++n).padStart(3, "0")}.000100`;
  return {
    surface: "slack",
    channelId: "CCUST",
    messageId: ts,
    externalId: `CCUST:${ts}`,
    subject: "Help",
    text: "Help please",
    userId: `U0C${n}`,
    ...extra,
  };
};

describe("connectCustomerChannel", () => {
  it("is for admins, checks the company's domain, and updates a channel connected again", async () => {
    expect(await codeOf(connectCustomerChannel(t.deps, { surface: "slack", channelId: "C1" }, as.bob))).toBe("forbidden");
    expect(await codeOf(connectCustomerChannel(t.deps, { surface: "slack", channelId: "C1", company: "not a domain" }, as.ada))).toBe(
      "invalid",
    );
    expect((await connectCustomerChannel(t.deps, { surface: "slack", channelId: "C1", company: "Acme.IO" }, as.ada)).created).toBe(true);
    expect((await connectCustomerChannel(t.deps, { surface: "slack", channelId: "C1", company: "acme.com" }, as.ada)).created).toBe(false);
    expect(await connectedCustomerChannel(t.deps, "slack", "C1")).toMatchObject({ company: "acme.com" });
    expect(await codeOf(disconnectCustomerChannel(t.deps, { surface: "slack", channelId: "C1" }, as.bob))).toBe("forbidden");
    expect(await disconnectCustomerChannel(t.deps, { surface: "slack", channelId: "C1" }, as.ada)).toBe(true);
    expect(await connectedCustomerChannel(t.deps, "slack", "C1")).toBeNull();
  });
});

describe("openChannelTicket", () => {
  it("makes one ticket of a message, its origin, and the customer's contact with the company hinted", async () => {
    const input = request({ name: "Kim", company: { domain: "globex.test", name: "Globex" } });
    const first = await openChannelTicket(t.deps, input, systemActor);
    const again = await openChannelTicket(t.deps, input, systemActor);
    expect([first.created, again.created, again.ticket.id]).toEqual([true, false, first.ticket.id]);
    expect(first.ticket).toMatchObject({ source: "slack", contact: { name: "Kim" }, company: { domain: "globex.test", name: "Globex" } });
    // An agent's reaction on the same message is told it is a ticket already.
    expect(await codeOf(openChannelTicket(t.deps, { ...input, externalId: "other" }, as.bob))).toBe("conflict");
    const origin = await customerOriginOf(t.deps, "slack", first.ticket.id);
    expect(origin).toMatchObject({ channelId: "CCUST", messageId: input.messageId, threadId: input.messageId, acknowledged: false });
  });

  it("gives an email customer writing in chat their own contact and company", async () => {
    const mail = await ingestInbound(t.deps, { channel: "email", from: { email: "lee@initech.test" }, subject: "Hi", text: "Hi" });
    const { ticket } = await openChannelTicket(
      t.deps,
      request({ email: "LEE@initech.test", company: { domain: "other.test" } }),
      systemActor,
    );
    expect(ticket.contact?.id).toBe(mail.ticket.contact?.id);
    expect(ticket.company?.domain).toBe("initech.test");
  });

  it("names a known chat customer's company by the address they give later, before the channel's hint, unless free mail", async () => {
    for (const [email, company] of [
      ["sam@umbrella.test", "umbrella.test"],
      ["sam@gmail.com", "hinted.test"],
    ] as const) {
      const first = await openChannelTicket(t.deps, request(), systemActor);
      expect(first.ticket.company).toBeNull();
      const userId = `U0C${n}`;
      const { ticket } = await openChannelTicket(t.deps, request({ userId, email, company: { domain: "hinted.test" } }), systemActor);
      expect(ticket.contact?.id).toBe(first.ticket.contact?.id);
      expect(ticket.company?.domain).toBe(company);
    }
  });

  it("detects the customer's language and opens a ticket whatever the hint's domain", async () => {
    const { ticket } = await openChannelTicket(t.deps, request({ text: "ログインできません", company: { domain: "!!" } }), systemActor);
    const contact = await t.prisma.contact.findUniqueOrThrow({ where: { id: ticket.contact!.id } });
    expect(contact.locale).toBe("ja");
    expect(ticket.company).toBeNull();
    expect((await customerOriginOf(t.deps, "slack", ticket.id))?.locale).toBe("ja");
  });

  it("makes one ticket when the message's event and an agent's reaction open it at the same moment", async () => {
    for (let round = 0; round < 3; round++) {
      const input = request();
      const [event, again, reaction] = await Promise.allSettled([
        openChannelTicket(t.deps, input, systemActor),
        openChannelTicket(t.deps, input, systemActor),
        openChannelTicket(t.deps, input, as.bob),
      ]);
      expect([event.status, again.status]).toEqual(["fulfilled", "fulfilled"]);
      const ids = [event, again].map((r) => (r.status === "fulfilled" ? r.value.ticket.id : null));
      expect(ids[0]).toBe(ids[1]);
      // The agent either made it or is told it is a ticket already: never an unexpected error.
      if (reaction.status === "rejected") {
        expect(isHelpdeskError(reaction.reason) && reaction.reason.code).toBe("conflict");
        expect(String(reaction.reason)).toContain(`That message is already ticket #${ids[0]}.`);
      } else expect(reaction.value.ticket.id).toBe(ids[0]);
      expect(await t.prisma.chatLink.count({ where: { role: "origin", messageId: input.messageId } })).toBe(1);
    }
  });
});
