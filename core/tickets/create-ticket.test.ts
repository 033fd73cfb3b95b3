import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { createTicket } from "./create-ticket.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

describe("createTicket", () => {
  it("opens a ticket in the default pipeline's first status with its message, event and outbox rows", async () => {
    const v = await createTicket(
      t.deps,
      { subject: "  Printer on fire ", text: "Help", requester: { email: "Jo@Acme.io", name: "Jo" } },
      as.bob,
    );
    expect(v).toMatchObject({
      subject: "Printer on fire",
      pipeline: { id: "support" },
      status: { id: "new", category: "OPEN" },
      priority: "medium",
      source: "manual",
    });
    expect(v.contact?.email).toBe("jo@acme.io");
    expect(v.company?.domain).toBe("acme.io");
    const db = t.prisma;
    expect(await db.message.count({ where: { ticketId: v.id } })).toBe(1);
    const events = await db.timelineEvent.findMany({ where: { ticketId: v.id } });
    expect(events.map((e) => [e.type, e.actorId])).toEqual([["ticket.created", "bob"]]);
    const outbox = await db.outbox.findMany({ where: { ticketId: v.id }, orderBy: { topic: "asc" } });
    expect(outbox.map((o) => o.topic)).toEqual(["message.posted", "ticket.changed"]);
  });

  it("gives free-mail senders no company and reuses contacts case-insensitively", async () => {
    const a = await createTicket(t.deps, { subject: "a", requester: { email: "someone@gmail.com" } }, as.bob);
    const b = await createTicket(t.deps, { subject: "b", requester: { email: "SOMEONE@gmail.com" } }, as.cy);
    expect(a.company).toBeNull();
    expect(b.contact?.id).toBe(a.contact?.id);
  });

  it("refuses non-agents, unknown pipelines, and a team the agent is not in", async () => {
    await expect(createTicket(t.deps, { subject: "x" }, { type: "agent", agentId: "nobody" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(createTicket(t.deps, { subject: "x", pipelineId: "nope" }, as.bob)).rejects.toMatchObject({ code: "invalid" });
    await expect(createTicket(t.deps, { subject: "x", teamId: "vip" }, as.bob)).rejects.toMatchObject({ code: "invalid" });
    await expect(createTicket(t.deps, { subject: "   " }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      fields: { subject: "Required." },
    });
  });

  it("refuses to open a ticket straight into a status whose required properties are missing", async () => {
    await expect(createTicket(t.deps, { subject: "x", statusId: "resolved" }, as.bob)).rejects.toMatchObject({
      code: "invalid",
      message: "To set Resolved, fill in: Resolution.",
    });
    const v = await createTicket(t.deps, { subject: "x", statusId: "resolved", properties: { resolution: "fixed" } }, as.bob);
    expect(v.status.category).toBe("CLOSED");
    expect(v.closedAt).not.toBeNull();
  });

  it("assigns numbers that stay unique under parallel creation", async () => {
    const made = await Promise.all(
      Array.from({ length: 40 }, (_, i) => createTicket(t.deps, { subject: `p${i}`, requester: { email: "same@parallel.io" } }, as.bob)),
    );
    const ids = made.map((m) => m.id);
    expect(new Set(ids).size).toBe(40);
    expect(new Set(made.map((m) => m.contact?.id)).size).toBe(1);
    expect(await t.prisma.company.count({ where: { domain: "parallel.io" } })).toBe(1);
  });

  it("takes a requester by chat identity and records the chat message it came from, once", async () => {
    const origin = { surface: "slack", channelId: "CGENERAL", messageId: "1767600000.000100" } as const;
    const v = await createTicket(
      t.deps,
      { subject: "VPN down", text: "The VPN is down", requester: { surface: "slack", userId: "U0CAROL", name: " Carol " }, origin },
      as.bob,
    );
    expect(v).toMatchObject({ source: "slack", contact: { email: null, name: "Carol" } });
    const db = t.prisma;
    const contact = await db.contact.findFirstOrThrow({ where: { identities: { some: { surface: "slack", externalId: "U0CAROL" } } } });
    expect(v.contact?.id).toBe(contact.id);
    expect(await db.message.findFirstOrThrow({ where: { ticketId: v.id } })).toMatchObject({
      kind: "INBOUND",
      text: "The VPN is down",
      channel: "slack",
      authorContactId: contact.id,
      authorAgentId: null,
    });
    const links = await db.chatLink.findMany({ where: { ticketId: v.id } });
    // No thread named: the surface decides where replies go (Slack: a thread under the message; Discord: the channel).
    expect(links).toEqual([
      expect.objectContaining({ surface: "slack", role: "origin", channelId: "CGENERAL", messageId: "1767600000.000100", threadId: null }),
    ]);
    const event = await db.timelineEvent.findFirstOrThrow({ where: { ticketId: v.id, type: "ticket.created" } });
    expect(JSON.parse(event.data)).toMatchObject({ source: "slack", origin });

    // The same person again (no name this time) is the same contact; the same message is refused.
    const again = await createTicket(
      t.deps,
      {
        subject: "VPN still down",
        requester: { surface: "slack", userId: "U0CAROL" },
        origin: { ...origin, messageId: "1767600000.000200", threadId: "1767600000.000100" },
      },
      as.bob,
    );
    expect(again.contact?.id).toBe(contact.id);
    expect((await db.chatLink.findFirstOrThrow({ where: { ticketId: again.id } })).threadId).toBe("1767600000.000100");
    await expect(
      createTicket(t.deps, { subject: "dup", requester: { surface: "slack", userId: "U0CAROL" }, origin }, as.bob),
    ).rejects.toMatchObject({
      code: "conflict",
      message: `That message is already ticket #${v.id}.`,
    });
    const discord = await createTicket(
      t.deps,
      { subject: "d", requester: { surface: "discord", userId: "200000000000000001", name: "Dan" } },
      as.bob,
    );
    expect(discord).toMatchObject({ source: "manual", contact: { name: "Dan" } });
    expect(await db.chatLink.count({ where: { ticketId: discord.id } })).toBe(0);
  });
  it("makes one ticket of a chat message even when two agents turn it into a ticket at once", async () => {
    const origin = { surface: "discord", channelId: "200000000000000009", messageId: "300000000000000042" } as const;
    const tries = await Promise.allSettled(
      [as.bob, as.ada, as.cy].map((who, i) =>
        createTicket(t.deps, { subject: `race ${i}`, requester: { surface: "discord", userId: "200000000000000005" }, origin }, who),
      ),
    );
    expect(tries.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of tries.filter((x): x is PromiseRejectedResult => x.status === "rejected"))
      expect(r.reason).toMatchObject({ code: "conflict" });
    expect(await t.prisma.chatLink.count({ where: { surface: "discord", role: "origin", messageId: origin.messageId } })).toBe(1);
  });
});
