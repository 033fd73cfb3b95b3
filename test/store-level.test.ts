// The store-level pieces every use case is built from (core/access.ts, core/timeline.ts,
// core/outbox/enqueue.ts, core/tickets/view.ts, core/tickets/insert-ticket.ts,
// core/contacts/find-or-create-contact.ts), on whichever provider the run uses: CI runs it on both.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, testProvider, type TestDatabase } from "./harness.js";
import { lookupHash, messageRefKey } from "../core/keys/lookup-hash.js";
import { loadAgent, loadTicketFor, lockTicket, type ActingParty, type AgentContext } from "../core/access.js";
import { recordEvent } from "../core/timeline.js";
import { enqueue, messagePosted, notifyAgents, ticketChanged } from "../core/outbox/enqueue.js";
import { loadTicketWithRefs } from "../core/tickets/view.js";
import { insertMessage } from "../core/tickets/insert-ticket.js";
import { findOrCreateContact } from "../core/contacts/find-or-create-contact.js";
import { withTx } from "../core/deps.js";
import { isUniqueViolation } from "../core/db-errors.js";

let d: TestDatabase;
beforeAll(async () => {
  d = await freshDatabase();
});
afterAll(() => d.drop());

const ticket = (subject: string) => ({ subject, pipelineId: "support", statusId: "new", source: "manual" });

