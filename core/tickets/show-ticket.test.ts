import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { claimTicket } from "./claim-ticket.js";
import { createTicket } from "./create-ticket.js";
import { ingestInbound } from "./ingest-inbound.js";
import { showTicket } from "./show-ticket.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

describe("showTicket", () => {
  it("shows messages with authors, refs and attachment metadata, the timeline, followers, chat links", async () => {
    const r = await ingestInbound(t.deps, {
      channel: "email",
      from: { email: "show@acme.io", name: "Sho" },
      subject: "Broken",
      text: "It broke",
      cc: ["cc@acme.io"],
      externalId: "<show-1@mail.test>",
      attachments: [{ filename: "log.txt", contentType: "text/plain", size: 4, content: new TextEncoder().encode("logs") }],
    });
    const id = r.ticket.id;
    t.advance(1000);
    await claimTicket(t.deps, { ticketId: id }, as.bob);
    const db = t.prisma;
    await db.message.create({
      data: { ticketId: id, kind: "COMMENT", text: "looking", channel: "slack", authorAgentId: "bob", createdAt: t.deps.now() },
    });
    await db.follower.create({ data: { ticketId: id, agentId: "cy" } });
    await db.chatLink.create({ data: { ticketId: id, surface: "slack", channelId: "C1", messageId: "1.2", threadId: "1.2" } });

    const d = await showTicket(t.deps, { ticketId: id }, as.cy);
    expect(d.ticket).toMatchObject({ id, subject: "Broken", owner: { id: "bob" } });
    expect(d.messages).toHaveLength(2);
    const [inbound, comment] = d.messages;
    expect(inbound).toMatchObject({
      kind: "INBOUND",
      author: { type: "contact", name: "Sho", email: "show@acme.io" },
      cc: ["cc@acme.io"],
      bcc: [],
      refs: [{ system: "email", externalId: "<show-1@mail.test>" }],
      attachments: [{ filename: "log.txt", contentType: "text/plain", size: 4 }],
    });
    expect(inbound!.attachments[0]).not.toHaveProperty("content");
    expect(comment).toMatchObject({ kind: "COMMENT", author: { type: "agent", id: "bob", name: "Bob" }, text: "looking" });
    expect(d.timeline.map((e) => [e.type, e.actor.type])).toEqual([
      ["ticket.created", "contact"],
      ["ticket.claimed", "agent"],
    ]);
    expect(d.timeline[1]).toMatchObject({ actor: { id: "bob", name: "Bob" }, data: { owner: { before: null, after: "bob" } } });
    expect(d.followers).toEqual([{ id: "cy", name: "Cy" }]);
    expect(d.chatLinks).toEqual([{ surface: "slack", role: "card", channelId: "C1", messageId: "1.2", threadId: "1.2" }]);
  });

  it("returns only the acting agent's own draft", async () => {
    const { id } = await createTicket(t.deps, { subject: "drafts" }, as.bob);
    await t.prisma.draft.create({
      data: { ticketId: id, agentId: "bob", text: "bob's words", data: JSON.stringify({ statusId: "waiting_on_customer" }) },
    });
    expect((await showTicket(t.deps, { ticketId: id }, as.bob)).draft).toMatchObject({
      text: "bob's words",
      data: { statusId: "waiting_on_customer" },
    });
    expect((await showTicket(t.deps, { ticketId: id }, as.cy)).draft).toBeNull();
  });

  it("shows merged tickets, deleted ones to admins only, team tickets to the team only", async () => {
    const a = await createTicket(t.deps, { subject: "secondary" }, as.bob);
    const b = await createTicket(t.deps, { subject: "primary" }, as.bob);
    await t.prisma.ticket.update({ where: { id: a.id }, data: { mergedIntoId: b.id } });
    expect((await showTicket(t.deps, { ticketId: a.id }, as.bob)).ticket.mergedIntoId).toBe(b.id);

    await t.prisma.ticket.update({ where: { id: b.id }, data: { deletedAt: new Date() } });
    await expect(showTicket(t.deps, { ticketId: b.id }, as.bob)).rejects.toMatchObject({ code: "not_found" });
    expect((await showTicket(t.deps, { ticketId: b.id }, as.ada)).ticket.deletedAt).not.toBeNull();

    const vip = await createTicket(t.deps, { subject: "vip", teamId: "vip" }, as.dee);
    await expect(showTicket(t.deps, { ticketId: vip.id }, as.bob)).rejects.toMatchObject({ code: "not_found" });
    await expect(showTicket(t.deps, { ticketId: vip.id }, as.dee)).resolves.toMatchObject({ ticket: { id: vip.id } });
    await expect(showTicket(t.deps, { ticketId: 987_654 }, as.ada)).rejects.toMatchObject({ code: "not_found" });
    await expect(showTicket(t.deps, { ticketId: vip.id }, { type: "agent", agentId: "nobody" })).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});
