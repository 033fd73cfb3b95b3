import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import type { Db } from "../db.js";
import { createTicket } from "../tickets/create-ticket.js";
import { claimRow, dueRowColumns, finishClaim, holdLease, type Claim } from "./claim-row.js";
import { enqueue } from "./enqueue.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quiet = { onLost: () => {}, onError: () => {} };

/** A fresh email row, claimed. */
async function claimed(leaseMs: number): Promise<Claim> {
  await t.prisma.outbox.deleteMany({});
  const { id } = await createTicket(t.deps, { subject: "lease" }, as.bob);
  await t.prisma.outbox.deleteMany({});
  await t.deps.db
    .transaction()
    .execute((tx) => enqueue(tx, t.deps.now(), { target: "email", topic: "email.reply", payload: { ticketId: id, messageId: "m" } }));
  const due = await t.deps.db.selectFrom("Outbox").select(dueRowColumns).where("target", "=", "email").executeTakeFirstOrThrow();
  const claim = await claimRow(t.deps.db, due, { now: t.deps.now(), workerId: "w", leaseMs });
  if (!claim) throw new Error("not claimed");
  return claim;
}

describe("holdLease", () => {
  it("runs one renewal at a time, and release() waits for a slow one", async () => {
    let calls = 0;
    let running = 0;
    let most = 0;
    let openFirst!: () => void;
    const firstHeld = new Promise<void>((r) => (openFirst = r));
    let firstSettled = false;
    // A stand-in for the query builder whose renewal UPDATE hangs the first time.
    const update = {
      set: () => update,
      where: () => update,
      async executeTakeFirst() {
        const n = ++calls;
        most = Math.max(most, ++running);
        if (n === 1) {
          await firstHeld;
          firstSettled = true;
        }
        running--;
        return { numUpdatedRows: 1n };
      },
    };
    const db = { updateTable: () => update } as unknown as Db;
    const claim: Claim = { row: { id: "x", ticketId: null, target: "email", topic: "t", payload: {}, attempts: 1 }, token: "w:1" };
    const lease = holdLease(db, claim, { now: t.deps.now, leaseMs: 30, ...quiet });
    await sleep(80); // several renewal periods while the first renewal hangs
    expect(calls).toBe(1);
    let released = false;
    const releasing = lease.release().then(() => (released = true));
    await sleep(20);
    expect(released).toBe(false);
    openFirst();
    await releasing;
    expect(firstSettled).toBe(true);
    await sleep(40);
    expect(calls).toBe(1);
    expect(most).toBe(1);
  });

  it("never locks a row again once its attempt's outcome was written", async () => {
    const claim = await claimed(30);
    const lease = holdLease(t.deps.db, claim, { now: t.deps.now, leaseMs: 30, ...quiet });
    // The outcome (a retry) is written while a renewal may still come: the row keeps the token.
    expect(await finishClaim(t.deps.db, claim, { lastError: "451", nextAttemptAt: new Date(t.deps.now().getTime() + 60_000) })).toBe(true);
    await sleep(60);
    await lease.release();
    expect(await t.prisma.outbox.findFirstOrThrow({ where: { id: claim.row.id } })).toMatchObject({
      status: "pending",
      lockedBy: claim.token,
      lockedUntil: null,
    });
  });
});
