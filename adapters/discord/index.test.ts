// The gateway session on one replica: of two adapters sharing a database, one logs in; when it
// stops, the other takes over. A login Discord refuses lets the lease go.
import { afterAll, beforeAll, expect, it } from "vitest";
import { silentLogger } from "../../core/log.js";
import { testCore, type TestCore } from "../../test/harness.js";
import { createDiscordAdapter, gatewayLeaseName, loginProblem, type DiscordAdapter } from "./index.js";
import { testToken } from "./testing/client.js";
import { FORUM } from "./testing/payloads.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

function replica(name: string, logins: string[], fail = false): DiscordAdapter {
  return createDiscordAdapter({
    deps: t.deps,
    log: silentLogger,
    settings: { token: testToken, forums: [{ channel: FORUM }] },
    leaseTtlMs: 300,
    leaseRenewMs: 50,
    login: async () => {
      if (fail) throw Object.assign(new Error("An invalid token was provided."), { code: "TokenInvalid" });
      logins.push(name);
    },
  });
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

it("keeps one gateway session among replicas and hands it over when the holder stops", async () => {
  const logins: string[] = [];
  const a = replica("a", logins);
  const b = replica("b", logins);
  await a.start();
  await b.start();
  await wait(150);
  expect(logins).toEqual(["a"]);
  expect(a.client()).not.toBeNull();
  expect(b.client()).toBeNull();
  await a.stop();
  expect(a.client()).toBeNull();
  await wait(200);
  expect(logins).toEqual(["a", "b"]);
  expect((await t.prisma.lease.findUniqueOrThrow({ where: { name: gatewayLeaseName } })).holder).toMatch(/^discord-/);
  await b.stop();
  expect(await t.prisma.lease.count({ where: { name: gatewayLeaseName } })).toBe(0);
});

it("lets the lease go when Discord refuses the login, and says what to fix", async () => {
  const c = replica("c", [], true);
  await c.start();
  expect(c.client()).toBeNull();
  expect(await t.prisma.lease.count({ where: { name: gatewayLeaseName } })).toBe(0);
  await c.stop();
  expect(loginProblem(Object.assign(new Error("Used disallowed intents"), { code: 4014 }))).toMatch(/Message Content Intent/);
  expect(loginProblem(new Error("socket hang up"))).toBe("Discord login failed: socket hang up");
});
