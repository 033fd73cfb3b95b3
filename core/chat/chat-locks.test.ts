// A chat resource's lock is a lease: one holder at a time, released by its holder or taken over
// once it expired; and a notice told once is an expiring key, told again after its window.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testCore, type TestCore } from "../../test/harness.js";
import { lockChatResource, unlockChatResource } from "./chat-locks.js";
import { firstNoticeWithin } from "./told-once.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

describe("lockChatResource", () => {
  it("is one holder's until released", async () => {
    expect(await lockChatResource(t.deps, "test:tags:1", "a", 15_000)).toBe(true);
    expect(await lockChatResource(t.deps, "test:tags:1", "b", 15_000)).toBe(false);
    // Another holder's release leaves it alone.
    await unlockChatResource(t.deps, "test:tags:1", "b");
    expect(await lockChatResource(t.deps, "test:tags:1", "b", 15_000)).toBe(false);
    await unlockChatResource(t.deps, "test:tags:1", "a");
    expect(await lockChatResource(t.deps, "test:tags:1", "b", 15_000)).toBe(true);
    expect((await t.prisma.lease.findUniqueOrThrow({ where: { name: "test:tags:1" } })).holder).toBe("b");
  });

  it("is taken over once its holder's time ran out", async () => {
    expect(await lockChatResource(t.deps, "test:tags:2", "a", 15_000)).toBe(true);
    t.advance(15_001);
    expect(await lockChatResource(t.deps, "test:tags:2", "b", 15_000)).toBe(true);
    expect(await lockChatResource(t.deps, "test:tags:2", "a", 15_000)).toBe(false);
  });

  it("lets racing workers have it one at a time", async () => {
    const won = await Promise.all(["a", "b", "c", "d"].map((h) => lockChatResource(t.deps, "test:tags:3", h, 15_000)));
    expect(won.filter(Boolean)).toHaveLength(1);
  });
});

describe("firstNoticeWithin", () => {
  it("tells once within its window, again after it, and keeps no Lease row", async () => {
    const leases = await t.prisma.lease.count();
    expect(await firstNoticeWithin(t.deps, "test:post:1:user", 60_000)).toBe(true);
    expect(await firstNoticeWithin(t.deps, "test:post:1:user", 60_000)).toBe(false);
    expect(await firstNoticeWithin(t.deps, "test:post:2:user", 60_000)).toBe(true);
    t.advance(60_001);
    expect(await firstNoticeWithin(t.deps, "test:post:1:user", 60_000)).toBe(true);
    expect(await t.prisma.lease.count()).toBe(leases);
  });
});
