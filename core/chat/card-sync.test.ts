// The card's life as the core runs it, over a fake surface that records what it was asked to do:
// which card is current, posting once per channel, moving and retiring, mirroring each message
// once (a retry after part of it went out, a deleted thread), notifying, and replies in the origin.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testCore, type TestCore } from "../../test/harness.js";
import { DeliveryError } from "../outbox/delivery.js";
import { cardSync } from "./card-sync.js";
import type { CardPort } from "./card-port.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 9, minute));
const ticket = (subject = "Card") =>
  t.prisma.ticket.create({ data: { subject, pipelineId: "support", statusId: "new", source: "email", updatedAt: at(0) } });
const cardLink = (ticketId: number, channelId: string, messageId: string | null, minute: number, role = "card") =>
  t.prisma.chatLink.create({
    data: {
      ticketId,
      surface: "discord",
      role,
      channelId,
      messageId,
      threadId: messageId ? `t-${messageId}` : null,
      createdAt: at(minute),
    },
  });
/** A message on the ticket, by an agent unless no author is given (the customer's). */
const message = (ticketId: number, kind: string, text: string, minute: number, authorAgentId?: string) =>
  t.prisma.message.create({
    data: { ticketId, channel: "manual", kind, text, authorAgentId: authorAgentId ?? null, createdAt: at(minute) },
  });
/** The outbox row the dispatcher would hand this surface, on its first attempt. */
const outboxRow = (id: string, ticketId: number, topic: string, payload: Record<string, unknown>) => ({
  id,
  ticketId,
  target: "discord",
  topic,
  payload,
  attempts: 1,
});
const links = (ticketId: number) => t.prisma.chatLink.findMany({ where: { ticketId, surface: "discord" }, orderBy: { createdAt: "asc" } });

/** A surface that says what it did; `destination` and the failures are set per test. */
function fakeSurface() {
  const did: string[] = [];
  const s = {
    did,
    destination: null as string | null,
    /** Threads deleted on the platform: updates say "gone", posts there too. */
    gone: new Set<string>(),
    /** Fail the thread post after this many parts (a rate limit). */
    failAfter: Infinity,
    posted: 0,
    seq: 0,
  };
  const port: CardPort<string, string> = {
    surface: "discord",
    refSystems: { typed: "discord", mirrored: "discord.mirror", origin: "discord.origin" },
    postedIn: (place, externalId) => externalId.startsWith(`${place.threadId ?? place.channelId}:`),
    destination: () => s.destination,
    async postCard(view, channelId) {
      const id = `m${++s.seq}`;
      did.push(`post ${channelId} ${view.number}`);
      return { channelId, threadId: `t-${id}`, messageId: id };
    },
    async updateCard(_view, card) {
      if (s.gone.has(card.threadId)) return "gone";
      did.push(`update ${card.messageId}`);
      return "updated";
    },
    async retireCard(_view, old, current) {
      did.push(`retire ${old.messageId} -> ${current.messageId}`);
    },
    async announceMove(_view, from, to) {
      did.push(`announce ${from.messageId} in ${to.messageId}`);
    },
    threadParts: (m) =>
      [`${m.author}: ${m.text}`, "(part 2)", "(part 3)"].map((p, i) => (i === 0 && m.mentions.length ? `${p} ${m.mentions.join(",")}` : p)),
    async postThreadPart(card, part) {
      if (s.gone.has(card.threadId)) return "gone";
      if (s.posted >= s.failAfter) throw new DeliveryError("rate limited", { retryAfterMs: 1 });
      s.posted++;
      did.push(`thread ${card.threadId}: ${part}`);
      return `${card.threadId}:p${++s.seq}`;
    },
    async directMessage(userId, note) {
      did.push(`dm ${userId} ${note.reason} ${note.card?.messageId ?? "-"}`);
    },
    replyParts: (text) => [text, "(more)"],
    async replyInOrigin(origin, part, i) {
      did.push(`reply ${origin.threadId ?? origin.channelId} #${i}: ${part}`);
      return `${origin.threadId ?? origin.channelId}:r${++s.seq}`;
    },
  };
  return { s, sync: cardSync({ deps: t.deps }, port) };
}

