// The lease's edges: a holder that cannot reach the database lets go once its lease has run out,
// and a connection that ended on its own is given back and opened afresh on the next tick.
import { afterAll, beforeAll, expect, it } from "vitest";
import { silentLogger } from "../log.js";
import { testCore, type TestCore } from "../../test/harness.js";
import { SingleHolderLease } from "./single-holder-lease.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

function lease(name: string, events: string[], deps = t.deps) {
  return new SingleHolderLease({
    deps,
    log: silentLogger,
    name,
    label: name,
    workerId: `w-${name}`,
    ttlMs: 30_000,
    renewMs: 10_000,
    connect: async () => void events.push("connect"),
    disconnect: async () => void events.push("disconnect"),
  });
}

it("lets go once its lease has run out while the database is away", async () => {
  const events: string[] = [];
  let down = false;
  // The same database, except that every query of the lease table fails while `down` is set.
  const builders = new Set(["selectFrom", "insertInto", "updateTable", "deleteFrom"]);
  const db = new Proxy(t.deps.db, {
    get: (target, key) => {
      const v = Reflect.get(target, key);
      if (typeof key !== "string" || !builders.has(key)) return v;
      return (table: string) => {
        if (down && table === "Lease") throw new Error("connection refused");
        return (v as (t: string) => unknown).call(target, table);
      };
    },
  });
  const l = lease("flaky", events, { ...t.deps, db });
  expect(await l.tick()).toBe(true);
  down = true;
  t.advance(20_000);
  // Within its lease, the holder keeps the connection through a database outage.
  expect(await l.tick()).toBe(true);
  expect(events).toEqual(["connect"]);
  t.advance(11_000);
  expect(await l.tick()).toBe(false);
  expect(events).toEqual(["connect", "disconnect"]);
  down = false;
  expect(await l.tick()).toBe(true);
  expect(events).toEqual(["connect", "disconnect", "connect"]);
  await l.stop();
});

it("gives the lease back when the connection is lost, and opens a new one on the next tick", async () => {
  const events: string[] = [];
  const l = lease("lost", events);
  expect(await l.tick()).toBe(true);
  await l.lost();
  expect(l.held).toBe(false);
  expect(await t.prisma.lease.count({ where: { name: "lost" } })).toBe(0);
  expect(await l.tick()).toBe(true);
  expect(events).toEqual(["connect", "disconnect", "connect"]);
  await l.stop();
});

it("lets go at once when its lease was taken over while it was still connecting", async () => {
  const events: string[] = [];
  const other = lease("slow", []);
  const l = new SingleHolderLease({
    deps: t.deps,
    log: silentLogger,
    name: "slow",
    label: "slow",
    workerId: "w-slow-first",
    ttlMs: 30_000,
    connect: async () => {
      // The login outlasts the lease, and another replica takes it meanwhile.
      t.advance(31_000);
      expect(await other.tick()).toBe(true);
      events.push("connect");
    },
    disconnect: async () => void events.push("disconnect"),
  });
  expect(await l.tick()).toBe(false);
  expect(events).toEqual(["connect", "disconnect"]);
  expect((await t.prisma.lease.findUniqueOrThrow({ where: { name: "slow" } })).holder).toBe("w-slow");
  await other.stop();
  await l.stop();
});
