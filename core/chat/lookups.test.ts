// Which ticket a chat place belongs to, from the links recorded for it: a card's thread (within its
// channel on Slack, by the thread id alone on Discord) or its own message, the message a ticket was
// made from and its thread or channel, a ticket's card now, and a message the bot posted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testCore, type TestCore } from "../../test/harness.js";
import { lookupHash } from "../keys/lookup-hash.js";
import { cardLinkAt, cardLinkOf, messageOfExternalRef, originTicketAt } from "./lookups.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 9, minute));
const ticket = (source = "slack") =>
  t.prisma.ticket.create({ data: { subject: "Chat", pipelineId: "support", statusId: "new", source, updatedAt: at(0) } });
const link = (
  ticketId: number,
  data: { surface?: string; role: string; channelId: string; messageId?: string; threadId?: string; minute: number },
) =>
  t.prisma.chatLink.create({
    data: {
      ticketId,
      surface: data.surface ?? "slack",
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

  it("finds a card by its thread id alone when no channel is given (a Discord post)", async () => {
    const a = await ticket("discord");
    const b = await ticket("discord");
    await link(a.id, { surface: "discord", role: "card_moved", channelId: "f1", threadId: "p1", messageId: "p1", minute: 1 });
    await link(b.id, { surface: "discord", role: "card", channelId: "f2", threadId: "p2", messageId: "p2", minute: 2 });
    expect(await cardLinkAt(t.deps, { surface: "discord", threadId: "p1", roles })).toMatchObject({ ticketId: a.id, role: "card_moved" });
    expect(await cardLinkAt(t.deps, { surface: "discord", threadId: "p1", roles: ["card"] })).toBeNull();
    expect(await cardLinkAt(t.deps, { surface: "discord", threadId: "p1", roles: [] })).toBeNull();
    expect((await cardLinkAt(t.deps, { surface: "discord", threadId: "p2", roles }))?.ticketId).toBe(b.id);
  });
});

describe("originTicketAt", () => {
  it("finds the ticket a requester's thread was opened from, in its channel", async () => {
    const a = await ticket();
    const b = await ticket();
    await link(a.id, { role: "origin", channelId: "C4", messageId: "300.1", threadId: "300.1", minute: 1 });
    await link(b.id, { role: "origin", channelId: "C4", messageId: "300.2", threadId: "300.1", minute: 2 });
    expect(await originTicketAt(t.deps, { surface: "slack", channelId: "C4", threadId: "300.1" })).toBe(b.id);
    expect(await originTicketAt(t.deps, { surface: "slack", channelId: "C5", threadId: "300.1" })).toBeNull();
    expect(await originTicketAt(t.deps, { surface: "discord", channelId: "C4", threadId: "300.1" })).toBeNull();
  });

  it("finds the ticket made from one message, and the newest made in a channel", async () => {
    const a = await ticket("discord");
    const b = await ticket("discord");
    await link(a.id, { surface: "discord", role: "origin", channelId: "c1", messageId: "m1", minute: 1 });
    await link(b.id, { surface: "discord", role: "origin", channelId: "c1", messageId: "m2", minute: 2 });
    expect(await originTicketAt(t.deps, { surface: "discord", channelId: "c1", messageId: "m1" })).toBe(a.id);
    expect(await originTicketAt(t.deps, { surface: "discord", channelId: "c1", messageId: "m3" })).toBeNull();
    expect(await originTicketAt(t.deps, { surface: "slack", channelId: "c1", messageId: "m1" })).toBeNull();
    expect(await originTicketAt(t.deps, { surface: "discord", channelId: "c1" })).toBe(b.id);
    expect(await originTicketAt(t.deps, { surface: "discord", channelId: "c2" })).toBeNull();
  });
});

describe("cardLinkOf", () => {
  it("answers where the card is now, with or without a thread", async () => {
    const tk = await ticket("discord");
    expect(await cardLinkOf(t.deps, tk.id, "discord")).toBeNull();
    await link(tk.id, { surface: "discord", role: "card", channelId: "f1", threadId: "p1", messageId: "p1", minute: 1 });
    await link(tk.id, { surface: "discord", role: "card", channelId: "f2", messageId: "x", minute: 2 });
    expect(await cardLinkOf(t.deps, tk.id, "discord")).toEqual({ channelId: "f2", messageId: "x", threadId: null });
    expect(await cardLinkOf(t.deps, tk.id, "discord", { withThread: true })).toEqual({ channelId: "f1", messageId: "p1", threadId: "p1" });
  });
});

describe("messageOfExternalRef", () => {
  it("finds the ticket message behind an external id", async () => {
    const tk = await ticket("discord");
    const m = await t.prisma.message.create({ data: { ticketId: tk.id, kind: "REPLY", text: "hi", channel: "discord" } });
    await t.prisma.messageRef.create({
      data: { messageId: m.id, system: "discord.origin", externalId: "c1:m9", externalIdHash: lookupHash("c1:m9") },
    });
    expect(await messageOfExternalRef(t.deps, "discord.origin", "c1:m9")).toEqual({ ticketId: tk.id, messageId: m.id });
    expect(await messageOfExternalRef(t.deps, "discord", "c1:m9")).toBeNull();
  });
});
