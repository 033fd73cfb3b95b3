// The small reads behind adapters' forms: a ticket's brief and who a reply reaches, both only for
// an agent who may see the ticket; the card view; the deleted tickets a restore picker lists; the
// messages a split form offers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { isHelpdeskError } from "../errors.js";
import { deletedTickets } from "./deleted-tickets.js";
import { splitCandidates } from "./split-candidates.js";
import { replyRecipient, ticketBrief, ticketCardView } from "./ticket-brief.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 9, minute));

async function ticket(
  data: { subject?: string; teamId?: string | null; contactId?: string | null; properties?: string; deletedAt?: Date | null } = {},
) {
  return t.prisma.ticket.create({
    data: {
      subject: data.subject ?? "Printer",
      pipelineId: "support",
      statusId: "new",
      source: "manual",
      updatedAt: at(0),
      teamId: data.teamId ?? null,
      contactId: data.contactId ?? null,
      properties: data.properties ?? "{}",
      deletedAt: data.deletedAt ?? null,
    },
  });
}

describe("ticketBrief", () => {
  it("answers the fields a status form needs", async () => {
    const c = await t.prisma.contact.create({ data: { email: "pat@example.test", name: "Pat" } });
    const tk = await ticket({ teamId: "tier1", contactId: c.id, properties: '{"product":"web"}' });
    expect(await ticketBrief(t.deps, tk.id, as.bob)).toEqual({
      pipelineId: "support",
      statusId: "new",
      ownerId: null,
      teamId: "tier1",
      contactId: c.id,
      properties: '{"product":"web"}',
      deletedAt: null,
      mergedIntoId: null,
    });
  });

  it("is null for a ticket of another team, a missing ticket and an agent no longer active", async () => {
    const vip = await ticket({ teamId: "vip" });
    expect(await ticketBrief(t.deps, vip.id, as.bob)).toBeNull();
    expect(await ticketBrief(t.deps, vip.id, as.ada)).toMatchObject({ teamId: "vip" });
    expect(await ticketBrief(t.deps, vip.id, as.dee)).toMatchObject({ teamId: "vip" });
    expect(await ticketBrief(t.deps, 999_999, as.ada)).toBeNull();
    const open = await ticket();
    await t.prisma.agent.create({ data: { id: "gone", name: "Gone", active: false } });
    expect(await ticketBrief(t.deps, open.id, { type: "agent", agentId: "gone" })).toBeNull();
  });

  it("answers deleted tickets too, with when they were deleted", async () => {
    const tk = await ticket({ deletedAt: at(5) });
    expect((await ticketBrief(t.deps, tk.id, as.bob))?.deletedAt).toEqual(at(5));
  });
});

describe("replyRecipient", () => {
  it("names the requester, and the chat surface a ticket made from a message came from", async () => {
    const c = await t.prisma.contact.create({ data: { email: "lee@example.test", name: "Lee" } });
    const mail = await ticket({ contactId: c.id });
    expect(await replyRecipient(t.deps, mail.id, as.bob)).toEqual({
      contact: { name: "Lee", email: "lee@example.test" },
      originSurface: null,
    });
    const chat = await ticket({ contactId: c.id });
    await t.prisma.chatLink.create({
      data: { ticketId: chat.id, surface: "discord", role: "card", channelId: "1", threadId: "2", messageId: "2" },
    });
    await t.prisma.chatLink.create({ data: { ticketId: chat.id, surface: "discord", role: "origin", channelId: "3", messageId: "4" } });
    expect(await replyRecipient(t.deps, chat.id, as.bob)).toEqual({
      contact: { name: "Lee", email: "lee@example.test" },
      originSurface: "discord",
    });
    expect(await replyRecipient(t.deps, (await ticket()).id, as.bob)).toEqual({ contact: null, originSurface: null });
  });

  it("names the surface of the message the ticket was opened from, when it has more than one origin", async () => {
    const tk = await ticket();
    // The later link is written first, so a read in storage order would find it.
    await t.prisma.chatLink.create({
      data: { ticketId: tk.id, surface: "slack", role: "origin", channelId: "C9", messageId: "9.1", createdAt: at(7) },
    });
    await t.prisma.chatLink.create({
      data: { ticketId: tk.id, surface: "discord", role: "origin", channelId: "8", messageId: "9", createdAt: at(1) },
    });
    expect((await replyRecipient(t.deps, tk.id, as.bob))?.originSurface).toBe("discord");
  });

  it("is null for a ticket the agent may not see, or none", async () => {
    const vip = await ticket({ teamId: "vip" });
    expect(await replyRecipient(t.deps, vip.id, as.bob)).toBeNull();
    expect(await replyRecipient(t.deps, 999_999, as.bob)).toBeNull();
  });
});

