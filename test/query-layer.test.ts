// The query layer on either provider: types mapped both ways, transactions all or nothing, unique
// violations recognisable, and on SQLite one connection that a statement outside a transaction
// waits for rather than joining the open transaction.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isUniqueViolation } from "../core/db-errors.js";
import { newId } from "../core/ids.js";
import { freshDatabase, testProvider, type TestDatabase } from "./harness.js";

let d: TestDatabase;
beforeAll(async () => {
  d = await freshDatabase();
});
afterAll(() => d.drop());

const ticket = (subject: string, at = new Date()) => ({
  subject,
  pipelineId: "support",
  statusId: "new",
  source: "manual",
  open: true,
  createdAt: at,
  updatedAt: at,
});
const count = async () =>
  Number(
    (
      await d.db
        .selectFrom("Ticket")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe(`query layer (${testProvider})`, () => {
  it("commits what the transaction wrote, with dates and booleans as the other reader sees them", async () => {
    const at = new Date("2026-02-03T04:05:06.789Z");
    const row = await d.db
      .transaction()
      .execute((tx) =>
        tx.insertInto("Ticket").values(ticket("typed", at)).returning(["id", "open", "createdAt"]).executeTakeFirstOrThrow(),
      );
    expect(row).toEqual({ id: expect.any(Number), open: true, createdAt: at });
    expect(await d.prisma.ticket.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      subject: "typed",
      open: true,
      quarantined: false,
      createdAt: at,
    });
    // A column read under another name keeps its type.
    const aliased = await d.db
      .selectFrom("Ticket")
      .select(["createdAt as made", "open as isOpen"])
      .where("id", "=", row.id)
      .executeTakeFirstOrThrow();
    expect(aliased).toEqual({ made: at, isOpen: true });
  });

  it("rolls back everything when the function throws", async () => {
    const before = await count();
    await expect(
      d.db.transaction().execute(async (tx) => {
        await tx.insertInto("Ticket").values(ticket("doomed")).execute();
        throw new Error("nope");
      }),
    ).rejects.toThrow("nope");
    expect(await count()).toBe(before);
  });

  it("reports unique violations recognisably", async () => {
    const t = await d.db.insertInto("Ticket").values(ticket("r")).returning("id").executeTakeFirstOrThrow();
    const messageId = newId();
    await d.db
      .insertInto("Message")
      .values({ id: messageId, ticketId: t.id, kind: "INBOUND", text: "x", channel: "email", createdAt: new Date() })
      .execute();
    const ref = () =>
      d.db
        .insertInto("MessageRef")
        .values({ id: newId(), messageId, system: "email", externalId: "<dup@x>", externalIdHash: "same-hash" })
        .execute();
    await ref();
    expect(isUniqueViolation(await ref().catch((e: unknown) => e))).toBe(true);
  });

  it("interleaves transactions and single statements without losing or mixing writes", async () => {
    const before = await count();
    const work = Array.from({ length: 40 }, (_, i) =>
      i % 2
        ? d.db.transaction().execute(async (tx) => {
            await tx
              .insertInto("Ticket")
              .values(ticket(`tx ${i}`))
              .execute();
            await new Promise((r) => setTimeout(r, 2));
            if (i % 10 === 1) throw new Error("rollback this one");
          })
        : d.db
            .insertInto("Ticket")
            .values(ticket(`single ${i}`))
            .execute(),
    );
    const results = await Promise.allSettled(work);
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(4);
    expect(await count()).toBe(before + 36);
  });

  it.runIf(testProvider === "sqlite")(
    "makes a statement from outside a transaction wait for the open one instead of joining it",
    async () => {
      const before = await count();
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let inserted!: () => void;
      const wrote = new Promise<void>((r) => (inserted = r));
      const open = d.db.transaction().execute(async (tx) => {
        await tx.insertInto("Ticket").values(ticket("inside, rolled back")).execute();
        inserted();
        await held;
        throw new Error("roll back");
      });
      await wrote;
      // Issued while the transaction is open: on a shared connection it would see (and be rolled
      // back with) the uncommitted row.
      const outside = d.db.insertInto("Ticket").values(ticket("outside, kept")).returning("id").executeTakeFirstOrThrow();
      const seen = d.db.selectFrom("Ticket").select("subject").where("subject", "=", "inside, rolled back").execute();
      let outsideDone = false;
      void outside.then(() => (outsideDone = true));
      await new Promise((r) => setTimeout(r, 50));
      expect(outsideDone).toBe(false);
      release();
      await expect(open).rejects.toThrow("roll back");
      const kept = await outside;
      expect(await seen).toEqual([]);
      expect(await d.prisma.ticket.findUnique({ where: { id: kept.id } })).toMatchObject({ subject: "outside, kept" });
      expect(await count()).toBe(before + 1);
    },
  );
});
