import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { createApiToken } from "../api-tokens/create-api-token.js";
import { createTicket } from "../tickets/create-ticket.js";
import { beginRequest, type BeginRequestResult, type IdempotencyClaim } from "./begin-request.js";
import { idempotencyCommitHook } from "./commit-hook.js";
import { abandonRequest, finishRequest, purgeIdempotencyRecords } from "./finish-request.js";

let t: TestCore;
let tokenId: string;
let otherTokenId: string;
beforeAll(async () => {
  t = await testCore();
  tokenId = (await createApiToken(t.deps, { name: "one", agentId: "bob" }, as.ada)).token.id;
  otherTokenId = (await createApiToken(t.deps, { name: "two", agentId: "cy" }, as.ada)).token.id;
});
afterAll(() => t.close());

/** The claim of a request that may go ahead. */
function claimed(r: BeginRequestResult): IdempotencyClaim {
  if (r.state !== "new") throw new Error(`expected a new claim, got ${r.state}`);
  return r.claim;
}

/** When a run that has not answered may be taken over by a retry (5 minutes after it began). */
const staleAt = (c: IdempotencyClaim) => new Date(c.startedAt.getTime() + 5 * 60_000);

const asAnswer = (r: unknown) => ({ status: 201, body: JSON.stringify({ id: (r as { id: number }).id }) });

describe("idempotency keys", () => {
  it("lets the first request run, tells a retry it is still running, then replays its response", async () => {
    const req = { tokenId, key: "k1", requestHash: "h1" };
    const claim = claimed(await beginRequest(t.deps, req));
    expect(claim).toEqual({ tokenId, key: "k1", startedAt: t.deps.now() });
    expect(await beginRequest(t.deps, req)).toEqual({ state: "running", staleAt: staleAt(claim) });
    await finishRequest(t.deps, { ...claim, status: 201, body: '{"id":7}' });
    expect(await beginRequest(t.deps, req)).toEqual({ state: "replay", status: 201, body: '{"id":7}' });
    expect(await beginRequest(t.deps, { ...req, requestHash: "h2" })).toEqual({ state: "mismatch" });
    // Keys are per token.
    expect((await beginRequest(t.deps, { ...req, tokenId: otherTokenId })).state).toBe("new");
  });

  it("lets exactly one of racing requests with the same key run", async () => {
    const req = { tokenId, key: "race", requestHash: "h" };
    const all = await Promise.all(Array.from({ length: 8 }, () => beginRequest(t.deps, req)));
    expect(all.filter((r) => r.state === "new")).toHaveLength(1);
    expect(all.filter((r) => r.state === "running")).toHaveLength(7);
  });

  it("gives an abandoned key back, and takes over one whose request never answered", async () => {
    const req = { tokenId, key: "k2", requestHash: "h" };
    await abandonRequest(t.deps, claimed(await beginRequest(t.deps, req)));
    const first = claimed(await beginRequest(t.deps, req));
    t.advance(5 * 60_000 + 1);
    const second = claimed(await beginRequest(t.deps, req));
    expect(await beginRequest(t.deps, req)).toEqual({ state: "running", staleAt: staleAt(second) });
    // The run that was taken over can neither give the key back nor answer it.
    await abandonRequest(t.deps, first);
    await finishRequest(t.deps, { ...first, status: 200, body: "{}" });
    expect(await beginRequest(t.deps, req)).toEqual({ state: "running", staleAt: staleAt(second) });
    await finishRequest(t.deps, { ...second, status: 201, body: "{}" });
    expect(await beginRequest(t.deps, req)).toEqual({ state: "replay", status: 201, body: "{}" });
  });

  it("forgets a key once it expires, and the sweep deletes it", async () => {
    const req = { tokenId, key: "k3", requestHash: "h", ttlMs: 1000 };
    const claim = claimed(await beginRequest(t.deps, req));
    await finishRequest(t.deps, { ...claim, status: 200, body: "{}" });
    t.advance(1000);
    expect((await beginRequest(t.deps, { ...req, requestHash: "other" })).state).toBe("new");
    t.advance(24 * 3_600_000 + 1000);
    expect(await purgeIdempotencyRecords(t.deps.db, t.deps.now())).toBeGreaterThan(0);
    expect(await t.prisma.idempotencyRecord.count()).toBe(0);
  });
});

describe("the answer stored with the request's transaction", () => {
  it("commits with the effect: a retry is answered it, even when nothing stored the answer after", async () => {
    const req = { tokenId, key: "stamped", requestHash: "h" };
    const hook = idempotencyCommitHook(claimed(await beginRequest(t.deps, req)), asAnswer);
    const ticket = await createTicket({ ...t.deps, commitHook: hook }, { subject: "stamped once" }, as.bob);
    expect(hook.state).toBe("committed");
    // The process dies here, before finishRequest; a retry, however late, replays.
    t.advance(10 * 60_000);
    expect(await beginRequest(t.deps, req)).toEqual({ state: "replay", status: 201, body: JSON.stringify({ id: ticket.id }) });
  });

  it("is rolled back with a refused request, which then stores its refusal the usual way", async () => {
    const req = { tokenId, key: "refused", requestHash: "h" };
    const claim = claimed(await beginRequest(t.deps, req));
    const hook = idempotencyCommitHook(claim, asAnswer);
    await expect(createTicket({ ...t.deps, commitHook: hook }, { subject: "x", teamId: "nope" }, as.bob)).rejects.toMatchObject({
      code: "invalid",
    });
    expect(hook.state).toBe("idle");
    expect(await beginRequest(t.deps, req)).toEqual({ state: "running", staleAt: staleAt(claim) });
    await finishRequest(t.deps, { ...claim, status: 400, body: "{}" });
    expect(await beginRequest(t.deps, req)).toEqual({ state: "replay", status: 400, body: "{}" });
  });

  it("refuses, and rolls back, a run that a retry took over: the request takes effect once", async () => {
    const req = { tokenId, key: "slow", requestHash: "h" };
    const slow = claimed(await beginRequest(t.deps, req));
    t.advance(5 * 60_000 + 1);
    const retry = claimed(await beginRequest(t.deps, req));
    await expect(
      createTicket({ ...t.deps, commitHook: idempotencyCommitHook(slow, asAnswer) }, { subject: "taken over" }, as.bob),
    ).rejects.toMatchObject({ code: "conflict" });
    expect(await t.prisma.ticket.count({ where: { subject: "taken over" } })).toBe(0);
    await createTicket({ ...t.deps, commitHook: idempotencyCommitHook(retry, asAnswer) }, { subject: "taken over" }, as.bob);
    expect(await t.prisma.ticket.count({ where: { subject: "taken over" } })).toBe(1);
    expect((await beginRequest(t.deps, req)).state).toBe("replay");
  });
});
