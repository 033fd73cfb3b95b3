import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testCore, type TestCore } from "../../test/harness.js";
import { ingestInbound, type InboundInput } from "./ingest-inbound.js";
import { openInboundTicketFast } from "./open-inbound-ticket-sql.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

/** Everything a new ticket consists of, without the ids that must differ. */
async function snapshot(ticketId: number) {
  const db = t.deps.db;
  const ticket = await db.ticket.findUniqueOrThrow({ where: { id: ticketId } });
  const messages = await db.message.findMany({ where: { ticketId }, include: { refs: true, attachments: true } });
  const events = await db.timelineEvent.findMany({ where: { ticketId } });
  const outbox = await db.outbox.findMany({ where: { ticketId }, orderBy: { topic: "asc" } });
  const contacts = await db.ticketContact.findMany({ where: { ticketId } });
  const { id: _id, ...rest } = ticket;
  return {
    ticket: rest,
    messages: messages.map(({ id: _m, ticketId: _t, refs, attachments, ...m }) => ({
      ...m,
      refs: refs.map((r) => ({ system: r.system, externalId: r.externalId.replace(/-(fast|general)/, "") })),
      attachments: attachments.map(({ id: _a, messageId: _b, ...a }) => a),
    })),
    events: events.map(({ id: _e, ticketId: _t, ...e }) => e),
    outbox: outbox.map(({ id: _o, ticketId: _t, payload, ...o }) => ({ ...o, payload: Object.keys(JSON.parse(payload)).sort() })),
    contacts: contacts.map(({ ticketId: _t, ...c }) => c),
  };
}

describe("openInboundTicketFast", () => {
  // An auto-reply or bounce opens a ticket filed apart (no card rows); anything else, list and bulk
  // mail included, a ticket in the queues.
  it.each([undefined, "bulk", "auto_reply", "bounce"] as const)("writes exactly the rows the general path writes for a new ticket (automatic: %s)", async (autoKind) => {
    const autoSubmitted = autoKind !== undefined;
    const apart = autoKind === "auto_reply" || autoKind === "bounce";
    const base = (path: string): InboundInput => ({
      channel: "email",
      from: { email: "Parity@Example.org", name: "Pat" },
      subject: "Same request",
      text: "Body",
      html: "<p>Body</p>",
      cc: ["cc@example.org"],
      externalId: `<parity-${path}-${autoKind}@example.org>`,
      route: { teamId: "tier1" },
      priority: "high",
      properties: { product: "web" },
      attachments: [{ filename: "a.txt", contentType: "text/plain", size: 3, content: new TextEncoder().encode("abc") }],
      autoSubmitted,
      autoKind,
    });
    const fast = await openInboundTicketFast(t.deps, base("fast"), t.deps.now());
    expect(fast).not.toBeNull();
    // A thread key for a ticket that does not exist sends the message down the general path.
    const general = await ingestInbound(t.deps, { ...base("general"), threadKeys: { ticketNumber: 999_999 } });
    expect(general.created).toBe(true);
    expect(fast!.ticket).toEqual({ ...general.ticket, id: fast!.ticket.id, number: fast!.ticket.number });
    const written = await snapshot(fast!.ticket.id);
    expect(written).toEqual(await snapshot(general.ticket.id));
    expect(written.ticket.quarantined).toBe(apart);
    expect(written.outbox.map((o) => o.topic)).toEqual(apart ? [] : ["message.posted", "ticket.changed"]);
  });

  it("steps aside for anything that may belong to an existing ticket", async () => {
    const first = await ingestInbound(t.deps, { channel: "email", from: { email: "x@example.org" }, text: "hi", externalId: "<one@x>" });
    expect(first.created).toBe(true);
    const at = t.deps.now();
    expect(await openInboundTicketFast(t.deps, { channel: "email", from: { email: "x@example.org" }, text: "hi", externalId: "<one@x>" }, at)).toBeNull();
    expect(await openInboundTicketFast(t.deps, { channel: "email", from: { email: "x@example.org" }, text: "re", threadKeys: { messageIds: ["<one@x>"] } }, at)).toBeNull();
    expect(await openInboundTicketFast(t.deps, { channel: "email", from: { email: "x@example.org" }, text: "re", threadKeys: { ticketNumber: first.ticket.id } }, at)).toBeNull();
    expect(await openInboundTicketFast(t.deps, { channel: "slack", from: {}, text: "no address" }, at)).toBeNull();
  });
});
