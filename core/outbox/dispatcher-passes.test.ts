// The outbox dispatcher's passes: due jobs run beside the deliveries rather than after them, and
// stopping and starting again, even while a pass is under way, leaves one loop running.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testCore, type TestCore } from "../../test/harness.js";
import { emailRow, gate, sleep, tickets } from "../../test/outbox-kit.js";
import { withTx } from "../deps.js";
import { scheduleJob } from "../jobs/schedule.js";
import { silentLogger } from "../log.js";
import { type DeliveryTarget } from "./delivery.js";
import { OutboxDispatcher } from "./dispatcher.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

/** A dispatcher that counts its passes, and how many ran at once at most. */
class CountingDispatcher extends OutboxDispatcher {
  passes = 0;
  most = 0;
  #active = 0;
  override async runOnce(pass?: { rowsPerChain?: number }): Promise<number> {
    this.passes++;
    this.most = Math.max(this.most, ++this.#active);
    try {
      return await super.runOnce(pass);
    } finally {
      this.#active--;
    }
  }
}

describe("OutboxDispatcher: passes", () => {
  it("runs a due job while a slow delivery of the same pass is still being sent", async () => {
    const [id] = await tickets(t, 1);
    await emailRow(t, id!, "slow-0");
    await withTx(t.deps, (tx) => scheduleJob(tx, t.deps.now(), { key: "sla:due", topic: "test.timer", dueAt: t.deps.now() }));
    const sending = gate();
    const release = gate();
    const fired = gate();
    const ran: string[] = [];
    const slow: DeliveryTarget = {
      async deliver() {
        sending.open();
        await release.wait;
      },
    };
    const d = new OutboxDispatcher({
      deps: t.deps,
      targets: { email: slow },
      jobs: {
        "test.timer": (_tx, job) => {
          ran.push(job.key ?? "");
          fired.open();
          return Promise.resolve();
        },
      },
      log: silentLogger,
    });
    const pass = d.runOnce();
    await sending.wait;
    await Promise.race([fired.wait, sleep(2_000)]);
    expect(ran).toEqual(["sla:due"]);
    release.open();
    expect(await pass).toBe(2);
    expect(await t.prisma.outbox.count({ where: { status: "done" } })).toBe(2);
  });

  it("runs one loop when started again while the pass that stop() interrupted is still under way", async () => {
    const [id] = await tickets(t, 1);
    await emailRow(t, id!, "before-restart");
    const sending = gate();
    const release = gate();
    const sent: unknown[] = [];
    const slow: DeliveryTarget = {
      async deliver(row) {
        sending.open();
        await release.wait;
        sent.push(row.payload.messageId);
      },
    };
    // Idle, a loop sleeps for ten minutes between passes: every pass counted here is one a loop began.
    const d = new CountingDispatcher({ deps: t.deps, targets: { email: slow }, log: silentLogger, pollMs: 600_000 });
    d.start();
    d.start();
    await sending.wait;
    const stopping = d.stop();
    d.start();
    d.start();
    await sleep(50);
    // The interrupted pass is still sending: the new run waits for it instead of passing beside it.
    expect(d.passes).toBe(1);
    release.open();
    await stopping;
    await sleep(100);
    // The interrupted pass, then the new run's first one, which found nothing and sleeps.
    expect(d.passes).toBe(2);
    expect(sent).toEqual(["before-restart"]);

    // The new run is one loop that works: a wake makes one more pass, which delivers a new row.
    await emailRow(t, id!, "after-restart");
    d.wake();
    for (let i = 0; i < 100 && sent.length < 2; i++) await sleep(10);
    await sleep(50);
    expect(sent).toEqual(["before-restart", "after-restart"]);
    expect(d.passes).toBe(4); // the one that delivered, then one that found nothing more
    expect(d.most).toBe(1);
    await Promise.all([d.stop(), d.stop()]);
  });
});
