import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { normaliseEmail } from "../contacts/find-or-create-contact.js";
import { appendInboundFast } from "./append-inbound-sql.js";
import { changeStatus } from "./change-status.js";
import { claimTicket } from "./claim-ticket.js";
import { followTicket } from "./follow-ticket.js";
import { ingestInbound, ingestInboundGeneral, type InboundInput } from "./ingest-inbound.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

/** A ticket waiting on the customer, owned by Bob, followed by Cy, with a stored Message-ID. */
async function twin(tag: string) {
  const first = await ingestInbound(t.deps, { channel: "email", from: { email: "twin@acme.io", name: "Tw" }, subject: "Twin", text: "hi", externalId: `<first-${tag}@acme.io>`, route: { teamId: "tier1" } });
  await claimTicket(t.deps, { ticketId: first.ticket.id }, as.bob);
  await followTicket(t.deps, { ticketId: first.ticket.id }, as.cy);
  await changeStatus(t.deps, { ticketId: first.ticket.id, statusId: "waiting_on_customer" }, as.bob);
  return first.ticket.id;
}

/** What the reply added, without ids and keys that must differ between the twins. */
async function added(ticketId: number, since: Date) {
  const db = t.deps.db;
  const strip = (s: string) => s.replace(/-(fast|general)/g, "");
  const ticket = await db.ticket.findUniqueOrThrow({ where: { id: ticketId } });
  const messages = await db.message.findMany({ where: { ticketId, createdAt: { gte: since } }, include: { refs: true, attachments: true } });
  const events = await db.timelineEvent.findMany({ where: { ticketId, createdAt: { gte: since } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const outbox = await db.outbox.findMany({ where: { ticketId, createdAt: { gte: since } }, orderBy: { topic: "asc" } });
  const contacts = await db.ticketContact.findMany({ where: { ticketId }, include: { contact: true }, orderBy: { role: "asc" } });
  return {
    ticket: { statusId: ticket.statusId, open: ticket.open, ownerId: ticket.ownerId, updatedAt: ticket.updatedAt, closedAt: ticket.closedAt },
    messages: messages.map((m) => ({ kind: m.kind, text: m.text, html: m.html, channel: m.channel, cc: m.cc, hasReplyTo: m.inReplyToId !== null, refs: m.refs.map((r) => strip(r.externalId)), files: m.attachments.map((a) => a.filename) })),
    events: events.map((e) => [e.type, e.actorType, Object.keys(JSON.parse(e.data)).sort(), JSON.parse(e.data).status ?? null]),
    outbox: outbox.map((o) => [o.target, o.topic, { ...JSON.parse(o.payload), ticketId: 0, messageId: undefined }]),
    contacts: contacts.map((c) => [c.role, c.contact.email]),
  };
}

describe("appendInboundFast", () => {
  it("adds exactly what the general path adds to a thread", async () => {
    const a = await twin("fast");
    const b = await twin("general");
    t.advance(60_000);
    const since = t.deps.now();
    const reply = (tag: string): InboundInput => ({
      channel: "email",
      from: { email: "Colleague@Acme.io", name: "Col" },
      subject: "Re: Twin",
      text: "It still fails",
      cc: ["twin@acme.io"],
      externalId: `<reply-${tag}@acme.io>`,
      threadKeys: { messageIds: [`<unknown-${tag}@x>`, `<first-${tag}@acme.io>`] },
      attachments: [{ filename: "log.txt", contentType: "text/plain", size: 2, content: new TextEncoder().encode("ok") }],
    });
    const fast = await appendInboundFast(t.deps, reply("fast"), normaliseEmail("Colleague@Acme.io"), since);
    expect(fast).toMatchObject({ created: false, duplicate: false, ticket: { id: a, status: { id: "in_progress" } } });
    const general = await ingestInboundGeneral(t.deps, reply("general"), since);
    expect(general.ticket.id).toBe(b);
    expect({ ...fast!.ticket, id: 0, number: "" }).toEqual({ ...general.ticket, id: 0, number: "" });
    expect(await added(a, since)).toEqual(await added(b, since));
  });

  it("follows a merge to the primary, and steps aside when nothing matches", async () => {
    const primary = await twin("p");
    const secondary = await ingestInbound(t.deps, { channel: "email", from: { email: "twin@acme.io" }, text: "second", externalId: "<sec@acme.io>" });
    await t.prisma.ticket.update({ where: { id: secondary.ticket.id }, data: { mergedIntoId: primary, open: false } });
    const r = await appendInboundFast(t.deps, { channel: "email", from: { email: "twin@acme.io" }, text: "re", threadKeys: { messageIds: ["<sec@acme.io>"] } }, "twin@acme.io", t.deps.now());
    expect(r?.ticket.id).toBe(primary);
    expect(await appendInboundFast(t.deps, { channel: "email", from: { email: "twin@acme.io" }, text: "re", threadKeys: { messageIds: ["<nobody@x>"] } }, "twin@acme.io", t.deps.now())).toBeNull();
  });

  describe("on a ticket filed apart (an auto-reply that answered nothing)", () => {
    const autoReply = (tag: string) =>
      ingestInbound(t.deps, { channel: "email", from: { email: "ooo@robots.io" }, subject: "Out of office", text: "away", externalId: `<ooo-${tag}@robots.io>`, autoSubmitted: true, autoKind: "auto_reply" });

    it("adds another robot's message as the general path does, keeping it apart and out of chat", async () => {
      const a = (await autoReply("fast")).ticket.id;
      const b = (await autoReply("general")).ticket.id;
      t.advance(60_000);
      const since = t.deps.now();
      const again = (tag: string): InboundInput => ({
        channel: "email", from: { email: "ooo@robots.io" }, text: "still away", externalId: `<ooo2-${tag}@robots.io>`, threadKeys: { messageIds: [`<ooo-${tag}@robots.io>`] }, autoSubmitted: true,
      });
      expect(await appendInboundFast(t.deps, again("fast"), "ooo@robots.io", since)).toMatchObject({ ticket: { id: a } });
      expect((await ingestInboundGeneral(t.deps, again("general"), since)).ticket.id).toBe(b);
      const fast = await added(a, since);
      expect(fast).toEqual(await added(b, since));
      expect(fast.outbox).toEqual([]);
      expect(await t.prisma.ticket.findMany({ where: { id: { in: [a, b] } }, select: { quarantined: true } })).toEqual([{ quarantined: true }, { quarantined: true }]);
    });

    it("leaves a person's message to the general path, which brings the ticket into the queues with its thread so far", async () => {
      const opened = await autoReply("person");
      const reply: InboundInput = { channel: "email", from: { email: "boss@robots.io" }, text: "Please call me", externalId: "<person-1@robots.io>", threadKeys: { messageIds: ["<ooo-person@robots.io>"] } };
      expect(await appendInboundFast(t.deps, reply, "boss@robots.io", t.deps.now())).toBeNull();
      const r = await ingestInbound(t.deps, reply);
      expect(r).toMatchObject({ created: false, ticket: { id: opened.ticket.id } });
      expect(await t.prisma.ticket.findUniqueOrThrow({ where: { id: opened.ticket.id }, select: { quarantined: true } })).toEqual({ quarantined: false });
      const rows = await t.prisma.outbox.findMany({ where: { ticketId: opened.ticket.id }, orderBy: { id: "asc" } });
      expect(rows.map((o) => [o.topic, JSON.parse(o.payload).messageId ?? JSON.parse(o.payload).change])).toEqual([
        ["ticket.changed", "unquarantined"],
        ["message.posted", opened.messageId],
        ["message.posted", r.messageId],
      ]);
    });
  });
});