describe(`store-level code (${testProvider})`, () => {
  const system: ActingParty = { type: "system" };
  const asAgent = (agent: AgentContext | null): ActingParty => {
    if (!agent) throw new Error("no such agent");
    return { type: "agent", agent };
  };
  const at = (n: number) => new Date(Date.UTC(2026, 3, 1, 12, 0, 0, n));
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    await d.prisma.team.createMany({
      data: [
        { id: "s1", name: "Store One" },
        { id: "s2", name: "Store Two" },
      ],
    });
    await d.prisma.agent.create({ data: { id: "s-admin", name: "Store Admin", role: "admin" } });
    await d.prisma.agent.create({ data: { id: "s-both", name: "Store Both", teams: { create: [{ teamId: "s1" }, { teamId: "s2" }] } } });
    await d.prisma.agent.create({ data: { id: "s-one", name: "Store One Agent", teams: { create: [{ teamId: "s1" }] } } });
    await d.prisma.agent.create({ data: { id: "s-gone", name: "Store Gone", active: false, teams: { create: [{ teamId: "s1" }] } } });
  });

  it("loadAgent: an active agent with all its teams, or null for an unknown or deactivated one", async () => {
    expect(await loadAgent(d.db, "s-admin")).toEqual({ id: "s-admin", name: "Store Admin", role: "admin", teamIds: [] });
    const both = await loadAgent(d.db, "s-both");
    expect({ ...both, teamIds: [...(both?.teamIds ?? [])].sort() }).toEqual({
      id: "s-both",
      name: "Store Both",
      role: "agent",
      teamIds: ["s1", "s2"],
    });
    expect(await loadAgent(d.db, "s-gone")).toBeNull();
    expect(await loadAgent(d.db, "nobody")).toBeNull();
    // The same inside a transaction.
    expect(await d.db.transaction().execute((tx) => loadAgent(tx, "s-one"))).toEqual({
      id: "s-one",
      name: "Store One Agent",
      role: "agent",
      teamIds: ["s1"],
    });
  });

  it("loadTicketFor: what the party may see, deleted and merged tickets refused unless allowed", async () => {
    const admin = asAgent(await loadAgent(d.db, "s-admin"));
    const one = asAgent(await loadAgent(d.db, "s-one"));
    const both = asAgent(await loadAgent(d.db, "s-both"));
    const inTwo = await d.prisma.ticket.create({ data: { ...ticket("team two"), teamId: "s2" } });
    const noTeam = await d.prisma.ticket.create({ data: ticket("no team") });
    const deleted = await d.prisma.ticket.create({ data: { ...ticket("deleted"), deletedAt: at(1) } });
    const merged = await d.prisma.ticket.create({ data: { ...ticket("merged"), mergedIntoId: noTeam.id } });

    const loaded = await loadTicketFor(d.db, both, inTwo.id);
    expect(loaded).toMatchObject({ id: inTwo.id, subject: "team two", teamId: "s2", open: true, quarantined: false, deletedAt: null });
    expect(loaded.createdAt).toBeInstanceOf(Date);
    expect((await loadTicketFor(d.db, admin, inTwo.id)).id).toBe(inTwo.id);
    expect((await loadTicketFor(d.db, system, inTwo.id)).id).toBe(inTwo.id);
    expect((await loadTicketFor(d.db, { type: "contact", contactId: "c" }, inTwo.id)).id).toBe(inTwo.id);
    expect((await loadTicketFor(d.db, one, noTeam.id)).id).toBe(noTeam.id);
    // Another team's ticket is not found, as an unknown one is: its existence does not leak.
    await expect(loadTicketFor(d.db, one, inTwo.id)).rejects.toMatchObject({
      code: "not_found",
      message: `Ticket #${inTwo.id} was not found.`,
    });
    await expect(loadTicketFor(d.db, admin, 999_999)).rejects.toMatchObject({ code: "not_found" });

    await expect(loadTicketFor(d.db, admin, deleted.id)).rejects.toMatchObject({
      code: "not_found",
      message: `Ticket #${deleted.id} was deleted.`,
    });
    expect((await loadTicketFor(d.db, admin, deleted.id, { allowDeleted: true })).deletedAt).toEqual(at(1));
    await expect(loadTicketFor(d.db, admin, merged.id)).rejects.toMatchObject({ code: "invalid" });
    expect((await loadTicketFor(d.db, admin, merged.id, { allowMerged: true })).mergedIntoId).toBe(noTeam.id);
  });

  it("lockTicket: a second action on the ticket waits for the first and reads what it committed", async () => {
    const t = await d.prisma.ticket.create({ data: ticket("locked") });
    // Each action takes the lock, reads the ticket, then writes what it read plus its own mark:
    // without the lock, the second would read before the first committed and lose its mark.
    const act = (mark: string, when: Date, hold: () => Promise<void>) =>
      d.db.transaction().execute(async (tx) => {
        await lockTicket(tx, t.id, when);
        const read = await loadTicketFor(tx, system, t.id);
        await hold();
        await tx
          .updateTable("Ticket")
          .set({ subject: `${read.subject} ${mark}` })
          .where("id", "=", t.id)
          .execute();
      });
    let locked!: () => void;
    const firstLocked = new Promise<void>((r) => (locked = r));
    const first = act("+first", at(10), async () => {
      locked();
      await sleep(50);
    });
    await firstLocked;
    const second = act("+second", at(20), async () => {});
    await Promise.all([first, second]);
    const back = await d.prisma.ticket.findUniqueOrThrow({ where: { id: t.id } });
    expect(back.subject).toBe("locked +first +second");
    // The lock is a write: updatedAt is the last action's time.
    expect(back.updatedAt).toEqual(at(20));
  });

  it("loadTicketWithRefs: the ticket with the names of its owner, team, contact and company, or null", async () => {
    const company = await d.prisma.company.create({
      data: { domain: "store.example", domainHash: lookupHash("store.example"), name: "Store Co" },
    });
    const contact = await d.prisma.contact.create({
      data: { email: "buyer@store.example", emailHash: lookupHash("buyer@store.example"), name: "Buyer", companyId: company.id },
    });
    const full = await d.prisma.ticket.create({
      data: {
        ...ticket("with refs"),
        ownerId: "s-one",
        teamId: "s1",
        contactId: contact.id,
        companyId: company.id,
        createdAt: at(30),
        updatedAt: at(31),
      },
    });
    const bare = await d.prisma.ticket.create({ data: ticket("bare") });

    const withRefs = await loadTicketWithRefs(d.db, full.id);
    expect(withRefs).toMatchObject({
      id: full.id,
      subject: "with refs",
      open: true,
      quarantined: false,
      createdAt: at(30),
      updatedAt: at(31),
      owner: { id: "s-one", name: "Store One Agent" },
      team: { id: "s1", name: "Store One" },
      contact: { id: contact.id, email: "buyer@store.example", name: "Buyer" },
      company: { id: company.id, domain: "store.example", name: "Store Co" },
    });
    // Only the ticket's columns and the four references: no joined names left over.
    expect(Object.keys(withRefs ?? {})).not.toContain("ownerName");
    expect(await loadTicketWithRefs(d.db, bare.id)).toMatchObject({ id: bare.id, owner: null, team: null, contact: null, company: null });
    expect(await loadTicketWithRefs(d.db, 999_999)).toBeNull();
  });

  it("recordEvent: one timeline row per change, with its actor, data and time, in the caller's transaction", async () => {
    const t = await d.prisma.ticket.create({ data: ticket("events") });
    const one = asAgent(await loadAgent(d.db, "s-one"));
    await d.db.transaction().execute(async (tx) => {
      await recordEvent(tx, at(40), t.id, one, "ticket.claimed", { owner: { before: null, after: "s-one" } });
      await recordEvent(tx, at(41), t.id, system, "ticket.touched");
    });
    await expect(
      d.db.transaction().execute(async (tx) => {
        await recordEvent(tx, at(42), t.id, system, "ticket.rolled_back");
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    const events = await d.prisma.timelineEvent.findMany({ where: { ticketId: t.id }, orderBy: { createdAt: "asc" } });
    expect(
      events.map((e) => ({
        actorType: e.actorType,
        actorId: e.actorId,
        type: e.type,
        data: JSON.parse(e.data) as unknown,
        createdAt: e.createdAt,
      })),
    ).toEqual([
      {
        actorType: "agent",
        actorId: "s-one",
        type: "ticket.claimed",
        data: { owner: { before: null, after: "s-one" } },
        createdAt: at(40),
      },
      { actorType: "system", actorId: null, type: "ticket.touched", data: {}, createdAt: at(41) },
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
  });

  it("enqueue: pending rows due at once, no card rows for a ticket filed apart, nothing for no items", async () => {
    const live = await d.prisma.ticket.create({ data: ticket("outbox live") });
    const apart = await d.prisma.ticket.create({ data: { ...ticket("outbox apart"), quarantined: true } });
    await d.db.transaction().execute(async (tx) => {
      await enqueue(
        tx,
        at(50),
        ticketChanged(live.id, "created"),
        messagePosted(live.id, "m-live"),
        ticketChanged(apart.id, "created"),
        messagePosted(apart.id, "m-apart"),
        ...notifyAgents(apart.id, ["s-one", "s-one"], "mention", "m-apart"),
      );
      await enqueue(tx, at(51));
    });
    const rows = await d.prisma.outbox.findMany({ where: { ticketId: { in: [live.id, apart.id] } } });
    const seen = rows
      .map((r) => ({
        ticketId: r.ticketId,
        target: r.target,
        topic: r.topic,
        payload: JSON.parse(r.payload) as unknown,
        status: r.status,
        attempts: r.attempts,
        createdAt: r.createdAt,
        nextAttemptAt: r.nextAttemptAt,
        lockedUntil: r.lockedUntil,
      }))
      .sort((a, b) => `${a.ticketId}${a.topic}`.localeCompare(`${b.ticketId}${b.topic}`));
    const row = (ticketId: number, topic: string, payload: unknown) => ({
      ticketId,
      target: "chat",
      topic,
      payload,
      status: "pending",
      attempts: 0,
      createdAt: at(50),
      nextAttemptAt: at(50),
      lockedUntil: null,
    });
    expect(seen).toEqual(
      [
        row(live.id, "message.posted", { ticketId: live.id, messageId: "m-live" }),
        row(live.id, "ticket.changed", { ticketId: live.id, change: "created" }),
        // The mention still goes out; the card and thread rows of the ticket filed apart do not.
        row(apart.id, "agents.notify", { ticketId: apart.id, agentIds: ["s-one"], reason: "mention", messageId: "m-apart" }),
      ].sort((a, b) => `${a.ticketId}${a.topic}`.localeCompare(`${b.ticketId}${b.topic}`)),
    );
    expect(new Set(rows.map((r) => r.id)).size).toBe(3);
  });
  it("insertMessage: the message with its references and attachments; a reference already taken fails the transaction whole", async () => {
    const t = await d.prisma.ticket.create({ data: ticket("messages") });
    const bytes = new Uint8Array([0, 1, 2, 254, 255]);
    const { id } = await d.db.transaction().execute((tx) =>
      insertMessage(tx, at(60), t.id, {
        kind: "INBOUND",
        text: "hello",
        html: "<p>hello</p>",
        channel: "email",
        cc: ["cc@store.example"],
        refs: [{ system: "email", externalId: "<first@store.example>" }],
        attachments: [
          { filename: "a.bin", contentType: "application/octet-stream", size: 5, content: bytes },
          { filename: "b.txt", contentType: "text/plain", size: 0 },
        ],
      }),
    );
    const message = await d.prisma.message.findUniqueOrThrow({
      where: { id },
      include: { refs: true, attachments: { orderBy: { filename: "asc" } } },
    });
    expect(message).toMatchObject({
      ticketId: t.id,
      kind: "INBOUND",
      text: "hello",
      html: "<p>hello</p>",
      channel: "email",
      authorAgentId: null,
      inReplyToId: null,
      createdAt: at(60),
    });
    expect(JSON.parse(message.cc)).toEqual(["cc@store.example"]);
    expect(JSON.parse(message.bcc)).toEqual([]);
    expect(message.refs.map((r) => ({ system: r.system, externalId: r.externalId, externalIdHash: r.externalIdHash }))).toEqual([
      messageRefKey("email", "<first@store.example>"),
    ]);
    expect(message.attachments.map((a) => ({ filename: a.filename, size: a.size, content: a.content ? [...a.content] : null }))).toEqual([
      { filename: "a.bin", size: 5, content: [...bytes] },
      { filename: "b.txt", size: 0, content: null },
    ]);
    // Without references or attachments it writes the message alone.
    const bare = await d.db
      .transaction()
      .execute((tx) => insertMessage(tx, at(61), t.id, { kind: "COMMENT", text: "note", channel: "web" }));
    expect(await d.prisma.messageRef.count({ where: { messageId: bare.id } })).toBe(0);

    // The same email delivered twice: the second insert breaks the unique reference, and its
    // transaction leaves nothing behind (withTx retries it, and the caller then finds the first).
    let duplicate: unknown;
    await d.db
      .transaction()
      .execute((tx) =>
        insertMessage(tx, at(62), t.id, {
          kind: "INBOUND",
          text: "again",
          channel: "email",
          refs: [{ system: "email", externalId: "<first@store.example>" }],
        }),
      )
      .catch((e: unknown) => (duplicate = e));
    expect(isUniqueViolation(duplicate)).toBe(true);
    expect(await d.prisma.message.count({ where: { ticketId: t.id } })).toBe(2);
  });

  it("findOrCreateContact: one contact per address whatever its case, with its company; a name is filled in once", async () => {
    const created = await withTx(d, (tx) => findOrCreateContact(tx, { email: "  Mixed.Case@Shop.Example ", name: null }, at(70)));
    expect(created).toMatchObject({
      email: "mixed.case@shop.example",
      emailHash: lookupHash("mixed.case@shop.example"),
      name: null,
      createdAt: at(70),
    });
    const company = await d.prisma.company.findUniqueOrThrow({ where: { domainHash: lookupHash("shop.example") } });
    expect(company).toMatchObject({ id: created.companyId, domain: "shop.example", name: "Shop", createdAt: at(70) });

    // Found again by any spelling; the missing name is filled in, an existing one is kept.
    const named = await withTx(d, (tx) => findOrCreateContact(tx, { email: "MIXED.case@shop.example", name: " Mixed " }, at(71)));
    expect(named).toMatchObject({ id: created.id, name: "Mixed", createdAt: at(70) });
    expect(await withTx(d, (tx) => findOrCreateContact(tx, { email: "mixed.case@shop.example", name: "Other" }, at(72)))).toMatchObject({
      id: created.id,
      name: "Mixed",
    });
    expect((await d.prisma.contact.findUniqueOrThrow({ where: { id: created.id } })).name).toBe("Mixed");

    // A second address at the same domain joins the same company; a free-mail address has none.
    expect((await withTx(d, (tx) => findOrCreateContact(tx, { email: "two@shop.example" }, at(73)))).companyId).toBe(company.id);
    expect((await withTx(d, (tx) => findOrCreateContact(tx, { email: "someone@gmail.com" }, at(74)))).companyId).toBeNull();
    await expect(withTx(d, (tx) => findOrCreateContact(tx, { email: "not an address" }, at(75)))).rejects.toMatchObject({
      code: "invalid",
    });

    // Senders racing at a new domain and address: one company, one contact, the same for all.
    const racing = await Promise.all(
      ["Race@Newco.Example", "race@newco.example", "RACE@NEWCO.EXAMPLE"].map((email, i) =>
        withTx(d, (tx) => findOrCreateContact(tx, { email }, at(80 + i))),
      ),
    );
    expect(new Set(racing.map((c) => c.id)).size).toBe(1);
    expect(await d.prisma.contact.count({ where: { emailHash: lookupHash("race@newco.example") } })).toBe(1);
    expect(await d.prisma.company.count({ where: { domainHash: lookupHash("newco.example") } })).toBe(1);
  });
});
