// The plain-SQL port shares the Prisma client's connections: checked on either provider.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asBool, asDate, isUniqueViolation } from "../core/sql.js";
import { freshDatabase, testProvider, type TestDatabase } from "./harness.js";

let d: TestDatabase;
beforeAll(async () => {
  d = await freshDatabase();
});
afterAll(() => d.drop());

const insertTicket = `INSERT INTO "Ticket" (subject, "pipelineId", "statusId", open, priority, source, properties, "createdAt", "updatedAt")
  VALUES (?, 'support', 'new', ?, 'medium', 'manual', '{}', ?, ?) RETURNING id, open, "createdAt"`;

describe(`SQL port (${testProvider})`, () => {
  it("commits what the transaction wrote, visible to Prisma, with types mapped", async () => {
    const at = new Date("2026-02-03T04:05:06.789Z");
    const [row] = await d.sql.transaction((q) => q.query<{ id: number; open: unknown; createdAt: unknown }>(insertTicket, ["via sql", true, at, at]));
    expect(typeof row!.id).toBe("number");
    expect(asBool(row!.open)).toBe(true);
    expect(asDate(row!.createdAt)?.toISOString()).toBe(at.toISOString());
    const back = await d.db.ticket.findUniqueOrThrow({ where: { id: row!.id } });
    expect(back).toMatchObject({ subject: "via sql", open: true, createdAt: at });
  });

  it("rolls back everything when the function throws", async () => {
    const before = await d.db.ticket.count();
    await expect(
      d.sql.transaction(async (q) => {
        await q.query(insertTicket, ["doomed", true, new Date(), new Date()]);
        throw new Error("nope");
      }),
    ).rejects.toThrow("nope");
    expect(await d.db.ticket.count()).toBe(before);
  });

  it("reports unique violations recognisably", async () => {
    const t = await d.db.ticket.create({ data: { subject: "r", pipelineId: "support", statusId: "new", source: "manual" } });
    const m = await d.db.message.create({ data: { ticketId: t.id, kind: "INBOUND", text: "x", channel: "email" } });
    const ins = `INSERT INTO "MessageRef" (id, "messageId", system, "externalId", "externalIdHash") VALUES (?, ?, 'email', '<dup@x>', 'same-hash')`;
    await d.sql.transaction((q) => q.execute(ins, ["r1", m.id]));
    const err = await d.sql.transaction((q) => q.execute(ins, ["r2", m.id])).catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
  });

  it("interleaves with Prisma transactions without losing or mixing writes", async () => {
    const before = await d.db.ticket.count();
    const work = Array.from({ length: 40 }, (_, i) =>
      i % 2
        ? d.sql.transaction(async (q) => {
            await q.query(insertTicket, [`sql ${i}`, true, new Date(), new Date()]);
            if (i % 10 === 1) throw new Error("rollback this one");
          })
        : d.db.$transaction(async (tx) => {
            await tx.ticket.create({ data: { subject: `prisma ${i}`, pipelineId: "support", statusId: "new", source: "manual" } });
            await new Promise((r) => setTimeout(r, 2));
          }),
    );
    const results = await Promise.allSettled(work);
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(4);
    expect(await d.db.ticket.count()).toBe(before + 36);
  });
});
