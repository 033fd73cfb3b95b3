// Which ticket a chat message, channel or thread belongs to, from the links recorded for it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testCore, type TestCore } from "../../test/harness.js";
import { lookupHash } from "../keys/lookup-hash.js";
import { cardLinkOf, messageOfExternalRef, ticketOfChatChannel, ticketOfChatMessage, ticketOfChatThread } from "./origin-links.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 9, minute));
const ticket = (subject = "Chat") =>
  t.prisma.ticket.create({ data: { subject, pipelineId: "support", statusId: "new", source: "discord", updatedAt: at(0) } });
const link = (
  ticketId: number,
  data: { surface?: string; role: string; channelId: string; messageId?: string | null; threadId?: string | null; minute: number },
) =>
  t.prisma.chatLink.create({
    data: {
      ticketId,
      surface: data.surface ?? "discord",
      role: data.role,
      channelId: data.channelId,
      messageId: data.messageId ?? null,
      threadId: data.threadId ?? null,
      createdAt: at(data.minute),
    },
  });

describe("a chat message a ticket was made from", () => {
  it("finds the ticket by the message, and the newest made in a channel", async () => {
    const a = await ticket();
    const b = await ticket();
    await link(a.id, { role: "origin", channelId: "c1", messageId: "m1", minute: 1 });
    await link(b.id, { role: "origin", channelId: "c1", messageId: "m2", minute: 2 });
    expect(await ticketOfChatMessage(t.deps, "discord", "c1", "m1")).toBe(a.id);
    expect(await ticketOfChatMessage(t.deps, "discord", "c1", "m3")).toBeNull();
    expect(await ticketOfChatMessage(t.deps, "slack", "c1", "m1")).toBeNull();
    expect(await ticketOfChatChannel(t.deps, "discord", "c1")).toBe(b.id);
    expect(await ticketOfChatChannel(t.deps, "discord", "c2")).toBeNull();
  });
});

describe("a message the bot posted for a ticket", () => {
  it("finds the ticket message behind an external id", async () => {
    const tk = await ticket();
    const m = await t.prisma.message.create({ data: { ticketId: tk.id, kind: "REPLY", text: "hi", channel: "discord" } });
    await t.prisma.messageRef.create({
      data: { messageId: m.id, system: "discord.origin", externalId: "c1:m9", externalIdHash: lookupHash("c1:m9") },
    });
    expect(await messageOfExternalRef(t.deps, "discord.origin", "c1:m9")).toEqual({ ticketId: tk.id, messageId: m.id });
    expect(await messageOfExternalRef(t.deps, "discord", "c1:m9")).toBeNull();
  });
});

describe("a ticket's card thread", () => {
  it("finds the ticket whose card thread it is, among the roles asked for, newest first", async () => {
    const tk = await ticket();
    await link(tk.id, { role: "card_moved", channelId: "f1", threadId: "p1", messageId: "p1", minute: 1 });
    expect(await ticketOfChatThread(t.deps, "discord", "p1", ["card", "card_moved"])).toEqual({ ticketId: tk.id, role: "card_moved" });
    expect(await ticketOfChatThread(t.deps, "discord", "p1", ["card"])).toBeNull();
    expect(await ticketOfChatThread(t.deps, "discord", "p1", [])).toBeNull();
  });

  it("answers where the card is now, with or without a thread", async () => {
    const tk = await ticket();
    expect(await cardLinkOf(t.deps, tk.id, "discord")).toBeNull();
    await link(tk.id, { role: "card", channelId: "f1", threadId: "p1", messageId: "p1", minute: 1 });
    await link(tk.id, { role: "card", channelId: "f2", messageId: "x", minute: 2 });
    expect(await cardLinkOf(t.deps, tk.id, "discord")).toEqual({ channelId: "f2", messageId: "x", threadId: null });
    expect(await cardLinkOf(t.deps, tk.id, "discord", { withThread: true })).toEqual({ channelId: "f1", messageId: "p1", threadId: "p1" });
  });
});
