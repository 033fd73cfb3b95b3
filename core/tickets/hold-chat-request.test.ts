import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { changeStatus } from "./change-status.js";
import { holdChatRequest, inFlightMs, releaseChatRequest, settleChatRequest, type ChatRequestPlace } from "./hold-chat-request.js";
import { openChatTicket } from "./open-chat-ticket.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

const windowMs = 60_000;
let n = 0;
/** A customer's place at a panel of their own, so no test sees another's hold. */
const place = (): ChatRequestPlace => ({
  surface: "discord",
  placeId: "490000000000000001",
  userId: `49000000000000${String(++n).padStart(4, "0")}`,
});

async function ticketFor(p: ChatRequestPlace, requestId: string) {
  const { ticket } = await openChatTicket(t.deps, {
    surface: "discord",
    userId: p.userId,
    subject: `Request ${requestId}`,
    text: "x",
    origin: { channelId: `4910000000${requestId}`, messageId: `4920000000${requestId}` },
    requestId,
  });
  return ticket;
}

describe("holdChatRequest", () => {
  it("lets one of several requests racing for a customer's place hold it", async () => {
    const p = place();
    const holds = await Promise.all(["a", "b", "c", "d", "e"].map((id) => holdChatRequest(t.deps, p, id, windowMs)));
    expect(holds.filter((h) => h.held)).toHaveLength(1);
    expect(holds.filter((h) => !h.held && h.ticket === null)).toHaveLength(4);
  });

  it("points later requests at the settled ticket while it is open and the window lasts; the same request still holds", async () => {
    const p = place();
    expect(await holdChatRequest(t.deps, p, "100000001", windowMs)).toEqual({ held: true });
    const ticket = await ticketFor(p, "100000001");
    await settleChatRequest(t.deps, p, "100000001", ticket.id, windowMs);
    expect(await holdChatRequest(t.deps, p, "100000002", windowMs)).toEqual({
      held: false,
      ticket: { ticketId: ticket.id, number: `#${ticket.id}`, channelId: "4910000000100000001" },
    });
    // Another customer, or the same one at another panel, is not held up.
    expect(await holdChatRequest(t.deps, { ...p, userId: "480000000000000001" }, "100000003", windowMs)).toEqual({ held: true });
    expect(await holdChatRequest(t.deps, { ...p, placeId: "490000000000000002" }, "100000004", windowMs)).toEqual({ held: true });
    t.advance(windowMs);
    expect(await holdChatRequest(t.deps, p, "100000005", windowMs)).toEqual({ held: true });
  });

  it("gives the place up once its ticket is closed, or at once when the request opened nothing", async () => {
    const p = place();
    await holdChatRequest(t.deps, p, "200000001", windowMs);
    const ticket = await ticketFor(p, "200000001");
    await settleChatRequest(t.deps, p, "200000001", ticket.id, windowMs);
    await changeStatus(t.deps, { ticketId: ticket.id, statusId: "closed" }, as.ada);
    expect(await holdChatRequest(t.deps, p, "200000002", windowMs)).toEqual({ held: true });
    expect(await holdChatRequest(t.deps, p, "200000003", windowMs)).toEqual({ held: false, ticket: null });
    await releaseChatRequest(t.deps, p, "200000002");
    expect(await holdChatRequest(t.deps, p, "200000003", windowMs)).toEqual({ held: true });
    // A window of 0 holds nothing.
    expect(await holdChatRequest(t.deps, p, "200000004", 0)).toEqual({ held: true });
  });

  it("keeps a short window's hold while its request is still opening, and settles it however late", async () => {
    const p = place();
    const short = 5_000;
    expect(await holdChatRequest(t.deps, p, "300000001", short)).toEqual({ held: true });
    // The first request is still opening its ticket after its window: a double click's second waits.
    t.advance(short + 1_000);
    expect(await holdChatRequest(t.deps, p, "300000002", short)).toEqual({ held: false, ticket: null });
    const ticket = await ticketFor(p, "300000001");
    await settleChatRequest(t.deps, p, "300000001", ticket.id, short);
    expect(await holdChatRequest(t.deps, p, "300000003", short)).toMatchObject({ held: false, ticket: { ticketId: ticket.id } });
    // The window counts from the settle.
    t.advance(short);
    expect(await holdChatRequest(t.deps, p, "300000004", short)).toEqual({ held: true });
  });

  it("gives a place taken over near its end a whole hold from the takeover", async () => {
    const p = place();
    await holdChatRequest(t.deps, p, "400000001", windowMs);
    const ticket = await ticketFor(p, "400000001");
    await settleChatRequest(t.deps, p, "400000001", ticket.id, windowMs);
    await changeStatus(t.deps, { ticketId: ticket.id, statusId: "closed" }, as.ada);
    t.advance(windowMs - 1_000);
    expect(await holdChatRequest(t.deps, p, "400000002", windowMs)).toEqual({ held: true });
    t.advance(2_000);
    // The old hold's end has passed, the takeover's has not: its double click is held off.
    expect(await holdChatRequest(t.deps, p, "400000003", windowMs)).toEqual({ held: false, ticket: null });
    const second = await ticketFor(p, "400000002");
    await settleChatRequest(t.deps, p, "400000002", second.id, windowMs);
    expect(await holdChatRequest(t.deps, p, "400000003", windowMs)).toMatchObject({ held: false, ticket: { ticketId: second.id } });
  });

  it("lets a later request take over a hold never settled once it has been in flight too long, and the gone one settle nothing", async () => {
    const p = place();
    const long = 600_000;
    await holdChatRequest(t.deps, p, "500000001", long);
    t.advance(inFlightMs - 1_000);
    expect(await holdChatRequest(t.deps, p, "500000002", long)).toEqual({ held: false, ticket: null });
    t.advance(1_000);
    expect(await holdChatRequest(t.deps, p, "500000002", long)).toEqual({ held: true });
    // The first request, back late, neither frees nor takes the place.
    await releaseChatRequest(t.deps, p, "500000001");
    await settleChatRequest(t.deps, p, "500000001", 1, long);
    expect(await holdChatRequest(t.deps, p, "500000003", long)).toEqual({ held: false, ticket: null });
  });
});
