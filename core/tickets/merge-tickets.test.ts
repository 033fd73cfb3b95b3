import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { lookupHash, messageRefKey } from "../keys/lookup-hash.js";
import { createTicket, type CreateTicketInput } from "./create-ticket.js";
import { mergeTickets } from "./merge-tickets.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

const open = (subject: string, extra: Partial<CreateTicketInput> = {}) =>
  createTicket(t.deps, { text: `${subject} body`, ...extra, subject }, as.ada);

describe("mergeTickets", () => {
  it("moves messages, followers and contacts to the primary and closes the secondary", async () => {
    const db = t.prisma;
    const primary = await open("primary", { requester: { email: "p@acme.io" } });
    const secondary = await open("secondary", { requester: { email: "s@acme.io" }, statusId: "in_progress" });
    await db.message.create({
      data: {
        ticketId: secondary.id,
        kind: "INBOUND",
        text: "again",
        channel: "email",
        refs: { create: messageRefKey("email", "<s2@acme.io>") },
      },
    });
    const cc = await db.contact.create({ data: { email: "cc@acme.io", emailHash: lookupHash("cc@acme.io") } });
    await db.ticketContact.create({ data: { ticketId: secondary.id, contactId: cc.id, role: "cc" } });
    await db.follower.createMany({
      data: [
        { agentId: "bob", ticketId: primary.id },
        { agentId: "bob", ticketId: secondary.id },
        { agentId: "cy", ticketId: secondary.id },
      ],
    });

    const v = await mergeTickets(t.deps, { primaryId: primary.id, secondaryId: secondary.id }, as.bob);
    expect(v.id).toBe(primary.id);
    expect(v.contact?.email).toBe("p@acme.io");

    expect(await db.message.count({ where: { ticketId: primary.id } })).toBe(3);
    expect(await db.message.count({ where: { ticketId: secondary.id } })).toBe(0);
    const ref = await db.messageRef.findFirstOrThrow({ where: { externalId: "<s2@acme.io>" }, include: { message: true } });
    expect(ref.message.ticketId).toBe(primary.id);

    const followers = await db.follower.findMany({ where: { ticketId: primary.id }, orderBy: { agentId: "asc" } });
    expect(followers.map((f) => f.agentId)).toEqual(["bob", "cy"]);
    const contacts = await db.ticketContact.findMany({
      where: { ticketId: primary.id },
      include: { contact: true },
      orderBy: { role: "asc" },
    });
    expect(contacts.map((c) => [c.contact.email, c.role]).sort()).toEqual([
      ["cc@acme.io", "cc"],
      ["p@acme.io", "requester"],
      ["s@acme.io", "cc"],
    ]);

    const s = await db.ticket.findUniqueOrThrow({ where: { id: secondary.id } });
    expect(s).toMatchObject({ mergedIntoId: primary.id, statusId: "closed", open: false, updatedAt: t.deps.now() });
    expect(s.closedAt).toEqual(t.deps.now());
  });

  it("records the merge on both tickets and asks for both cards to be updated", async () => {
    const db = t.prisma;
    const p = await open("p2");
    const s = await open("s2");
    t.advance(60_000);
    await mergeTickets(t.deps, { primaryId: p.id, secondaryId: s.id }, as.cy);
    const events = await db.timelineEvent.findMany({
      where: { type: "ticket.merged", ticketId: { in: [p.id, s.id] } },
      orderBy: { ticketId: "asc" },
    });
    expect(events.map((e) => [e.ticketId, e.actorId, JSON.parse(e.data)])).toEqual([
      [p.id, "cy", { primary: p.id, secondary: s.id }],
      [s.id, "cy", { primary: p.id, secondary: s.id, status: { before: "new", after: "closed" } }],
    ]);
    for (const id of [p.id, s.id]) {
      expect(await db.outbox.count({ where: { ticketId: id, topic: "ticket.changed", payload: { contains: '"merged"' } } })).toBe(1);
    }
    expect((await db.ticket.findUniqueOrThrow({ where: { id: p.id } })).updatedAt).toEqual(t.deps.now());
  });

  it("gives a primary without a requester the secondary's", async () => {
    const p = await open("no requester");
    const s = await open("has requester", { requester: { email: "who@acme.io" } });
    const v = await mergeTickets(t.deps, { primaryId: p.id, secondaryId: s.id }, as.bob);
    expect(v.contact?.email).toBe("who@acme.io");
    expect(v.company?.domain).toBe("acme.io");
    const link = await t.prisma.ticketContact.findFirstOrThrow({ where: { ticketId: p.id } });
    expect(link.role).toBe("requester");
  });

  it("refuses merging into itself, a merged secondary, a merged primary, and into a descendant", async () => {
    const a = await open("a");
    const b = await open("b");
    const c = await open("c");
    await expect(mergeTickets(t.deps, { primaryId: a.id, secondaryId: a.id }, as.bob)).rejects.toMatchObject({ code: "invalid" });
    await mergeTickets(t.deps, { primaryId: a.id, secondaryId: b.id }, as.bob);
    await expect(mergeTickets(t.deps, { primaryId: c.id, secondaryId: b.id }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      message: `#${b.id} was already merged into #${a.id}.`,
    });
    await expect(mergeTickets(t.deps, { primaryId: b.id, secondaryId: c.id }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      message: `#${b.id} was merged into #${a.id}; merge into #${a.id} instead.`,
    });
    await expect(mergeTickets(t.deps, { primaryId: b.id, secondaryId: a.id }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      message: `#${b.id} is already merged into #${a.id}, so #${a.id} cannot be merged into it.`,
    });
    // Further down the chain too: b is in a, a is in d, so d cannot go into b.
    const d = await open("d");
    await mergeTickets(t.deps, { primaryId: d.id, secondaryId: a.id }, as.bob);
    await expect(mergeTickets(t.deps, { primaryId: b.id, secondaryId: d.id }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      message: `#${b.id} is already merged into #${d.id}, so #${d.id} cannot be merged into it.`,
    });
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: d.id } })).mergedIntoId).toBeNull();
  });

  it("needs both tickets visible to the actor, and neither deleted", async () => {
    const mine = await open("tier1", { teamId: "tier1" });
    const vip = await createTicket(t.deps, { subject: "vip" }, as.dee);
    const vipOnly = await createTicket(t.deps, { subject: "vip", teamId: "vip" }, as.dee);
    await expect(mergeTickets(t.deps, { primaryId: mine.id, secondaryId: vipOnly.id }, as.bob)).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(mergeTickets(t.deps, { primaryId: vipOnly.id, secondaryId: mine.id }, as.bob)).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(mergeTickets(t.deps, { primaryId: vip.id, secondaryId: mine.id }, as.dee)).rejects.toMatchObject({ code: "not_found" });
    await t.prisma.ticket.update({ where: { id: vip.id }, data: { deletedAt: t.deps.now() } });
    await expect(mergeTickets(t.deps, { primaryId: vip.id, secondaryId: mine.id }, as.ada)).rejects.toMatchObject({ code: "not_found" });
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: mine.id } })).mergedIntoId).toBeNull();
  });

  it("never lets crossing merges (A into B, B into A) both succeed", async () => {
    for (let round = 0; round < 8; round++) {
      const a = await open(`x${round}`);
      const b = await open(`y${round}`);
      const results = await Promise.allSettled([
        mergeTickets(t.deps, { primaryId: a.id, secondaryId: b.id }, as.bob),
        mergeTickets(t.deps, { primaryId: b.id, secondaryId: a.id }, as.cy),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "invalid" });
      const rows = await t.prisma.ticket.findMany({ where: { id: { in: [a.id, b.id] } } });
      expect(rows.filter((r) => r.mergedIntoId !== null)).toHaveLength(1);
      expect(await t.prisma.timelineEvent.count({ where: { type: "ticket.merged", ticketId: { in: [a.id, b.id] } } })).toBe(2);
    }
  });

  it("never lets a three-way merge ring close", async () => {
    for (let round = 0; round < 5; round++) {
      const [a, b, c] = await Promise.all([open(`r${round}a`), open(`r${round}b`), open(`r${round}c`)]);
      await Promise.allSettled([
        mergeTickets(t.deps, { primaryId: a.id, secondaryId: b.id }, as.bob),
        mergeTickets(t.deps, { primaryId: b.id, secondaryId: c.id }, as.cy),
        mergeTickets(t.deps, { primaryId: c.id, secondaryId: a.id }, as.ada),
      ]);
      const rows = await t.prisma.ticket.findMany({ where: { id: { in: [a!.id, b!.id, c!.id] } } });
      expect(rows.filter((r) => r.mergedIntoId === null).length).toBeGreaterThan(0);
    }
  });

  it("closes the secondary into a closed status it can enter: Resolved when it has a resolution", async () => {
    const primary = await open("keeps", {});
    const secondary = await open("has resolution", { properties: { resolution: "duplicate of the other" } });
    await mergeTickets(t.deps, { primaryId: primary.id, secondaryId: secondary.id }, as.bob);
    expect(await t.prisma.ticket.findUniqueOrThrow({ where: { id: secondary.id } })).toMatchObject({ statusId: "resolved", open: false });
  });
});
