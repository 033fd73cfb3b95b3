import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { lookupHash } from "../keys/lookup-hash.js";
import { createTicket } from "./create-ticket.js";
import { linkContact } from "./link-contact.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

const links = async (ticketId: number) =>
  (await t.prisma.ticketContact.findMany({ where: { ticketId }, include: { contact: true } })).map((l) => [l.contact.email, l.role]).sort();

describe("linkContact", () => {
  it("adds a cc, creating the contact, with an event and a card update", async () => {
    const { id } = await createTicket(t.deps, { subject: "cc me", requester: { email: "req@acme.io" } }, as.bob);
    t.advance(1000);
    const v = await linkContact(t.deps, { ticketId: id, email: " Boss@Acme.io ", name: "Boss", role: "cc" }, as.cy);
    expect(v.contact?.email).toBe("req@acme.io");
    expect(v.updatedAt).toEqual(t.deps.now());
    expect(await links(id)).toEqual([
      ["boss@acme.io", "cc"],
      ["req@acme.io", "requester"],
    ]);
    const boss = await t.prisma.contact.findUniqueOrThrow({ where: { emailHash: lookupHash("boss@acme.io") } });
    expect(boss.name).toBe("Boss");
    const ev = await t.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: id, type: "contact.linked" } });
    expect(ev.actorId).toBe("cy");
    expect(JSON.parse(ev.data)).toEqual({ contactId: boss.id, email: "boss@acme.io", role: "cc" });
    expect(await t.prisma.outbox.count({ where: { ticketId: id, topic: "ticket.changed", payload: { contains: '"contact"' } } })).toBe(1);
  });

  it("replaces the requester and company, keeping the previous requester as a cc", async () => {
    const { id, contact } = await createTicket(t.deps, { subject: "who asked", requester: { email: "old@acme.io" } }, as.bob);
    const v = await linkContact(t.deps, { ticketId: id, email: "new@globex.com", role: "requester" }, as.bob);
    expect(v.contact?.email).toBe("new@globex.com");
    expect(v.company?.domain).toBe("globex.com");
    expect(await links(id)).toEqual([
      ["new@globex.com", "requester"],
      ["old@acme.io", "cc"],
    ]);
    const ev = await t.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: id, type: "contact.linked" } });
    expect(JSON.parse(ev.data)).toEqual({
      contactId: v.contact!.id,
      email: "new@globex.com",
      role: "requester",
      requester: { before: contact!.id, after: v.contact!.id },
    });
    // A free-mail requester brings no company.
    const w = await linkContact(t.deps, { ticketId: id, email: "someone@gmail.com", role: "requester" }, as.bob);
    expect(w.company).toBeNull();
  });

  it("promotes a cc to requester, and gives a ticket without one its first requester", async () => {
    const { id } = await createTicket(t.deps, { subject: "promote", requester: { email: "a@acme.io" } }, as.bob);
    await linkContact(t.deps, { ticketId: id, email: "b@acme.io", role: "cc" }, as.bob);
    await linkContact(t.deps, { ticketId: id, email: "b@acme.io", role: "requester" }, as.bob);
    expect(await links(id)).toEqual([
      ["a@acme.io", "cc"],
      ["b@acme.io", "requester"],
    ]);
    const bare = await createTicket(t.deps, { subject: "nobody" }, as.bob);
    const v = await linkContact(t.deps, { ticketId: bare.id, email: "first@acme.io", role: "requester" }, as.bob);
    expect(v.contact?.email).toBe("first@acme.io");
    expect(await links(bare.id)).toEqual([["first@acme.io", "requester"]]);
  });

  it("refuses linking the same contact twice in the same role, or the requester as cc", async () => {
    const { id } = await createTicket(t.deps, { subject: "twice", requester: { email: "r@acme.io" } }, as.bob);
    await linkContact(t.deps, { ticketId: id, email: "c@acme.io", role: "cc" }, as.bob);
    await expect(linkContact(t.deps, { ticketId: id, email: "C@acme.io", role: "cc" }, as.bob)).rejects.toMatchObject({ code: "conflict" });
    await expect(linkContact(t.deps, { ticketId: id, email: "r@acme.io", role: "requester" }, as.bob)).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(linkContact(t.deps, { ticketId: id, email: "r@acme.io", role: "cc" }, as.bob)).rejects.toMatchObject({ code: "conflict" });
    expect(await t.prisma.timelineEvent.count({ where: { ticketId: id, type: "contact.linked" } })).toBe(1);
  });

  it("lets only one of two racing links of the same cc through", async () => {
    const { id } = await createTicket(t.deps, { subject: "race" }, as.bob);
    const results = await Promise.allSettled([
      linkContact(t.deps, { ticketId: id, email: "racer@acme.io", role: "cc" }, as.bob),
      linkContact(t.deps, { ticketId: id, email: "racer@acme.io", role: "cc" }, as.cy),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "conflict" });
  });

  it("leaves exactly one requester when requester changes race", async () => {
    for (let round = 0; round < 4; round++) {
      const { id } = await createTicket(
        t.deps,
        { subject: `requester race ${round}`, requester: { email: `old${round}@acme.io` } },
        as.bob,
      );
      await Promise.allSettled(
        ["one", "two", "three"].map((who) =>
          linkContact(t.deps, { ticketId: id, email: `${who}${round}@acme.io`, role: "requester" }, as.bob),
        ),
      );
      const requesters = await t.prisma.ticketContact.findMany({ where: { ticketId: id, role: "requester" } });
      expect(requesters).toHaveLength(1);
      const ticket = await t.prisma.ticket.findUniqueOrThrow({ where: { id } });
      expect(ticket.contactId).toBe(requesters[0]!.contactId);
      expect(await t.prisma.ticketContact.count({ where: { ticketId: id } })).toBe(4);
    }
  });

  it("refuses bad input and hides team tickets", async () => {
    const { id } = await createTicket(t.deps, { subject: "bad" }, as.bob);
    await expect(linkContact(t.deps, { ticketId: id, email: "not an email", role: "cc" }, as.bob)).rejects.toMatchObject({
      code: "invalid",
    });
    await expect(linkContact(t.deps, { ticketId: id, email: "x@acme.io", role: "bcc" as "cc" }, as.bob)).rejects.toMatchObject({
      code: "invalid",
    });
    const vip = await createTicket(t.deps, { subject: "vip", teamId: "vip" }, as.dee);
    await expect(linkContact(t.deps, { ticketId: vip.id, email: "x@acme.io", role: "cc" }, as.bob)).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