let f: ReturnType<typeof fakeSurface>;
beforeEach(async () => {
  f = fakeSurface();
  // Each test its own links and refs (the fake surface's ids start again).
  await t.prisma.chatLink.deleteMany({});
  await t.prisma.messageRef.deleteMany({});
});

describe("the current card", () => {
  it("is the newest card link with a message, for syncing, mirroring and notifying alike", async () => {
    // A move cut short: the new card in B is up, the old one in A was never retired, and no
    // channel takes the ticket now. (Discord used to update the oldest card and mirror to the newest.)
    const tk = await ticket();
    await cardLink(tk.id, "A", "old", 1);
    await cardLink(tk.id, "B", "new", 2);
    await cardLink(tk.id, "C", null, 3); // a claim whose post never happened
    await t.prisma.chatIdentity.update({
      where: { surface_agentId: { surface: "discord", agentId: "bob" } },
      data: { externalId: "u-bob" },
    });
    expect(await f.sync.currentCard(tk.id)).toEqual({ channelId: "B", threadId: "t-new", messageId: "new" });

    const card = await f.sync.syncCard(tk.id);
    expect(card).toEqual({ channelId: "B", threadId: "t-new", messageId: "new" });
    expect(f.s.did).toEqual(["update new", "retire old -> new"]);
    expect((await links(tk.id)).map((l) => `${l.channelId} ${l.role}`)).toEqual(["A card_moved", "B card", "C card"]);

    const m = await message(tk.id, "COMMENT", "hello", 4, "ada");
    f.s.did.length = 0;
    await f.sync.deliver(outboxRow("o1", tk.id, "message.posted", { ticketId: tk.id, messageId: m.id }));
    expect(f.s.did[0]).toBe("thread t-new: Ada: hello");
    await f.sync.deliver(outboxRow("o2", tk.id, "agents.notify", { ticketId: tk.id, agentIds: ["bob", "cy"], reason: "follow" }));
    expect(f.s.did.at(-1)).toBe("dm u-bob follow new");
  });

  it("goes where the ticket belongs now: a new card there, announced once, and the old one retired", async () => {
    const tk = await ticket();
    f.s.destination = "A";
    const first = await f.sync.syncCard(tk.id);
    f.s.destination = "B";
    const moved = await f.sync.syncCard(tk.id);
    await f.sync.syncCard(tk.id);
    expect(f.s.did).toEqual([
      `post A #${tk.id}`,
      `post B #${tk.id}`,
      `announce ${first!.messageId} in ${moved!.messageId}`,
      `retire ${first!.messageId} -> ${moved!.messageId}`,
      `update ${moved!.messageId}`,
    ]);
    // Back to A: a new card there; both old cards stay as moved cards, their threads still the ticket's.
    f.s.destination = "A";
    await f.sync.syncCard(tk.id);
    expect((await links(tk.id)).map((l) => `${l.channelId} ${l.role}`).sort()).toEqual(["A card", "A card_moved", "B card_moved"]);
  });

  it("is posted by one worker at a time: another's fresh claim is a retry, a stale one is taken over", async () => {
    const tk = await ticket();
    f.s.destination = "A";
    await cardLink(tk.id, "A", null, 0);
    // The claim is as old as the clock's start, so not stale yet.
    await t.prisma.chatLink.updateMany({ where: { ticketId: tk.id }, data: { createdAt: t.deps.now() } });
    await expect(f.sync.syncCard(tk.id)).rejects.toMatchObject({ opts: { retryAfterMs: 5_000 } });
    t.advance(61_000);
    expect(await f.sync.syncCard(tk.id)).toMatchObject({ channelId: "A" });
    expect(f.s.did).toEqual([`post A #${tk.id}`]);
  });

  it("posts a deleted card again on the same link", async () => {
    const tk = await ticket();
    await cardLink(tk.id, "A", "gone1", 1);
    f.s.gone.add("t-gone1");
    const card = await f.sync.syncCard(tk.id);
    expect(f.s.did).toEqual([`post A #${tk.id}`]);
    expect((await links(tk.id)).map((l) => l.messageId)).toEqual([card!.messageId]);
  });
});