describe("ticketCardView", () => {
  it("reads the ticket as its card shows it, or null", async () => {
    const tk = await ticket({ subject: "Card me" });
    expect(await ticketCardView(t.deps, tk.id)).toMatchObject({
      id: tk.id,
      number: `#${tk.id}`,
      subject: "Card me",
      status: { id: "new" },
    });
    expect(await ticketCardView(t.deps, 999_999)).toBeNull();
  });
});

describe("deletedTickets", () => {
  it("lists deleted tickets to admins, most recently deleted first, and to nobody else", async () => {
    const older = await ticket({ subject: "Older", deletedAt: at(10) });
    const newer = await ticket({ subject: "Newer", deletedAt: at(20) });
    const listed = (await deletedTickets(t.deps, as.ada)).filter((r) => r.id === older.id || r.id === newer.id);
    expect(listed).toEqual([
      { id: newer.id, subject: "Newer", deletedAt: at(20) },
      { id: older.id, subject: "Older", deletedAt: at(10) },
    ]);
    expect((await deletedTickets(t.deps, as.ada, 1)).map((r) => r.id)).toEqual([newer.id]);
    expect(await deletedTickets(t.deps, as.bob)).toEqual([]);
    expect(await deletedTickets(t.deps, { type: "system" })).toEqual([]);
  });
});

describe("splitCandidates", () => {
  it("offers the newest messages but system notes, oldest first", async () => {
    const tk = await ticket({ teamId: "tier1" });
    const write = (minute: number, kind: string, text: string) =>
      t.prisma.message.create({ data: { ticketId: tk.id, kind, text, channel: "manual", createdAt: at(minute) } });
    await write(1, "INBOUND", "first");
    await write(2, "SYSTEM", "status changed");
    await write(3, "REPLY", "second");
    await write(4, "COMMENT", "third");
    expect((await splitCandidates(t.deps, tk.id, as.bob, 25)).map((m) => [m.kind, m.text, m.createdAt])).toEqual([
      ["INBOUND", "first", at(1)],
      ["REPLY", "second", at(3)],
      ["COMMENT", "third", at(4)],
    ]);
    expect((await splitCandidates(t.deps, tk.id, as.bob, 2)).map((m) => m.text)).toEqual(["second", "third"]);
  });

  it("refuses as the split would: another team's ticket is not found, a deleted one is refused", async () => {
    const vip = await ticket({ teamId: "vip" });
    await expect(splitCandidates(t.deps, vip.id, as.bob, 25)).rejects.toSatisfy((e) => isHelpdeskError(e) && e.code === "not_found");
    const gone = await ticket({ deletedAt: at(1) });
    await expect(splitCandidates(t.deps, gone.id, as.bob, 25)).rejects.toSatisfy((e) => isHelpdeskError(e) && e.code === "not_found");
    await expect(splitCandidates(t.deps, vip.id, { type: "system" }, 25)).rejects.toSatisfy(
      (e) => isHelpdeskError(e) && e.code === "forbidden",
    );
  });
});
