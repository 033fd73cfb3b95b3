import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, testProvider, type TestCore } from "../../test/harness.js";
import { claimTicketGeneral } from "../../core/tickets/claim-ticket.js";
import { claimTicketFast } from "../../core/tickets/claim-ticket-sql.js";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { sqliteTimestamp } from "./sqlite-connection.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

describe.runIf(testProvider === "sqlite")("SQLite timestamps", () => {
  it("are stored as the same text by the SQL port (fast paths) and by Prisma", async () => {
    const viaPrisma = (await createTicket(t.deps, { subject: "prisma" }, as.ada)).id;
    const viaSql = (await createTicket(t.deps, { subject: "sql" }, as.ada)).id;
    t.advance(1234);
    const at = t.deps.now();
    await claimTicketGeneral(t.deps, { ticketId: viaPrisma }, as.bob, at);
    expect(await claimTicketFast(t.deps, { ticketId: viaSql }, as.bob, at)).not.toBeNull();
    // Through the SQL port: better-sqlite3 gives the stored value as it is, without Prisma's typing.
    const raw = (id: number) =>
      t.deps.sql.transaction(async (q) => ({
        ticket: (await q.query(`SELECT typeof("updatedAt") AS kind, "updatedAt" AS text FROM "Ticket" WHERE id = ?`, [id]))[0],
        event: (await q.query(`SELECT typeof("createdAt") AS kind, "createdAt" AS text FROM "TimelineEvent" WHERE "ticketId" = ? AND type = 'ticket.claimed'`, [id]))[0],
      }));
    const prisma = await raw(viaPrisma);
    expect(prisma.ticket).toEqual({ kind: "text", text: sqliteTimestamp(at) });
    expect(prisma.ticket!.text).toBe(at.toISOString().replace("Z", "+00:00"));
    expect(await raw(viaSql)).toEqual(prisma);
    // And each is found by the other's range queries (text comparison in SQL).
    const found = await t.prisma.ticket.findMany({ where: { id: { in: [viaPrisma, viaSql] }, updatedAt: { gte: at, lte: at } } });
    expect(found).toHaveLength(2);
  });
});