describe("mirroring a message", () => {
  it("posts each part once: a retry after a failure posts the rest, a redelivery nothing", async () => {
    const tk = await ticket();
    await cardLink(tk.id, "A", "c", 1);
    const m = await message(tk.id, "REPLY", "answer", 2, "ada");
    const row = outboxRow("o", tk.id, "message.posted", { ticketId: tk.id, messageId: m.id });
    f.s.failAfter = 1;
    await expect(f.sync.deliver(row)).rejects.toThrow("rate limited");
    f.s.failAfter = Infinity;
    await f.sync.deliver(row);
    await f.sync.deliver(row);
    expect(f.s.did).toEqual(["thread t-c: Ada: answer", "thread t-c: (part 2)", "thread t-c: (part 3)"]);
    expect(await t.prisma.messageRef.count({ where: { messageId: m.id, system: "discord.mirror" } })).toBe(3);
  });

  it("never echoes a message typed in the card's thread", async () => {
    const tk = await ticket();
    await cardLink(tk.id, "A", "c", 1);
    const m = await message(tk.id, "COMMENT", "typed", 2, "ada");
    await t.prisma.messageRef.create({
      data: { messageId: m.id, system: "discord", externalId: "t-c:typed", externalIdHash: `h-${m.id}` },
    });
    await f.sync.deliver(outboxRow("o", tk.id, "message.posted", { ticketId: tk.id, messageId: m.id }));
    expect(f.s.did).toEqual([]);
  });

  it("posts the card again when its thread was deleted, and the whole message in the new thread", async () => {
    const tk = await ticket();
    await cardLink(tk.id, "A", "c", 1);
    f.s.gone.add("t-c");
    const m = await message(tk.id, "INBOUND", "hi", 2);
    await f.sync.deliver(outboxRow("o", tk.id, "message.posted", { ticketId: tk.id, messageId: m.id }));
    const [l] = await links(tk.id);
    expect(f.s.did).toEqual([
      `post A #${tk.id}`,
      `thread ${l!.threadId}: The customer: hi`,
      `thread ${l!.threadId}: (part 2)`,
      `thread ${l!.threadId}: (part 3)`,
    ]);
  });

  it("pings the surface's users of the agents a note mentioned", async () => {
    const tk = await ticket();
    await cardLink(tk.id, "A", "c", 1);
    await t.prisma.chatIdentity.create({ data: { surface: "discord", externalId: "u-cy", kind: "agent", agentId: "cy" } });
    const m = await message(tk.id, "COMMENT", "@cy look", 2, "ada");
    await t.prisma.timelineEvent.create({
      data: {
        ticketId: tk.id,
        actorType: "agent",
        actorId: "ada",
        type: "message.commented",
        data: JSON.stringify({ messageId: m.id, mentioned: ["cy", "dee"] }),
        createdAt: at(2),
      },
    });
    await f.sync.deliver(outboxRow("o", tk.id, "message.posted", { ticketId: tk.id, messageId: m.id }));
    expect(f.s.did[0]).toBe("thread t-c: Ada: @cy look u-cy");
  });
});

describe("a reply in the origin conversation", () => {
  it("goes where the requester wrote, each part once, and fails for good without an origin", async () => {
    const tk = await ticket();
    const m = await message(tk.id, "REPLY", "done", 2, "ada");
    const row = outboxRow("o", tk.id, "chat.reply", { ticketId: tk.id, messageId: m.id });
    await expect(f.sync.deliver(row)).rejects.toMatchObject({ opts: { permanent: true } });
    await t.prisma.chatLink.create({
      data: { ticketId: tk.id, surface: "discord", role: "origin", channelId: "dm1", messageId: "asked", createdAt: at(1) },
    });
    await f.sync.deliver(row);
    await f.sync.deliver(row);
    expect(f.s.did).toEqual(["reply dm1 #0: done", "reply dm1 #1: (more)"]);
  });
});
