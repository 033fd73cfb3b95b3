import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { lookupHash, messageRefKey } from "../keys/lookup-hash.js";
import { createTicket } from "./create-ticket.js";
import { splitTicket } from "./split-ticket.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

/** A ticket with a requester, a cc and three inbound emails, each with its Message-ID. */
async function ticketWithThread(tag: string, extra: { teamId?: string; priority?: "high" } = {}) {
  const db = t.prisma;
  const v = await createTicket(
    t.deps,
    { subject: `Thread ${tag}`, requester: { email: `req-${tag}@acme.io` }, statusId: "in_progress", ...extra },
    as.ada,
  );
  const cc = await db.contact.create({ data: { email: `cc-${tag}@acme.io`, emailHash: lookupHash(`cc-${tag}@acme.io`) } });
  await db.ticketContact.create({ data: { ticketId: v.id, contactId: cc.id, role: "cc" } });
  const ids: string[] = [];
  for (const n of [1, 2, 3]) {
    const m = await db.message.create({
      data: {
        ticketId: v.id,
        kind: "INBOUND",
        text: `mail ${n}`,
        channel: "email",
        refs: { create: messageRefKey("email", `<${tag}-${n}@mail.acme.io>`) },
        attachments: { create: { filename: `f${n}.txt`, contentType: "text/plain", size: 1 } },
      },
    });
    ids.push(m.id);
  }
  return { ticket: v, messageIds: ids, ccId: cc.id };
}

describe("splitTicket", () => {
  it("moves the chosen messages, their refs and attachments to a new ticket like the original", async () => {
    const { ticket, messageIds, ccId } = await ticketWithThread("a", { priority: "high" });
    const { original, created } = await splitTicket(t.deps, { ticketId: ticket.id, messageIds: [messageIds[1]!, messageIds[2]!] }, as.bob);

    expect(created).toMatchObject({
      subject: "Thread a (split)",
      pipeline: { id: "support" },
      status: { id: "new" },
      priority: "high",
      splitFromId: ticket.id,
      contact: { id: ticket.contact!.id },
      company: { id: ticket.company!.id },
      owner: null,
    });
    expect(original.id).toBe(ticket.id);
    const db = t.prisma;
    const left = await db.message.findMany({ where: { ticketId: ticket.id } });
    expect(left.map((m) => m.id)).toEqual([messageIds[0]]);
    const moved = await db.message.findMany({ where: { ticketId: created.id }, orderBy: { text: "asc" } });
    expect(moved.map((m) => m.text)).toEqual(["mail 2", "mail 3"]);
    expect(await db.attachment.count({ where: { messageId: { in: moved.map((m) => m.id) } } })).toBe(2);

    // Later mail threading on the Message-ID of a moved email finds the new ticket.
    const ref = await db.messageRef.findUniqueOrThrow({
      where: { system_externalIdHash: { system: "email", externalIdHash: lookupHash("<a-3@mail.acme.io>") } },
      include: { message: true },
    });
    expect(ref.message.ticketId).toBe(created.id);
    const stayed = await db.messageRef.findUniqueOrThrow({
      where: { system_externalIdHash: { system: "email", externalIdHash: lookupHash("<a-1@mail.acme.io>") } },
      include: { message: true },
    });
    expect(stayed.message.ticketId).toBe(ticket.id);

    const contacts = await db.ticketContact.findMany({ where: { ticketId: created.id }, orderBy: { role: "asc" } });
    expect(contacts.map((c) => [c.contactId, c.role])).toEqual([
      [ccId, "cc"],
      [ticket.contact!.id, "requester"],
    ]);
  });

  it("records the split on both timelines and asks for both cards to be updated", async () => {
    const { ticket, messageIds } = await ticketWithThread("b");
    const { created } = await splitTicket(
      t.deps,
      { ticketId: ticket.id, messageIds: [messageIds[0]!], subject: "  Second issue " },
      as.bob,
    );
    expect(created.subject).toBe("Second issue");
    const db = t.prisma;
    const split = await db.timelineEvent.findFirstOrThrow({ where: { ticketId: ticket.id, type: "ticket.split" } });
    expect(split.actorId).toBe("bob");
    expect(JSON.parse(split.data)).toEqual({ into: created.id, messageIds: [messageIds[0]] });
    const born = await db.timelineEvent.findFirstOrThrow({ where: { ticketId: created.id, type: "ticket.created" } });
    expect(JSON.parse(born.data)).toMatchObject({ splitFrom: ticket.id });
    expect(await db.outbox.count({ where: { ticketId: ticket.id, topic: "ticket.changed", payload: { contains: '"split"' } } })).toBe(1);
    expect(await db.outbox.count({ where: { ticketId: created.id, topic: "ticket.changed" } })).toBe(1);
  });

  it("refuses no messages, messages of another ticket, and taking every message", async () => {
    const { ticket, messageIds } = await ticketWithThread("c");
    const other = await ticketWithThread("c2");
    await expect(splitTicket(t.deps, { ticketId: ticket.id, messageIds: [] }, as.bob)).rejects.toMatchObject({ code: "invalid" });
    await expect(
      splitTicket(t.deps, { ticketId: ticket.id, messageIds: [messageIds[0]!, other.messageIds[0]!] }, as.bob),
    ).rejects.toMatchObject({
      code: "invalid",
      message: `Not messages of #${ticket.id}: ${other.messageIds[0]}.`,
    });
    await expect(splitTicket(t.deps, { ticketId: ticket.id, messageIds }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      message: `At least one message must stay on #${ticket.id}.`,
    });
    // Nothing was half-done by the refusals.
    expect(await t.prisma.message.count({ where: { ticketId: ticket.id } })).toBe(3);
    expect(await t.prisma.ticket.count({ where: { splitFromId: ticket.id } })).toBe(0);
  });

  it("lets only one of two racing splits take the last messages", async () => {
    const { ticket, messageIds } = await ticketWithThread("d");
    const results = await Promise.allSettled([
      splitTicket(t.deps, { ticketId: ticket.id, messageIds: [messageIds[0]!, messageIds[1]!] }, as.bob),
      splitTicket(t.deps, { ticketId: ticket.id, messageIds: [messageIds[2]!] }, as.cy),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await t.prisma.message.count({ where: { ticketId: ticket.id } })).toBeGreaterThan(0);
  });

  it("keeps the team, and hides team tickets from agents outside it", async () => {
    const { ticket, messageIds } = await ticketWithThread("e", { teamId: "vip" });
    await expect(splitTicket(t.deps, { ticketId: ticket.id, messageIds: [messageIds[0]!] }, as.bob)).rejects.toMatchObject({
      code: "not_found",
    });
    const { created } = await splitTicket(t.deps, { ticketId: ticket.id, messageIds: [messageIds[0]!] }, as.dee);
    expect(created.team?.id).toBe("vip");
    await expect(
      splitTicket(t.deps, { ticketId: ticket.id, messageIds: [messageIds[1]!] }, { type: "agent", agentId: "nobody" }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});
