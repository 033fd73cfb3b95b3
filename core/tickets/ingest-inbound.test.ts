import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { claimTicket } from "./claim-ticket.js";
import { ingestInbound, type InboundInput } from "./ingest-inbound.js";
import { mergeTickets } from "./merge-tickets.js";
import { readTicketView } from "./view.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

let seq = 0;
/** An email from `from`, with a fresh Message-ID unless one is given. */
function mail(from: string, over: Partial<InboundInput> = {}): InboundInput {
  seq++;
  return {
    channel: "email",
    from: { email: from, name: "Sender" },
    subject: `Subject ${seq}`,
    text: `Body ${seq}`,
    externalId: `<m${seq}@mail.test>`,
    ...over,
  };
}

const events = (ticketId: number) =>
  t.prisma.timelineEvent.findMany({ where: { ticketId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });

describe("ingestInbound", () => {
  it("answers a new ticket exactly as reading it back would show it", async () => {
    // New sender at a new company, known sender of a known company, free mail, a team route, a bounce.
    const inputs = [
      mail("first@newco.example", { route: { teamId: "tier1" }, priority: "urgent", properties: { product: "web", seats: 3 } }),
      mail("second@newco.example", { from: { email: "second@newco.example" } }),
      mail("someone@gmail.com", { subject: undefined, text: "No subject here" }),
      mail("mailer-daemon@bounce.example", { autoSubmitted: true, autoKind: "bounce" }),
    ];
    for (const input of inputs) {
      const r = await ingestInbound(t.deps, input);
      expect(r.created).toBe(true);
      expect(r.ticket).toEqual(await readTicketView(t.deps.db, t.deps.catalog, r.ticket.id));
    }
  });

  it("opens a ticket for a new sender with the message, its Message-ID, a contact actor and outbox rows", async () => {
    const r = await ingestInbound(
      t.deps,
      mail("New.Person@Acme.io", { subject: "Cannot log in", cc: ["boss@acme.io"], route: { teamId: "tier1" }, priority: "high" }),
    );
    expect(r).toMatchObject({ created: true, duplicate: false });
    expect(r.ticket).toMatchObject({
      subject: "Cannot log in",
      source: "email",
      priority: "high",
      team: { id: "tier1" },
      status: { id: "new" },
    });
    expect(r.ticket.contact?.email).toBe("new.person@acme.io");
    const msg = await t.prisma.message.findUniqueOrThrow({ where: { id: r.messageId }, include: { refs: true } });
    expect(msg).toMatchObject({ kind: "INBOUND", authorContactId: r.ticket.contact!.id, channel: "email", cc: '["boss@acme.io"]' });
    expect(msg.refs.map((x) => [x.system, x.externalId])).toEqual([["email", `<m${seq}@mail.test>`]]);
    const ev = await events(r.ticket.id);
    expect(ev.map((e) => [e.type, e.actorType, e.actorId])).toEqual([["ticket.created", "contact", r.ticket.contact!.id]]);
    expect(await t.prisma.ticketContact.count({ where: { ticketId: r.ticket.id } })).toBe(1);
  });

  it("refuses a new ticket without a sender address (except from chat) or for an unknown team", async () => {
    await expect(ingestInbound(t.deps, mail("", { from: {} }))).rejects.toMatchObject({ code: "invalid" });
    await expect(ingestInbound(t.deps, mail("x@acme.io", { route: { teamId: "nope" } }))).rejects.toMatchObject({ code: "invalid" });
    await expect(ingestInbound(t.deps, mail("not-an-address"))).rejects.toMatchObject({ code: "invalid" });
    const chat = await ingestInbound(t.deps, { channel: "slack", from: { name: "Someone" }, text: "help from slack\nmore" });
    expect(chat).toMatchObject({ created: true, ticket: { source: "slack", subject: "help from slack", contact: null } });
    const [ev] = await events(chat.ticket.id);
    expect(ev?.actorType).toBe("system");
  });

  it("stores a redelivered message once and returns its ticket", async () => {
    const first = await ingestInbound(t.deps, mail("dup@acme.io", { externalId: "<dup-1@mail.test>" }));
    const again = await ingestInbound(t.deps, mail("dup@acme.io", { externalId: "<dup-1@mail.test>", text: "different body" }));
    expect(again).toMatchObject({ created: false, duplicate: true, messageId: first.messageId, ticket: { id: first.ticket.id } });
    expect(await t.prisma.message.count({ where: { ticketId: first.ticket.id } })).toBe(1);
    expect(await t.prisma.outbox.count({ where: { ticketId: first.ticket.id } })).toBe(2);
    // The dedupe key is per channel: a form submission id may look like an email id.
    const form = await ingestInbound(t.deps, mail("dup@acme.io", { channel: "form", externalId: "<dup-1@mail.test>" }));
    expect(form).toMatchObject({ created: true, duplicate: false });
  });

  it("makes one ticket when the same message arrives many times at once", async () => {
    // A known sender, so the racers collide on the MessageRef key rather than on the new contact.
    await ingestInbound(t.deps, mail("parallel-dup@acme.io"));
    const input = mail("parallel-dup@acme.io", { externalId: "<race@mail.test>" });
    const results = await Promise.all(Array.from({ length: 8 }, () => ingestInbound(t.deps, input)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results.filter((r) => r.duplicate)).toHaveLength(7);
    expect(new Set(results.map((r) => r.ticket.id)).size).toBe(1);
    expect(new Set(results.map((r) => r.messageId)).size).toBe(1);
    expect(await t.prisma.messageRef.count({ where: { externalId: "<race@mail.test>" } })).toBe(1);
    expect(await t.prisma.ticket.count({ where: { contact: { email: "parallel-dup@acme.io" } } })).toBe(2);
  });

  it("threads a reply by In-Reply-To/References and tells the owner", async () => {
    const first = await ingestInbound(t.deps, mail("thread@acme.io", { externalId: "<t-1@mail.test>" }));
    await claimTicket(t.deps, { ticketId: first.ticket.id }, as.bob);
    const reply = await ingestInbound(
      t.deps,
      mail("thread@acme.io", { subject: "Re: whatever", threadKeys: { messageIds: ["<unknown@x>", "<t-1@mail.test>"] } }),
    );
    expect(reply).toMatchObject({ created: false, duplicate: false, ticket: { id: first.ticket.id } });
    const msg = await t.prisma.message.findUniqueOrThrow({ where: { id: reply.messageId } });
    expect(msg).toMatchObject({ ticketId: first.ticket.id, kind: "INBOUND", inReplyToId: first.messageId });
    expect((await events(first.ticket.id)).map((e) => e.type)).toContain("message.received");
    const notify = await t.prisma.outbox.findFirstOrThrow({ where: { ticketId: first.ticket.id, topic: "agents.notify" } });
    expect(JSON.parse(notify.payload)).toEqual({
      ticketId: first.ticket.id,
      agentIds: ["bob"],
      reason: "inbound",
      messageId: reply.messageId,
    });
    expect(await t.prisma.outbox.count({ where: { ticketId: first.ticket.id, topic: "message.posted" } })).toBe(2);
    // A reply by a cc'd colleague joins the ticket as a contact.
    const colleague = await ingestInbound(t.deps, mail("colleague@acme.io", { threadKeys: { messageIds: ["<t-1@mail.test>"] } }));
    expect(colleague.ticket.id).toBe(first.ticket.id);
    expect(await t.prisma.ticketContact.count({ where: { ticketId: first.ticket.id } })).toBe(2);
  });

  it("accepts a subject tag only from the ticket's own contacts", async () => {
    const mine = await ingestInbound(t.deps, mail("owner-of-tag@acme.io"));
    const ok = await ingestInbound(t.deps, mail("OWNER-of-tag@acme.io", { threadKeys: { ticketNumber: mine.ticket.id } }));
    expect(ok).toMatchObject({ created: false, ticket: { id: mine.ticket.id } });
    const stranger = await ingestInbound(t.deps, mail("stranger@evil.io", { threadKeys: { ticketNumber: mine.ticket.id } }));
    expect(stranger.created).toBe(true);
    expect(stranger.ticket.id).not.toBe(mine.ticket.id);
    expect(await t.prisma.message.count({ where: { ticketId: mine.ticket.id } })).toBe(2);
    for (const ticketNumber of [999_999, 99_999_999_999]) {
      const nowhere = await ingestInbound(t.deps, mail("owner-of-tag@acme.io", { threadKeys: { ticketNumber } }));
      expect(nowhere.created).toBe(true);
    }
  });

  it("follows merges to the final primary, for Message-IDs and subject tags", async () => {
    const a = await ingestInbound(t.deps, mail("merged@acme.io", { externalId: "<merge-a@mail.test>" }));
    const b = await ingestInbound(t.deps, mail("merged@acme.io"));
    const c = await ingestInbound(t.deps, mail("other@acme.io"));
    await t.prisma.ticket.update({ where: { id: a.ticket.id }, data: { mergedIntoId: b.ticket.id } });
    await t.prisma.ticket.update({ where: { id: b.ticket.id }, data: { mergedIntoId: c.ticket.id } });
    const byId = await ingestInbound(t.deps, mail("merged@acme.io", { threadKeys: { messageIds: ["<merge-a@mail.test>"] } }));
    expect(byId).toMatchObject({ created: false, ticket: { id: c.ticket.id } });
    // merged@ is a contact of #a only, yet its tag still leads to the primary.
    const byTag = await ingestInbound(t.deps, mail("merged@acme.io", { threadKeys: { ticketNumber: a.ticket.id } }));
    expect(byTag).toMatchObject({ created: false, ticket: { id: c.ticket.id } });
    expect(await t.prisma.message.count({ where: { ticketId: c.ticket.id } })).toBe(3);
  });

  it("never leaves a reply behind on a ticket being merged at the same moment", async () => {
    for (let round = 0; round < 6; round++) {
      const a = await ingestInbound(t.deps, mail(`merging${round}@acme.io`));
      const b = await ingestInbound(t.deps, mail(`merging${round}@acme.io`));
      const [reply] = await Promise.all([
        ingestInbound(t.deps, mail(`merging${round}@acme.io`, { threadKeys: { ticketNumber: a.ticket.id } })),
        mergeTickets(t.deps, { primaryId: b.ticket.id, secondaryId: a.ticket.id }, as.ada),
      ]);
      expect(reply.created).toBe(false);
      expect(await t.prisma.message.count({ where: { ticketId: a.ticket.id } })).toBe(0);
      expect(await t.prisma.message.count({ where: { ticketId: b.ticket.id } })).toBe(3);
    }
  });

  it("starts a new ticket when the thread's ticket was deleted", async () => {
    const a = await ingestInbound(t.deps, mail("deleted@acme.io", { externalId: "<del@mail.test>" }));
    await t.prisma.ticket.update({ where: { id: a.ticket.id }, data: { deletedAt: new Date() } });
    const r1 = await ingestInbound(t.deps, mail("deleted@acme.io", { threadKeys: { messageIds: ["<del@mail.test>"] } }));
    const r2 = await ingestInbound(t.deps, mail("deleted@acme.io", { threadKeys: { ticketNumber: a.ticket.id } }));
    expect([r1.created, r2.created]).toEqual([true, true]);
    expect(await t.prisma.message.count({ where: { ticketId: a.ticket.id } })).toBe(1);
  });

  it("reopens on a customer reply as the status says, recording who and why", async () => {
    const a = await ingestInbound(t.deps, mail("reopen@acme.io"));
    const closedAt = new Date("2026-01-01T00:00:00Z");
    await t.prisma.ticket.update({
      where: { id: a.ticket.id },
      data: { statusId: "resolved", open: false, closedAt, resolvedAt: closedAt },
    });
    t.advance(60_000);
    const r = await ingestInbound(t.deps, mail("reopen@acme.io", { threadKeys: { ticketNumber: a.ticket.id } }));
    expect(r.ticket).toMatchObject({ status: { id: "in_progress", category: "OPEN" }, closedAt: null, resolvedAt: null });
    const ev = (await events(a.ticket.id)).find((e) => e.type === "ticket.status_changed")!;
    expect(ev).toMatchObject({ actorType: "contact", actorId: a.ticket.contact!.id });
    expect(JSON.parse(ev.data)).toEqual({ status: { before: "resolved", after: "in_progress" }, reason: "customer_reply" });
    expect(
      await t.prisma.outbox.count({ where: { ticketId: a.ticket.id, topic: "ticket.changed", payload: { contains: '"status"' } } }),
    ).toBe(1);
    // "New" has no onCustomerReply: a second message leaves an open ticket where it is.
    const b = await ingestInbound(t.deps, mail("reopen@acme.io"));
    const again = await ingestInbound(t.deps, mail("reopen@acme.io", { threadKeys: { ticketNumber: b.ticket.id } }));
    expect(again.ticket.status.id).toBe("new");
    expect((await events(b.ticket.id)).map((e) => e.type)).toEqual(["ticket.created", "message.received"]);
  });

  it("marks auto-submitted messages in the timeline", async () => {
    const a = await ingestInbound(t.deps, mail("auto@acme.io", { autoSubmitted: true }));
    const b = await ingestInbound(t.deps, mail("auto@acme.io", { autoSubmitted: true, threadKeys: { ticketNumber: a.ticket.id } }));
    const data = (await events(a.ticket.id)).map((e) => [e.type, JSON.parse(e.data).autoSubmitted]);
    expect(data).toEqual([
      ["ticket.created", true],
      ["message.received", true],
    ]);
    expect(b.created).toBe(false);
  });

  it("stores attachments and form properties on a new form ticket", async () => {
    const r = await ingestInbound(t.deps, {
      channel: "form",
      from: { email: "form@acme.io" },
      text: "I need seats",
      externalId: "sub-1",
      route: { pipelineId: "billing" },
      properties: { seats: "12" },
      attachments: [{ filename: "a.txt", contentType: "text/plain", size: 3, content: new TextEncoder().encode("abc") }],
    });
    expect(r.ticket).toMatchObject({ source: "form", pipeline: { id: "billing" }, properties: { seats: 12 }, subject: "I need seats" });
    expect(await t.prisma.attachment.count({ where: { messageId: r.messageId } })).toBe(1);
    await expect(
      ingestInbound(t.deps, { channel: "form", from: { email: "form@acme.io" }, text: "x", properties: { nope: 1 } }),
    ).rejects.toMatchObject({ code: "invalid" });
  });

  it("lets an auto-reply on a thread neither reopen the ticket nor join its recipients", async () => {
    const first = await ingestInbound(t.deps, mail("human@auto.io", { externalId: "<human-1@auto.io>" }));
    await t.prisma.ticket.update({ where: { id: first.ticket.id }, data: { statusId: "waiting_on_customer" } });
    for (const [i, path] of [
      ["1", "fast"],
      ["2", "general"],
    ] as const) {
      const r = await ingestInbound(
        t.deps,
        mail("ooo@auto.io", {
          autoSubmitted: true,
          externalId: `<ooo-${i}@auto.io>`,
          // A subject tag alone takes the general path; a Message-ID takes the fast one.
          threadKeys: path === "fast" ? { messageIds: ["<human-1@auto.io>"] } : { ticketNumber: first.ticket.id },
          from: path === "fast" ? { email: "ooo@auto.io" } : { email: "human@auto.io" },
        }),
      );
      expect(r).toMatchObject({ created: false, ticket: { id: first.ticket.id, status: { id: "waiting_on_customer" } } });
    }
    const contacts = await t.prisma.ticketContact.findMany({ where: { ticketId: first.ticket.id }, include: { contact: true } });
    expect(contacts.map((c) => c.contact.email)).toEqual(["human@auto.io"]);
  });

  it("stores a message with NUL characters on either database, without them", async () => {
    const r = await ingestInbound(
      t.deps,
      mail("nul@acme.io", {
        subject: "a\u0000b",
        text: "x\u0000y",
        from: { email: "nul@acme.io", name: "N\u0000ul" },
        properties: { resolution: "r\u0000" },
      }),
    );
    expect(r.ticket.subject).toBe("ab");
    const m = await t.prisma.message.findUniqueOrThrow({ where: { id: r.messageId } });
    expect(m.text).toBe("xy");
    expect(r.ticket.contact?.name).toBe("Nul");
    const again = await ingestInbound(t.deps, mail("nul@acme.io", { text: "z\u0000", threadKeys: { messageIds: [`<m${0}@none>`] } }));
    expect(again.created).toBe(true);
  });
});
