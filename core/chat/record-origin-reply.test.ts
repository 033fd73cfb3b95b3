// An agent's answer typed in a ticket's origin conversation, in the core on a real database: it is
// the agent's reply (first response, mirror, no delivery back), once; merges are followed, and an
// agent who may not see the ticket is refused like any action on it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { systemActor } from "../deps.js";
import { isHelpdeskError } from "../errors.js";
import { mergeTickets } from "../tickets/merge-tickets.js";
import { openChannelTicket, type OpenChannelTicketInput } from "./open-channel-ticket.js";
import { recordOriginReply } from "./record-origin-reply.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

let n = 0;
const open = async (extra: Partial<OpenChannelTicketInput> = {}) => {
  const ts = `1767800${String(++n).padStart(3, "0")}.000100`;
  const input = { surface: "slack" as const, channelId: "CCUST", messageId: ts, externalId: `CCUST:${ts}`, subject: "Help", text: "Help" };
  return (await openChannelTicket(t.deps, { ...input, userId: `U0R${n}`, ...extra }, systemActor)).ticket.id;
};
const topics = (ticketId: number) =>
  t.prisma.outbox.findMany({ where: { payload: { contains: `"ticketId":${ticketId}` } } }).then((rows) => rows.map((r) => r.topic));

describe("recordOriginReply", () => {
  it("records the agent's reply with the first response, to be mirrored and never sent, once", async () => {
    const id = await open();
    t.advance(90_000);
    const first = await recordOriginReply(t.deps, { ticketId: id, surface: "slack", text: " On it ", externalId: "CCUST:1.1" }, as.bob);
    const again = await recordOriginReply(t.deps, { ticketId: id, surface: "slack", text: "On it", externalId: "CCUST:1.1" }, as.bob);
    expect(first).toMatchObject({ duplicate: false });
    expect(again).toMatchObject({ duplicate: true, messageId: first!.messageId });
    const replies = await t.prisma.message.findMany({ where: { ticketId: id, kind: "REPLY" } });
    expect(replies).toEqual([expect.objectContaining({ text: "On it", authorAgentId: "bob", channel: "slack" })]);
    const ticket = await t.prisma.ticket.findUniqueOrThrow({ where: { id } });
    expect(ticket.firstResponseSec).toBe(90);
    expect(await topics(id)).toContain("message.posted");
    expect(await topics(id)).not.toContain("chat.reply");
  });

  it("follows a merge, and refuses an agent who may not see the ticket", async () => {
    const from = await open();
    const into = await open();
    await mergeTickets(t.deps, { primaryId: into, secondaryId: from }, as.ada);
    const r = await recordOriginReply(t.deps, { ticketId: from, surface: "slack", text: "Merged", externalId: "CCUST:2.1" }, as.bob);
    expect(r?.ticket.id).toBe(into);
    const tier1 = await open({ route: { teamId: "tier1" } });
    const refused = await recordOriginReply(
      t.deps,
      { ticketId: tier1, surface: "slack", text: "Hi", externalId: "CCUST:3.1" },
      as.dee,
    ).then(
      () => null,
      (e: unknown) => (isHelpdeskError(e) ? e.code : String(e)),
    );
    expect(refused).toBe("not_found");
    expect(await t.prisma.message.count({ where: { ticketId: tier1, kind: "REPLY" } })).toBe(0);
  });
});
