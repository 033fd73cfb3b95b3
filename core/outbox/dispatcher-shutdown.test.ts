// The outbox dispatcher under failure: a database error on one row, a send that hangs past its
// hold, and new tickets not kept waiting behind a long chain of slow sends.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testCore, type TestCore } from "../../test/harness.js";
import { capturing, emailRow, gate, recorder, sleep, tickets } from "../../test/outbox-kit.js";
import { silentLogger } from "../log.js";
import { type DeliveryTarget } from "./delivery.js";
import { OutboxDispatcher } from "./dispatcher.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

describe("OutboxDispatcher: errors and shutdown", () => {
  /** The test database, but an update of an outbox row that `failOn` picks (by its query tree, as JSON) throws. */
  function failingOutcome(failOn: (query: string) => boolean): typeof t.deps {
    const db = t.deps.db.withPlugin({
      transformQuery({ node }) {
        if (node.kind === "UpdateQueryNode" && JSON.stringify(node).includes('"Outbox"') && failOn(JSON.stringify(node)))
          throw new Error("database went away");
        return node;
      },
      transformResult: async ({ result }) => result,
    });
    return { ...t.deps, db };
  }

  it("a database error on one row neither ends the others nor lets stop() return before they finish", async () => {
    const ids = await tickets(t, 4);
    for (const [i, id] of ids.entries()) await emailRow(t, id, `e-${i}`);
    const first = await t.prisma.outbox.findFirstOrThrow({ where: { payload: { contains: '"e-0"' } } });
    const deps = failingOutcome((q) => q.includes(`"${first.id}"`) && q.includes('"done"'));
    const gates = new Map<string, ReturnType<typeof gate>>();
    const began = new Map<string, ReturnType<typeof gate>>();
    for (let i = 0; i < 4; i++) {
      gates.set(`e-${i}`, gate());
      began.set(`e-${i}`, gate());
    }
    let inFlight = 0;
    let most = 0;
    const done: string[] = [];
    const target: DeliveryTarget = {
      async deliver(row) {
        const m = String(row.payload.messageId);
        most = Math.max(most, ++inFlight);
        began.get(m)!.open();
        await gates.get(m)!.wait;
        inFlight--;
        done.push(m);
      },
    };
    const log = capturing();
    const d = new OutboxDispatcher({ deps, targets: { email: target }, log, concurrency: 2, pollMs: 5 });
    d.start();
    await Promise.all([began.get("e-0")!.wait, began.get("e-1")!.wait]);
    gates.get("e-0")!.open(); // its send succeeds, writing its outcome fails
    await began.get("e-2")!.wait; // the worker goes on with the next ticket
    await sleep(50); // several polls: none may claim past `concurrency`
    expect(most).toBe(2);
    let stopped = false;
    const stopping = d.stop().then(() => (stopped = true));
    await sleep(30);
    expect(stopped).toBe(false);
    gates.get("e-1")!.open();
    gates.get("e-2")!.open();
    await stopping;
    expect(most).toBe(2);
    const rows = await t.prisma.outbox.findMany({ where: { target: "email" } });
    const status = (m: string) => rows.find((r) => r.payload.includes(`"${m}"`))?.status;
    expect([status("e-0"), status("e-1"), status("e-2"), status("e-3")]).toEqual(["pending", "done", "done", "pending"]);
    expect(log.lines).toContainEqual(
      expect.objectContaining({
        level: "error",
        fields: expect.objectContaining({ err: expect.stringMatching(/database went away/), outboxId: first.id }),
      }),
    );
  });

  it("stops renewing a send that hangs past maxHoldMs, so another replica takes its row over, and stop() does not wait for it for ever", async () => {
    const [id] = await tickets(t, 1);
    await emailRow(t, id!, "h-0");
    const began = gate();
    const hangs: DeliveryTarget = {
      async deliver() {
        began.open();
        await new Promise(() => {}); // never settles
      },
    };
    const logA = capturing();
    const a = new OutboxDispatcher({
      deps: t.deps,
      targets: { email: hangs },
      log: logA,
      workerId: "a",
      leaseMs: 30,
      maxHoldMs: 1_000,
      stopGraceMs: 50,
      pollMs: 5,
    });
    a.start();
    await began.wait;
    await sleep(40); // renewed while within maxHoldMs
    const email = recorder();
    const b = new OutboxDispatcher({ deps: t.deps, targets: { email }, log: silentLogger, workerId: "b", leaseMs: 30 });
    expect(await b.runOnce()).toBe(0);
    t.advance(1_000);
    await sleep(40);
    expect(logA.lines).toContainEqual(expect.objectContaining({ level: "warn", msg: expect.stringMatching(/ran past maxHoldMs/) }));
    t.advance(31); // the last lease taken runs out
    expect(await b.runOnce()).toBe(1);
    expect(email.seen.map((r) => r.payload.messageId)).toEqual(["h-0"]);
    const started = Date.now();
    await a.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(logA.lines).toContainEqual(
      expect.objectContaining({
        level: "warn",
        msg: expect.stringMatching(/stopped with sends still in flight/),
        fields: expect.objectContaining({ inFlight: 1 }),
      }),
    );
  });

  it("a new ticket's row is delivered while another ticket's long chain of slow sends is still under way", async () => {
    const [long, fresh] = await tickets(t, 2);
    for (let k = 0; k < 10; k++) await emailRow(t, long!, `long-${k}`);
    const seen: string[] = [];
    const began = gate();
    const slow: DeliveryTarget = {
      async deliver(row) {
        began.open();
        await sleep(20);
        seen.push(String(row.payload.messageId));
      },
    };
    const d = new OutboxDispatcher({
      deps: t.deps,
      targets: { email: slow },
      log: silentLogger,
      concurrency: 2,
      pollMs: 5,
      rowsPerChainPerPass: 2,
    });
    d.start();
    await began.wait;
    await emailRow(t, fresh!, "fresh-0");
    for (let i = 0; i < 200 && seen.length < 11; i++) await sleep(10);
    await d.stop();
    expect(seen).toHaveLength(11);
    expect(seen.filter((m) => m.startsWith("long-"))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => `long-${k}`));
    // Read at the next poll, not only after the whole chain went out.
    expect(seen.indexOf("fresh-0")).toBeLessThan(6);
  });
});
