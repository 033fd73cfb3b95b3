// Chat links by where a message sits: a thread within its channel (Slack thread ids are unique
// only there), or the card message itself.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testCore, type TestCore } from "../../test/harness.js";
import { cardLinkAt, originTicketOfThread } from "./lookups.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 9, minute));
const ticket = () =>
  t.prisma.ticket.create({ data: { subject: "Chat", pipelineId: "support", statusId: "new", source: "slack", updatedAt: at(0) } });
const link = (ticketId: number, data: { role: string; channelId: string; messageId?: string; threadId?: string; minute: number }) =>
  t.prisma.chatLink.create({
    data: {
      ticketId,
      surface: "slack",
      role: data.role,
      channelId: data.channelId,
      messageId: data.messageId ?? null,
      threadId: data.threadId ?? null,
      createdAt: at(data.minute),
    },
  });
const roles = ["card", "card_moved"];

describe("cardLinkAt", () => {
  it("finds the newest card of a thread in its channel, among the roles asked for", async () => {
    const a = await ticket();
    const b = await ticket();
    await link(a.id, { role: "card_moved", channelId: "C1", messageId: "100.1", threadId: "100.1", minute: 1 });
    // The same thread timestamp in another channel is another thread.
    await link(b.id, { role: "card", channelId: "C2", messageId: "100.1", threadId: "100.1", minute: 2 });
    expect(await cardLinkAt(t.deps, { surface: "slack", channelId: "C1", threadId: "100.1", roles })).toEqual({
      ticketId: a.id,
      role: "card_moved",
      channelId: "C1",
      threadId: "100.1",
      messageId: "100.1",
    });
    expect(await cardLinkAt(t.deps, { surface: "slack", channelId: "C1", threadId: "100.1", roles: ["card"] })).toBeNull();
    expect(await cardLinkAt(t.deps, { surface: "slack", channelId: "C1", threadId: "100.1", roles: [] })).toBeNull();
    expect(await cardLinkAt(t.deps, { surface: "discord", channelId: "C2", threadId: "100.1", roles })).toBeNull();
    expect((await cardLinkAt(t.deps, { surface: "slack", channelId: "C2", threadId: "100.1", roles }))?.ticketId).toBe(b.id);
  });

  it("finds a card by its own message when asked, for a message that is not in a thread", async () => {
    const a = await ticket();
    await link(a.id, { role: "card", channelId: "C3", messageId: "200.1", threadId: "200.5", minute: 1 });
    expect(await cardLinkAt(t.deps, { surface: "slack", channelId: "C3", threadId: "200.1", roles })).toBeNull();
    expect((await cardLinkAt(t.deps, { surface: "slack", channelId: "C3", threadId: "200.1", messageId: "200.1", roles }))?.ticketId).toBe(
      a.id,
    );
  });
});

describe("originTicketOfThread", () => {
  it("finds the ticket a requester's thread was opened from, in its channel", async () => {
    const a = await ticket();
    const b = await ticket();
    await link(a.id, { role: "origin", channelId: "C4", messageId: "300.1", threadId: "300.1", minute: 1 });
    await link(b.id, { role: "origin", channelId: "C4", messageId: "300.2", threadId: "300.1", minute: 2 });
    expect(await originTicketOfThread(t.deps, "slack", "C4", "300.1")).toBe(b.id);
    expect(await originTicketOfThread(t.deps, "slack", "C5", "300.1")).toBeNull();
    expect(await originTicketOfThread(t.deps, "discord", "C4", "300.1")).toBeNull();
  });
});
