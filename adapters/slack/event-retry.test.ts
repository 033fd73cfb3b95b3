// Slack is answered as soon as an event arrives, so it never sends one again: a passing fault
// while handling it (the database dropping a connection) must not lose what a customer wrote. The
// handler tries again a little later; failing still, it says which message it lost (never its text).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type CoreDeps, type Logger, silentLogger } from "../../core/index.js";
import { testCore, type TestCore } from "../../test/harness.js";
import { handleEventOnce, type SlackContext } from "./context.js";
import { slackTestApp } from "./testing/app.js";
import { channelMessage, customerConfig, memberOf } from "./testing/customers.js";
import { eventCallback, teamId } from "./testing/requests.js";
import { fakeSlackApi, type FakeSlackApi } from "./testing/slack-api.js";

let t: TestCore;
let api: FakeSlackApi;

beforeAll(async () => {
  t = await testCore(customerConfig);
});
afterAll(() => t.close());
beforeEach(() => {
  api = fakeSlackApi();
});
afterEach(() => api.done());

/** The core's database, whose next `failures` transactions fail as a dropped connection does. */
function flakyDeps(failures: { left: number }): CoreDeps {
  const db = new Proxy(t.deps.db, {
    get(target, prop, receiver) {
      if (prop === "transaction" && failures.left > 0) {
        failures.left--;
        throw Object.assign(new Error("Connection terminated unexpectedly"), { code: "ECONNRESET" });
      }
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { ...t.deps, db };
}

describe("a customer's message whose handling fails for a moment", () => {
  it("still opens its ticket", async () => {
    const failures = { left: 0 };
    const s = slackTestApp({ ...t, deps: flakyDeps(failures) }, { customerChannels: [{ channel: "CCUST" }] });
    memberOf(api, "U0LIV", teamId, { real_name: "Liv" });
    const e = channelMessage("CCUST", "U0LIV", "Checkout is broken");
    failures.left = 1;
    await s.send(eventCallback(`Ev${e.ts}`, e, { nowMs: s.nowMs() }));
    expect(failures.left).toBe(0);
    const link = await t.prisma.chatLink.findFirst({ where: { role: "origin", channelId: "CCUST", messageId: e.ts } });
    expect(link).not.toBeNull();
    await s.dispatcher.runOnce();
  });
});

describe("an event that keeps failing", () => {
  it("is tried a few times, then logged by channel and ts without its text, and its claim given back", async () => {
    const errors: Record<string, unknown>[] = [];
    const log: Logger = { ...silentLogger, error: (_m, fields) => void errors.push(fields ?? {}), child: () => log };
    const ctx: SlackContext = { deps: t.deps, log, workerId: "w1", eventRetryDelaysMs: [1, 1] };
    let tries = 0;
    const work = () => {
      tries++;
      return Promise.reject(new Error("Connection terminated unexpectedly"));
    };
    await expect(handleEventOnce(ctx, "EvLost", work, undefined, { channel: "CCUST", ts: "1767605999.000100" })).rejects.toThrow();
    expect(tries).toBe(3);
    expect(errors).toEqual([
      { event: "EvLost", channel: "CCUST", ts: "1767605999.000100", tries: 3, err: "Connection terminated unexpectedly" },
    ]);
    // Given back: a later delivery of the same event is handled.
    let handled = false;
    await handleEventOnce(ctx, "EvLost", async () => void (handled = true));
    expect(handled).toBe(true);
  });
});
