// A target's own retry limits: rows of a target that declares them (webhooks) are retried past the
// dispatcher's attempts with its own longest wait; other targets' rows keep the dispatcher's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testCore, type TestCore } from "../../test/harness.js";
import { emailRow, recorder, tickets } from "../../test/outbox-kit.js";
import { silentLogger } from "../log.js";
import { DeliveryError } from "./delivery.js";
import { OutboxDispatcher } from "./dispatcher.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

const rowOf = (target: string) => t.prisma.outbox.findFirstOrThrow({ where: { target } });

describe("per-target retry limits", () => {
  it("retries a declaring target's row past the dispatcher's attempts, capped by its own wait; an email row is unchanged", async () => {
    const [forEmail] = await tickets(t, 1);
    await emailRow(t, forEmail!);
    // As webhook rows are written: outside any ticket's chain.
    const at = t.deps.now();
    await t.deps.db
      .insertInto("Outbox")
      .values({ id: "wh-1", target: "webhook", topic: "ticket.created", payload: "{}", createdAt: at, nextAttemptAt: at })
      .execute();
    const email = recorder(() => new DeliveryError("smtp down"));
    const webhook = Object.assign(
      recorder(() => new DeliveryError("receiver down")),
      { retry: { maxAttempts: 6, backoffMaxMs: 5_000 } },
    );
    const d = new OutboxDispatcher({ deps: t.deps, targets: { email, webhook }, log: silentLogger, maxAttempts: 3, backoffBaseMs: 1_000 });

    for (let i = 0; i < 3; i++) {
      await d.runOnce();
      t.advance(60_000);
    }
    expect(await rowOf("email")).toMatchObject({ status: "failed", attempts: 3, lastError: "smtp down" });
    expect(email.seen).toHaveLength(3);
    expect(await rowOf("webhook")).toMatchObject({ status: "pending", attempts: 3 });

    await d.runOnce();
    await d.runOnce(); // attempt 4 made; its wait (8 s doubled from 1 s) is cut to the target's 5 s, give or take a quarter
    const waiting = await rowOf("webhook");
    expect(waiting.attempts).toBe(4);
    expect(waiting.nextAttemptAt.getTime() - t.deps.now().getTime()).toBeLessThanOrEqual(6_250);
    expect(waiting.nextAttemptAt.getTime() - t.deps.now().getTime()).toBeGreaterThanOrEqual(3_750);

    for (let i = 0; i < 4; i++) {
      t.advance(60_000);
      await d.runOnce();
    }
    expect(await rowOf("webhook")).toMatchObject({ status: "failed", attempts: 6, lastError: "receiver down" });
    expect(webhook.seen).toHaveLength(6);
    expect(email.seen).toHaveLength(3);
  });
});
