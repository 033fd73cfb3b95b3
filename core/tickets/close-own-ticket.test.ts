import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testConfigInput, testCore, type TestCore } from "../../test/harness.js";
import { isHelpdeskError } from "../errors.js";
import { closeOwnTicket } from "./close-own-ticket.js";
import { mergeTickets } from "./merge-tickets.js";
import { openChatTicket } from "./open-chat-ticket.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

const carol = "300000000000000011";
const dave = "300000000000000012";
const bob = "100000000000000001";
let n = 0;
async function carolsTicket() {
  n++;
  const { ticket } = await openChatTicket(t.deps, {
    surface: "discord",
    userId: carol,
    subject: `Printer ${n}`,
    text: "It jams.",
    origin: { channelId: `43000000000000000${n}`, messageId: `44000000000000000${n}` },
    requestId: `45000000000000000${n}`,
  });
  return ticket;
}
const code = (e: unknown) => (isHelpdeskError(e) ? e.code : e);

describe("closeOwnTicket", () => {
  it("closes the requester's ticket as the contact, in the first closed status that needs nothing filled in", async () => {
    const ticket = await carolsTicket();
    t.advance(60_000);
    const r = await closeOwnTicket(t.deps, { ticketId: ticket.id, surface: "discord", userId: carol });
    // "Resolved" requires a resolution in the test pipeline; "Closed" requires nothing.
    expect(r).toMatchObject({ closed: true, ticket: { status: { id: "closed", category: "CLOSED" } } });
    const row = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(row.closedAt).not.toBeNull();
    const event = await t.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: ticket.id, type: "ticket.status_changed" } });
    expect([event.actorType, event.actorId]).toEqual(["contact", ticket.contact!.id]);
    expect(await t.prisma.outbox.count({ where: { ticketId: ticket.id, topic: "ticket.changed", createdAt: row.updatedAt } })).toBe(1);
    expect(await closeOwnTicket(t.deps, { ticketId: ticket.id, surface: "discord", userId: carol })).toMatchObject({ closed: false });
  });

  it("refuses anyone but the requester, agents included", async () => {
    const ticket = await carolsTicket();
    await openChatTicket(t.deps, {
      surface: "discord",
      userId: dave,
      subject: "Dave's own",
      text: "x",
      origin: { channelId: "460000000000000001", messageId: "460000000000000002" },
      requestId: "460000000000000003",
    });
    for (const userId of [dave, "100000000000000001", "399999999999999999"])
      expect(code(await closeOwnTicket(t.deps, { ticketId: ticket.id, surface: "discord", userId }).catch((e: unknown) => e))).toBe(
        "forbidden",
      );
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).statusId).toBe("new");
  });

  it("lets an agent who may see the ticket close it as themselves, in the same status", async () => {
    const ticket = await carolsTicket();
    const r = await closeOwnTicket(t.deps, { ticketId: ticket.id, surface: "discord", userId: bob }, as.bob);
    expect(r).toMatchObject({ closed: true, ticket: { status: { id: "closed" } } });
    const event = await t.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: ticket.id, type: "ticket.status_changed" } });
    expect([event.actorType, event.actorId]).toEqual(["agent", "bob"]);
    // A ticket of a team the agent is not in is not theirs to see, let alone close.
    const vip = await carolsTicket();
    await t.deps.db.updateTable("Ticket").set({ teamId: "vip" }).where("id", "=", vip.id).execute();
    const e = await closeOwnTicket(t.deps, { ticketId: vip.id, surface: "discord", userId: bob }, as.bob).catch((x: unknown) => x);
    expect(code(e)).toBe("not_found");
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: vip.id } })).open).toBe(true);
  });

  it("follows a merge: the requester closes the ticket theirs was merged into only if it is theirs too", async () => {
    const mine = await carolsTicket();
    const also = await carolsTicket();
    await mergeTickets(t.deps, { primaryId: also.id, secondaryId: mine.id }, as.ada);
    expect(await closeOwnTicket(t.deps, { ticketId: mine.id, surface: "discord", userId: carol })).toMatchObject({
      closed: true,
      ticket: { id: also.id },
    });
    const daves = await openChatTicket(t.deps, {
      surface: "discord",
      userId: dave,
      subject: "Dave's primary",
      text: "x",
      origin: { channelId: "480000000000000001", messageId: "480000000000000002" },
      requestId: "480000000000000003",
    });
    const carols = await carolsTicket();
    await mergeTickets(t.deps, { primaryId: daves.ticket.id, secondaryId: carols.id }, as.ada);
    const e = await closeOwnTicket(t.deps, { ticketId: carols.id, surface: "discord", userId: carol }).catch((x: unknown) => x);
    expect(code(e)).toBe("forbidden");
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: daves.ticket.id } })).open).toBe(true);
  });

  it("leaves a ticket whose every closed status needs an agent's input to an agent", async () => {
    const strict = await testCore({
      ...testConfigInput,
      pipelines: testConfigInput.pipelines.map((p) => ({
        ...p,
        statuses: p.statuses.map((st) => (st.category === "CLOSED" ? { ...st, requiredProperties: ["resolution"] } : st)),
      })),
    });
    try {
      const { ticket } = await openChatTicket(strict.deps, {
        surface: "discord",
        userId: carol,
        subject: "Strict",
        text: "x",
        origin: { channelId: "470000000000000001", messageId: "470000000000000002" },
        requestId: "470000000000000003",
      });
      const e = await closeOwnTicket(strict.deps, { ticketId: ticket.id, surface: "discord", userId: carol }).catch((x: unknown) => x);
      expect(code(e)).toBe("invalid");
      // An agent pressing the button is sent to the card, where the status asks for the resolution.
      const byBob = await closeOwnTicket(strict.deps, { ticketId: ticket.id, surface: "discord", userId: bob }, as.bob).catch(
        (x: unknown) => x,
      );
      expect(isHelpdeskError(byBob) && byBob.message).toMatch(/close it from its card's Status menu/);
      expect((await strict.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).open).toBe(true);
    } finally {
      await strict.close();
    }
  });
});
